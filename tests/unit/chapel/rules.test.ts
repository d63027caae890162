import { displayEmoji, emojiKey, parseEmojiList, storedKey, storeEmoji } from '../../../src/plugins/chapel/lib/emoji';
import { decide, statusAfter, type PostSituation } from '../../../src/plugins/chapel/lib/postState';
import {
	channelIneligibility,
	countsAsVote,
	isThresholdValid,
	keepOf,
	messageIneligibility,
	nsfwAllows,
	type MessageFacts
} from '../../../src/plugins/chapel/lib/rules';
import { rules } from './fixtures';

const DAY = 24 * 60 * 60 * 1000;
const facts = (patch: Partial<MessageFacts> = {}): MessageFacts => ({
	channelId: 'general',
	createdAt: Date.now(),
	authorBot: false,
	sourceNsfw: false,
	chapelNsfw: false,
	...patch
});

describe('chapel emojis', () => {
	it('GIVEN unicode and custom emojis in one string THEN each is parsed once, in order', () => {
		const parsed = parseEmojiList('⭐ <:blessed:123456789012345678>, 🌟⭐ a:party:223456789012345678');
		expect(parsed).toEqual({
			ok: true,
			emojis: [
				{ kind: 'custom', id: '123456789012345678', name: 'blessed', animated: false },
				{ kind: 'unicode', name: '⭐' },
				{ kind: 'unicode', name: '🌟' },
				{ kind: 'custom', id: '223456789012345678', name: 'party', animated: true }
			]
		});
	});

	it('GIVEN flags, keycaps and ZWJ sequences THEN each counts as one emoji', () => {
		const parsed = parseEmojiList('🇫🇷 1️⃣ 👩‍🚀');
		expect(parsed.ok && parsed.emojis.map((emoji) => emoji.kind === 'unicode' && emoji.name)).toEqual(['🇫🇷', '1️⃣', '👩‍🚀']);
	});

	it('GIVEN a shortcode, a word or nothing THEN the list is refused and the bad part named', () => {
		expect(parseEmojiList(':star:')).toEqual({ ok: false, reason: 'not_emoji', token: ':star:' });
		expect(parseEmojiList('⭐ star')).toEqual({ ok: false, reason: 'not_emoji', token: 'star' });
		expect(parseEmojiList('  ')).toEqual({ ok: false, reason: 'empty' });
		expect(parseEmojiList('⭐🌟✨💫🔥❤️')).toEqual({ ok: false, reason: 'too_many' });
	});

	it('GIVEN a heart with and without its variation selector THEN both match the same key', () => {
		expect(emojiKey({ id: null, name: '❤️' })).toBe(emojiKey({ id: null, name: '❤' }));
		expect(storedKey('❤️')).toBe('❤');
		expect(emojiKey({ id: '123456789012345678', name: 'blessed' })).toBe('123456789012345678');
		expect(storedKey('a:party:223456789012345678')).toBe('223456789012345678');
	});

	it('GIVEN stored emojis THEN they display as Discord writes them', () => {
		expect(displayEmoji('⭐')).toBe('⭐');
		expect(displayEmoji(storeEmoji({ kind: 'custom', id: '123456789012345678', name: 'blessed', animated: false }))).toBe(
			'<:blessed:123456789012345678>'
		);
		expect(displayEmoji('a:party:223456789012345678')).toBe('<a:party:223456789012345678>');
	});
});

