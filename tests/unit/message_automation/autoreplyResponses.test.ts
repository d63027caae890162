import { Cooldowns } from '../../../src/plugins/message_automation/lib/autoreply/cooldowns';
import { decide } from '../../../src/plugins/message_automation/lib/autoreply/decide';
import { buildDraft } from '../../../src/plugins/message_automation/lib/autoreply/draft';
import type { AutoReply } from '../../../src/plugins/message_automation/lib/autoreply/kinds';
import { AutoReplyMatcher } from '../../../src/plugins/message_automation/lib/autoreply/matcher';
import { formatResponses, isEmoji, parseResponses, pickResponse } from '../../../src/plugins/message_automation/lib/autoreply/responses';
import { DEFAULT_AUTOREPLY_SETTINGS, parseIdList } from '../../../src/plugins/message_automation/lib/autoreply/scope';
import { lockedMentions, renderResponse, unknownPlaceholders } from '../../../src/plugins/message_automation/lib/autoreply/template';
import { trigger } from './autoreplyFixtures';

const context = {
	authorId: '111111111111111111',
	authorName: 'Alice',
	serverName: 'Tika Test',
	channelId: '222222222222222222',
	args: 'the rest',
	count: 7
};

describe('auto-reply templates', () => {
	it('GIVEN every placeholder THEN each is filled', () => {
		expect(renderResponse('{user} {user.name} {server} {channel} [{args}] #{count}', context)).toBe(
			'<@111111111111111111> Alice Tika Test <#222222222222222222> [the rest] #7'
		);
	});

	it('GIVEN member text containing a placeholder THEN it is not filled again', () => {
		expect(renderResponse('you said {args}', { ...context, args: '{count} {user}' })).toBe('you said {count} {user}');
	});

	it('GIVEN unknown or miscased placeholders THEN they are reported, each once', () => {
		expect(unknownPlaceholders('{usr} {User} {usr} {user} { spaced } {json: 1}')).toEqual(['usr', 'User']);
	});

	it('GIVEN a response that grows past 2,000 characters THEN it is cut to fit a message', () => {
		expect(renderResponse('{args}', { ...context, args: 'x'.repeat(3_000) })).toHaveLength(2_000);
	});

	it('GIVEN any response THEN only the author can be pinged and a reply never pings by itself', () => {
		expect(lockedMentions('111111111111111111')).toEqual({ users: ['111111111111111111'], roles: [], parse: [], repliedUser: false });
	});
});

