import { checkHierarchy, HIERARCHY_REASONS, type HierarchyInput } from '../../../src/plugins/moderation/lib/hierarchy';

const base: HierarchyInput = {
	guildOwnerId: 'owner',
	botId: 'bot',
	moderator: { id: 'mod', topPosition: 5 },
	target: { id: 'member', topPosition: 2 },
	botTopPosition: 10,
	source: 'command'
};
const withInput = (patch: Partial<HierarchyInput>) => checkHierarchy({ ...base, ...patch });

describe('detention hierarchy rules', () => {
	it('GIVEN a moderator and the bot both above the member THEN the detention is allowed', () => {
		expect(withInput({})).toEqual({ ok: true });
	});

	it('GIVEN the target is the bot THEN it is refused as target_is_bot', () => {
		expect(withInput({ target: { id: 'bot', topPosition: 3 } })).toEqual({
			ok: false,
			code: 'target_is_bot',
			reason: HIERARCHY_REASONS.target_is_bot
		});
	});

	it('GIVEN the moderator targets themself THEN it is refused as target_is_self', () => {
		expect(withInput({ target: { id: 'mod', topPosition: 1 } })).toMatchObject({ ok: false, code: 'target_is_self' });
	});

	it('GIVEN the target is the server owner THEN it is refused even when the owner has no roles', () => {
		expect(withInput({ target: { id: 'owner', topPosition: 0 } })).toMatchObject({ ok: false, code: 'target_is_owner' });
	});

	it("GIVEN the moderator's top role equals the member's THEN it is refused as moderator_too_low", () => {
		expect(withInput({ target: { id: 'member', topPosition: 5 } })).toMatchObject({ ok: false, code: 'moderator_too_low' });
	});

	it("GIVEN the moderator's top role is below the member's THEN it is refused as moderator_too_low", () => {
		expect(withInput({ moderator: { id: 'mod', topPosition: 1 } })).toMatchObject({ ok: false, code: 'moderator_too_low' });
	});

	it('GIVEN the moderator is the server owner THEN their role position does not matter', () => {
		expect(withInput({ moderator: { id: 'owner', topPosition: 0 } })).toEqual({ ok: true });
	});

	it("GIVEN the bot's top role equals the member's THEN it is refused as bot_too_low", () => {
		expect(withInput({ botTopPosition: 2 })).toMatchObject({ ok: false, code: 'bot_too_low' });
	});

	it("GIVEN the bot's top role is below the member's THEN it is refused as bot_too_low, even for the owner", () => {
		expect(withInput({ moderator: { id: 'owner', topPosition: 0 }, botTopPosition: 1 })).toMatchObject({ ok: false, code: 'bot_too_low' });
	});

	it("GIVEN a word-filter detention (the bot acts) THEN the moderator's rank and identity are not checked but the bot's rank is", () => {
		expect(withInput({ source: 'filter', moderator: { id: 'bot', topPosition: 0 } })).toEqual({ ok: true });
		expect(withInput({ source: 'filter', moderator: { id: 'member', topPosition: 0 } })).toEqual({ ok: true });
		expect(withInput({ source: 'filter', botTopPosition: 2 })).toMatchObject({ ok: false, code: 'bot_too_low' });
		expect(withInput({ source: 'filter', target: { id: 'owner', topPosition: 0 } })).toMatchObject({ ok: false, code: 'target_is_owner' });
	});

	it('GIVEN several rules fail THEN the most specific identity rule is reported first', () => {
		expect(withInput({ target: { id: 'owner', topPosition: 99 }, botTopPosition: 0 })).toMatchObject({ code: 'target_is_owner' });
		expect(withInput({ target: { id: 'mod', topPosition: 99 } })).toMatchObject({ code: 'target_is_self' });
	});
});