describe('chapel rules', () => {
	it('GIVEN thresholds THEN only whole numbers from 1 to 100 are valid', () => {
		expect([0, 1, 50, 100, 101, 2.5, -1].map(isThresholdValid)).toEqual([false, true, true, true, false, false, false]);
	});

	it('GIVEN no keep threshold THEN posts stay while they reach the threshold; a larger one is capped at it', () => {
		expect(keepOf({ threshold: 5, keepThreshold: null })).toBe(5);
		expect(keepOf({ threshold: 5, keepThreshold: 2 })).toBe(2);
		expect(keepOf({ threshold: 5, keepThreshold: 9 })).toBe(5);
		expect(keepOf({ threshold: 5, keepThreshold: 0 })).toBe(0);
	});

	it('GIVEN NSFW content THEN it never reaches a chapel that is not age-restricted, and an age-restricted one only if allowed', () => {
		expect(nsfwAllows('age_restricted_only', true, false)).toBe(false);
		expect(nsfwAllows('never', true, false)).toBe(false);
		expect(nsfwAllows('age_restricted_only', true, true)).toBe(true);
		expect(nsfwAllows('never', true, true)).toBe(false);
		expect(nsfwAllows('never', false, false)).toBe(true);
	});

	it('GIVEN an NSFW source THEN even a manual highlight is refused for an SFW chapel', () => {
		expect(messageIneligibility(rules(), facts({ sourceNsfw: true }), Date.now(), true)).toBe('nsfw');
	});

	it('GIVEN the chapel channel, an ignored channel or a thread of one THEN messages there are not taken', () => {
		const ignoring = rules({ ignoredChannels: ['memes'] });
		expect(channelIneligibility(ignoring, 'chapel')).toBe('chapel_channel');
		expect(channelIneligibility(ignoring, 'memes')).toBe('ignored_channel');
		expect(channelIneligibility(ignoring, 'thread', 'memes')).toBe('ignored_channel');
		expect(channelIneligibility(ignoring, 'general')).toBeNull();
	});

	it('GIVEN a maximum age THEN older messages are refused unless a moderator sends them', () => {
		const weekOnly = rules({ maxAgeDays: 7 });
		const now = Date.now();
		expect(messageIneligibility(weekOnly, facts({ createdAt: now - 8 * DAY }), now)).toBe('too_old');
		expect(messageIneligibility(weekOnly, facts({ createdAt: now - 6 * DAY }), now)).toBeNull();
		expect(messageIneligibility(weekOnly, facts({ createdAt: now - 8 * DAY }), now, true)).toBeNull();
	});

	it('GIVEN a bot message THEN it is taken only when the chapel allows bot messages', () => {
		expect(messageIneligibility(rules(), facts({ authorBot: true }), Date.now())).toBe('bot_message');
		expect(messageIneligibility(rules({ botMessages: true }), facts({ authorBot: true }), Date.now())).toBeNull();
	});

	it('GIVEN self-votes off THEN the author does not count; bots never do', () => {
		expect(countsAsVote(rules(), 'alice', false, 'alice')).toBe(false);
		expect(countsAsVote(rules({ selfVote: true }), 'alice', false, 'alice')).toBe(true);
		expect(countsAsVote(rules(), 'bob', false, 'alice')).toBe(true);
		expect(countsAsVote(rules({ selfVote: true }), 'bot', true, 'alice')).toBe(false);
	});
});

describe('the chapel post state machine', () => {
	const at = (patch: Partial<PostSituation>): PostSituation => ({
		status: 'none',
		count: 0,
		threshold: 3,
		keep: 3,
		belowKeep: 'remove',
		forced: false,
		eligible: true,
		...patch
	});

	it('GIVEN a message below the threshold THEN nothing happens; at the threshold it is posted', () => {
		expect(decide(at({ count: 2 }))).toBe('none');
		expect(decide(at({ count: 3 }))).toBe('post');
	});

	it('GIVEN a post THEN counts at or above keep update it, below keep remove or freeze it', () => {
		expect(decide(at({ status: 'posted', count: 4 }))).toBe('update');
		expect(decide(at({ status: 'posted', count: 2 }))).toBe('remove');
		expect(decide(at({ status: 'posted', count: 2, belowKeep: 'freeze' }))).toBe('freeze');
		expect(decide(at({ status: 'posted', count: 2, keep: 2 }))).toBe('update');
		expect(decide(at({ status: 'posted', count: 0, keep: 0 }))).toBe('update');
	});

	it('GIVEN a removed post climbing back THEN it is posted again only at the threshold', () => {
		expect(decide(at({ status: 'removed', count: 2 }))).toBe('none');
		expect(decide(at({ status: 'removed', count: 3 }))).toBe('post');
	});

	it('GIVEN a frozen post THEN it stays frozen below keep and thaws at keep', () => {
		expect(decide(at({ status: 'frozen', count: 1, keep: 2, belowKeep: 'freeze' }))).toBe('none');
		expect(decide(at({ status: 'frozen', count: 2, keep: 2, belowKeep: 'freeze' }))).toBe('unfreeze');
	});

	it('GIVEN a withdrawn or deleted post THEN nothing brings it back', () => {
		expect(decide(at({ status: 'withdrawn', count: 50 }))).toBe('none');
		expect(decide(at({ status: 'deleted', count: 50, forced: true }))).toBe('none');
	});

	it('GIVEN a manual highlight THEN it is posted and kept whatever its count', () => {
		expect(decide(at({ count: 0, forced: true }))).toBe('post');
		expect(decide(at({ status: 'posted', count: 0, forced: true }))).toBe('update');
		expect(decide(at({ status: 'frozen', count: 0, forced: true }))).toBe('unfreeze');
	});

	it('GIVEN a message that became ineligible (now NSFW) THEN its post is removed', () => {
		expect(decide(at({ status: 'posted', count: 9, eligible: false }))).toBe('remove');
		expect(decide(at({ count: 9, eligible: false }))).toBe('none');
	});

	it('GIVEN each action THEN the status after it follows', () => {
		expect(statusAfter('post', 'removed')).toBe('posted');
		expect(statusAfter('freeze', 'posted')).toBe('frozen');
		expect(statusAfter('unfreeze', 'frozen')).toBe('posted');
		expect(statusAfter('remove', 'posted')).toBe('removed');
		expect(statusAfter('update', 'posted')).toBe('posted');
	});
});
