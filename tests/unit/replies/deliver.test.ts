import { container } from '@sapphire/framework';
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';
import { deliver } from '#core/replies/respond';

interface FakeState {
	deferred?: boolean;
	replied?: boolean;
	command?: boolean;
	replyFails?: unknown;
}

/** An interaction stub recording which of reply / editReply / followUp was used. */
function interaction(state: FakeState = {}) {
	const calls: [string, unknown][] = [];
	const record = (name: string) => async (payload: unknown) => {
		calls.push([name, payload]);
		if (name === 'reply' && state.replyFails) throw state.replyFails;
	};
	const target = {
		deferred: state.deferred ?? false,
		replied: state.replied ?? false,
		isChatInputCommand: () => state.command ?? true,
		isContextMenuCommand: () => false,
		reply: record('reply'),
		editReply: record('editReply'),
		followUp: record('followUp')
	};
	return { target: target as unknown as RepliableInteraction, calls };
}

const payload = { content: 'nope' };

describe('deliver', () => {
	beforeAll(() => {
		container.logger = { warn: jest.fn() } as unknown as typeof container.logger;
	});

	it('GIVEN a fresh interaction THEN it replies ephemerally', async () => {
		const { target, calls } = interaction();
		await deliver(target, payload);
		expect(calls).toEqual([['reply', { ...payload, flags: MessageFlags.Ephemeral }]]);
	});

	it('GIVEN a deferred command THEN it edits the deferred reply instead of answering twice', async () => {
		const { target, calls } = interaction({ deferred: true });
		await deliver(target, payload);
		expect(calls).toEqual([['editReply', payload]]);
	});

	it('GIVEN a button that deferred its update THEN it follows up, so the message holding the button is left alone', async () => {
		const { target, calls } = interaction({ deferred: true, command: false });
		await deliver(target, payload);
		expect(calls).toEqual([['followUp', { ...payload, flags: MessageFlags.Ephemeral }]]);
	});

	it('GIVEN an interaction that already replied THEN it follows up ephemerally', async () => {
		const { target, calls } = interaction({ replied: true });
		await deliver(target, payload);
		expect(calls).toEqual([['followUp', { ...payload, flags: MessageFlags.Ephemeral }]]);
	});

	it('GIVEN the command answered between the check and the reply THEN the "already acknowledged" error turns into a follow-up', async () => {
		const acknowledged = new DiscordAPIError(
			{ code: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, message: 'already acknowledged' },
			RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
			400,
			'POST',
			'/interactions/1/t/callback',
			{}
		);
		const { target, calls } = interaction({ replyFails: acknowledged });
		await deliver(target, payload);
		expect(calls.map(([name]) => name)).toEqual(['reply', 'followUp']);
	});

	it('GIVEN Discord refuses the reply for another reason THEN it is logged, never thrown at the listener', async () => {
		const { target } = interaction({ replyFails: new Error('network down') });
		await expect(deliver(target, payload)).resolves.toBeUndefined();
		expect(container.logger.warn).toHaveBeenCalled();
	});
});