describe('auto-reply responses', () => {
	it('GIVEN responses separated by || with weights THEN each is read with its weight, spoilers kept', () => {
		expect(parseResponses('3: Good morning! || ||secret|| || 0: off', 'reply')).toEqual({
			ok: true,
			responses: [
				{ text: 'Good morning!', weight: 3 },
				{ text: '||secret||', weight: 1 },
				{ text: 'off', weight: 0 }
			]
		});
		expect(parseResponses('10:30 is the meeting', 'reply')).toMatchObject({ ok: true, responses: [{ text: '10:30 is the meeting', weight: 1 }] });
	});

	it('GIVEN bad responses THEN each is refused with a reason', () => {
		expect(parseResponses('x'.repeat(2_001), 'reply')).toMatchObject({ ok: false, reason: expect.stringContaining('2,001 characters') });
		expect(parseResponses('  ', 'reply')).toMatchObject({ ok: false, reason: 'The response is empty.' });
		expect(parseResponses('0: a || 0: b', 'reply')).toMatchObject({ ok: false, reason: expect.stringContaining('weight 0') });
		expect(parseResponses('101: a', 'reply')).toMatchObject({ ok: false });
		expect(parseResponses('hi {usr}', 'reply')).toMatchObject({ ok: false, reason: expect.stringContaining('`{user}`') });
		expect(parseResponses('hello', 'react')).toMatchObject({ ok: false, reason: expect.stringContaining('emoji') });
	});

	it('GIVEN emoji THEN unicode sequences and custom emoji are accepted, words are not', () => {
		for (const emoji of ['👋', '❤️', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', '<:tika:123456789012345678>', '<a:spin:123456789012345678>'])
			expect(isEmoji(emoji)).toBe(true);
		for (const text of ['hi', '👋 hi', ':wave:', '<:x:1>']) expect(isEmoji(text)).toBe(false);
	});

	it('GIVEN weights THEN the pick follows them, and weight 0 is never picked', () => {
		const responses = [
			{ text: 'a', weight: 0 },
			{ text: 'b', weight: 3 },
			{ text: 'c', weight: 1 }
		];
		expect(pickResponse(responses, () => 0)!.text).toBe('b');
		expect(pickResponse(responses, () => 0.74)!.text).toBe('b');
		expect(pickResponse(responses, () => 0.76)!.text).toBe('c');
		expect(pickResponse(responses, () => 0.999999999)!.text).toBe('c');
		expect(formatResponses(responses)).toBe('0: a || 3: b || 1: c');
		expect(formatResponses([{ text: 'solo', weight: 1 }])).toBe('solo');
	});
});

describe('auto-reply drafts', () => {
	const guild = { channel: (id: string) => id === '333333333333333333', role: (id: string) => id === '444444444444444444' };

	it('GIVEN a new trigger THEN defaults fill in and scopes are read from mentions', () => {
		const built = buildDraft(
			{ trigger: 'Hello', response: 'hi {user}', onlyChannels: '<#333333333333333333>', exceptRoles: '444444444444444444' },
			null,
			guild
		);
		expect(built).toMatchObject({
			ok: true,
			draft: {
				trigger: 'Hello',
				normalized: 'hello',
				match: 'word',
				mode: 'reply',
				chance: 100,
				cooldownSeconds: 0,
				scope: { onlyChannels: ['333333333333333333'], exceptRoles: ['444444444444444444'] }
			}
		});
	});

	it('GIVEN an edit THEN only the given fields change and the rest is re-checked with them', () => {
		const base = buildDraft({ trigger: 'Hello', response: 'hi' }, null, guild);
		if (!base.ok) throw new Error(base.reason);
		const existing: AutoReply = { id: 1, fired: 0, ...base.draft };
		expect(buildDraft({ chance: 50 }, existing, guild)).toMatchObject({
			ok: true,
			draft: { trigger: 'Hello', chance: 50, responses: [{ text: 'hi' }] }
		});
		expect(buildDraft({ mode: 'react' }, existing, guild)).toMatchObject({ ok: false, reason: expect.stringContaining('emoji') });
		expect(buildDraft({ mode: 'react', response: '👋', deleteTrigger: true }, existing, guild)).toMatchObject({ ok: false });
	});

	it('GIVEN channels or roles that are not the server s THEN the list is refused; none clears it', () => {
		expect(parseIdList('<#999999999999999999>', 'channel', guild.channel)).toMatchObject({ ok: false });
		expect(parseIdList('general', 'channel', guild.channel)).toMatchObject({ ok: false });
		expect(parseIdList('none', 'role', guild.role)).toEqual({ ok: true, ids: [] });
	});
});

describe('auto-reply decisions', () => {
	const make = (extra: Partial<AutoReply>) => trigger('hi', 'word', extra);
	const facts = (userId = 'u1', channelId = 'c1') => ({ content: 'hi there', channelId, userId, channelIds: [channelId, 'cat1'], roleIds: ['r1'] });

	it('GIVEN a channel cooldown THEN a second message in that channel is quiet, another channel is not', () => {
		const cooldowns = new Cooldowns();
		const matcher = new AutoReplyMatcher([make({ cooldownSeconds: 30 })]);
		const run = (userId: string, channelId: string, now: number) =>
			decide(matcher, DEFAULT_AUTOREPLY_SETTINGS, facts(userId, channelId), { limit: 1, cooldowns, now }).decisions[0]!.outcome;
		expect(run('u1', 'c1', 0)).toBe('fire');
		expect(run('u2', 'c1', 1_000)).toBe('cooldown');
		expect(run('u1', 'c2', 1_000)).toBe('fire');
		expect(run('u1', 'c1', 30_001)).toBe('fire');
	});

	it('GIVEN a user cooldown THEN only that member waits', () => {
		const cooldowns = new Cooldowns();
		const matcher = new AutoReplyMatcher([make({ cooldownSeconds: 30, cooldownScope: 'user' })]);
		const run = (userId: string, channelId: string) =>
			decide(matcher, DEFAULT_AUTOREPLY_SETTINGS, facts(userId, channelId), { limit: 1, cooldowns, now: 0 }).decisions[0]!.outcome;
		expect(run('u1', 'c1')).toBe('fire');
		expect(run('u1', 'c2')).toBe('cooldown');
		expect(run('u2', 'c1')).toBe('fire');
	});

	it('GIVEN chances THEN 0% never fires and 100% always does; a lost roll starts no cooldown', () => {
		const cooldowns = new Cooldowns();
		const run = (chance: number, roll: number) =>
			decide(new AutoReplyMatcher([make({ chance, cooldownSeconds: 30 })]), DEFAULT_AUTOREPLY_SETTINGS, facts(), {
				limit: 1,
				cooldowns,
				random: () => roll,
				now: 0
			}).decisions[0]!.outcome;
		expect(run(0, 0)).toBe('chance');
		expect(run(50, 0.6)).toBe('chance');
		expect(run(100, 0.999)).toBe('fire');
	});

	it('GIVEN ignore lists THEN a category covers its channels and a role silences its members', () => {
		const matcher = new AutoReplyMatcher([make({})]);
		const cooldowns = new Cooldowns();
		expect(decide(matcher, { ignoredChannels: ['cat1'], ignoredRoles: [] }, facts(), { limit: 1, cooldowns }).ignored).toMatch(/this channel/);
		expect(decide(matcher, { ignoredChannels: [], ignoredRoles: ['r1'] }, facts(), { limit: 1, cooldowns }).ignored).toMatch(/roles/);
	});
});
