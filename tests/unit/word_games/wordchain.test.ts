import { dictionaryPath, dictionaryStats, loadDictionary } from '../../../src/plugins/word_games/lib/dictionary';
import {
	checkIgnorePrefix,
	checkWord,
	extractWord,
	lastLetter,
	normalizeWord,
	pointsFor,
	resolveSettings,
	WORDCHAIN_DEFAULTS,
	type CheckInput
} from '../../../src/plugins/word_games/lib/wordchain';

const DICTIONARY = new Set(['apple', 'egg', 'giraffe', 'elephant', 'tiger', 'rabbit', 'a', 'extraordinarily', 'cafe']);

function check(overrides: Partial<CheckInput>) {
	return checkWord({
		state: { lastWord: 'apple', lastUserId: 'alice' },
		word: 'egg',
		userId: 'bob',
		dictionary: DICTIONARY,
		used: new Set(['apple']),
		minLength: 2,
		...overrides
	});
}

describe('word chain rules', () => {
	it('GIVEN a word starting with the last letter, in the dictionary, new, from another player THEN it counts', () => {
		expect(check({})).toEqual({ ok: true, points: 1 });
	});

	it('GIVEN no word yet THEN any dictionary word may open the chain', () => {
		expect(check({ state: { lastWord: null, lastUserId: null }, word: 'tiger', used: new Set() })).toMatchObject({ ok: true });
	});

	it('GIVEN the wrong first letter THEN the reason names the letter and the previous word', () => {
		const verdict = check({ word: 'tiger' });
		expect(verdict).toMatchObject({ ok: false, rule: 'wrong_letter' });
		expect(!verdict.ok && verdict.reason).toContain('**E**');
		expect(!verdict.ok && verdict.reason).toContain('apple');
	});

	it('GIVEN a word not in the dictionary THEN it is refused as not a word', () => {
		expect(check({ word: 'eggz' })).toMatchObject({ ok: false, rule: 'not_a_word' });
	});

	it('GIVEN a word already played in the chain THEN it is refused as a repeat', () => {
		const verdict = check({ state: { lastWord: 'tiger', lastUserId: 'alice' }, word: 'rabbit', used: new Set(['rabbit', 'tiger']) });
		expect(verdict).toMatchObject({ ok: false, rule: 'repeated' });
	});

	it('GIVEN the same player twice in a row THEN it is refused whatever the word', () => {
		expect(check({ userId: 'alice' })).toMatchObject({ ok: false, rule: 'same_player' });
	});

	it('GIVEN a word shorter than the minimum THEN it is refused as too short', () => {
		expect(check({ state: { lastWord: 'tiger', lastUserId: 'alice' }, word: 'a', minLength: 2 })).toMatchObject({
			ok: false,
			rule: 'wrong_letter'
		});
		expect(check({ state: { lastWord: 'extra', lastUserId: 'alice' }, word: 'a', minLength: 2 })).toMatchObject({ ok: false, rule: 'too_short' });
		expect(check({ state: { lastWord: 'extra', lastUserId: 'alice' }, word: 'a', minLength: 1 })).toMatchObject({ ok: true });
	});

	it('GIVEN longer words THEN they earn a length bonus, capped', () => {
		expect(pointsFor('egg')).toBe(1);
		expect(pointsFor('apple')).toBe(1);
		expect(pointsFor('giraffe')).toBe(3);
		expect(pointsFor('extraordinarily')).toBe(6);
		expect(check({ word: 'elephant' })).toEqual({ ok: true, points: 4 });
	});

	it('GIVEN words ending in any letter THEN the next letter is the last letter', () => {
		expect(lastLetter('giraffe')).toBe('e');
		expect(lastLetter("rock'n'roll")).toBe('l');
	});
});

describe('word chain messages', () => {
	const settings = { ignorePrefix: '//' };

	it('GIVEN one word THEN it is an attempt, normalised', () => {
		expect(extractWord('Apple', settings)).toBe('apple');
		expect(extractWord('  EGG!  ', settings)).toBe('egg');
		expect(extractWord('"tiger".', settings)).toBe('tiger');
		expect(extractWord('Café', settings)).toBe('cafe');
		expect(extractWord('naïve?', settings)).toBe('naive');
		expect(extractWord('x-ray', settings)).toBe('x-ray');
		expect(extractWord('don’t', settings)).toBe("don't");
	});

	it('GIVEN chat THEN it is not an attempt', () => {
		expect(extractWord('hello there', settings)).toBeNull();
		expect(extractWord('apple\negg', settings)).toBeNull();
		expect(extractWord('//apple', settings)).toBeNull();
		expect(extractWord('// ok', settings)).toBeNull();
		expect(extractWord('😂', settings)).toBeNull();
		expect(extractWord('123', settings)).toBeNull();
		expect(extractWord('<@123456789012345678>', settings)).toBeNull();
		expect(extractWord('https://example.com', settings)).toBeNull();
		expect(extractWord('lol123', settings)).toBeNull();
		expect(extractWord('a'.repeat(46), settings)).toBeNull();
		expect(extractWord('', settings)).toBeNull();
	});

	it('GIVEN another ignore prefix THEN that one marks chat, and an empty one marks nothing', () => {
		expect(extractWord('#apple', { ignorePrefix: '#' })).toBeNull();
		expect(extractWord('//apple', { ignorePrefix: '' })).toBe('apple');
	});

	it('GIVEN accents, case and punctuation THEN normalisation keeps only the word', () => {
		expect(normalizeWord('ÉCOLE')).toBe('ecole');
		expect(normalizeWord('…Zoë!!')).toBe('zoe');
		expect(normalizeWord('ﬁne')).toBe('fine');
	});
});

describe('word chain settings', () => {
	it('GIVEN nothing stored THEN the defaults apply', () => {
		expect(resolveSettings(undefined)).toEqual(WORDCHAIN_DEFAULTS);
	});

	it('GIVEN out-of-range stored values THEN they are clamped', () => {
		expect(resolveSettings({ minLength: 99, ignorePrefix: '////////' })).toEqual({ minLength: 15, ignorePrefix: '/////' });
		expect(resolveSettings({ minLength: 0 })).toMatchObject({ minLength: 1 });
	});

	it('GIVEN a prefix that would hide real words THEN it is refused', () => {
		expect(checkIgnorePrefix('a')).toContain('letter');
		expect(checkIgnorePrefix('/ /')).toContain('spaces');
		expect(checkIgnorePrefix('#')).toBeNull();
	});
});

describe('the shipped dictionary', () => {
	it('GIVEN the word-list package THEN it loads once into a compact set of lowercase words', async () => {
		expect(dictionaryPath()).toMatch(/word-list[\\/]words\.txt$/);
		const [first, second] = await Promise.all([loadDictionary(), loadDictionary()]);
		expect(first).toBe(second);
		expect(first.size).toBeGreaterThan(270_000);
		for (const word of ['apple', 'egg', 'giraffe', 'elephant', 'zebra']) expect(first.has(word)).toBe(true);
		expect(first.has('eggz')).toBe(false);
		const stats = dictionaryStats()!;
		expect(stats.words).toBe(first.size);
		expect(stats.loadMs).toBeGreaterThan(0);
	});
});
