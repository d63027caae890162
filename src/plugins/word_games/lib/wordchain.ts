/**
 * Word-chain rules, as plain functions: what counts as an attempt (and what is just chat), how a word is normalised,
 * and which rule a word breaks. The handler and the store only move data around these.
 */

import type { WordLookup } from './compactWords';

export interface WordChainSettings {
	/** Messages starting with this are chat, never attempts. Empty = no prefix. */
	ignorePrefix: string;
	/** Shortest word that counts. */
	minLength: number;
}

export const WORDCHAIN_DEFAULTS: WordChainSettings = Object.freeze({ ignorePrefix: '//', minLength: 2 });
export const MIN_LENGTH_RANGE = { min: 1, max: 15 } as const;
export const IGNORE_PREFIX_MAX = 5;
/** Longer than any dictionary word: such a "word" is chat (or keyboard mashing). */
export const WORD_MAX_LENGTH = 45;

/** Points for a valid word: 1, plus 1 per letter beyond 5, at most +5. */
export function pointsFor(word: string): number {
	return 1 + Math.min(5, Math.max(0, word.length - 5));
}

/**
 * The word a message plays, normalised (lowercase, accents stripped, surrounding punctuation dropped), or null when
 * the message is chat: several words, the ignore prefix, nothing letter-like, a mention/link/emoji, too long.
 */
export function extractWord(content: string, settings: Pick<WordChainSettings, 'ignorePrefix'>): string | null {
	const text = content.trim();
	if (!text) return null;
	if (settings.ignorePrefix && text.startsWith(settings.ignorePrefix)) return null;
	if (/\s/.test(text)) return null;
	const word = normalizeWord(text);
	if (!word || word.length > WORD_MAX_LENGTH) return null;
	// Letters, optionally joined by one hyphen or apostrophe ("x-ray", "don't"): those are attempts the dictionary judges.
	return /^[a-z]+(?:['-][a-z]+)*$/.test(word) ? word : null;
}

/** `Café!` → `cafe`, `“Hello”` → `hello`, `ÉCOLE` → `ecole`. Inner punctuation is kept (the rules judge it). */
export function normalizeWord(raw: string): string {
	return raw
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/[’‘`´]/g, "'")
		.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

export type WordRule = 'same_player' | 'wrong_letter' | 'too_short' | 'not_a_word' | 'repeated';

export interface ChainState {
	lastWord: string | null;
	lastUserId: string | null;
}

export type WordVerdict = { ok: true; points: number } | { ok: false; rule: WordRule; reason: string };

export interface CheckInput {
	state: ChainState;
	word: string;
	userId: string;
	dictionary: WordLookup;
	used: ReadonlySet<string>;
	minLength: number;
}

/** The first broken rule, in the order a player would want to hear about it. */
export function checkWord({ state, word, userId, dictionary, used, minLength }: CheckInput): WordVerdict {
	if (state.lastUserId === userId) return fail('same_player', 'you played the last word too; let someone else go first');
	const letter = state.lastWord ? lastLetter(state.lastWord) : null;
	if (letter && !word.startsWith(letter))
		return fail('wrong_letter', `**${word}** has to start with **${letter.toUpperCase()}** (after **${state.lastWord}**)`);
	if (word.length < minLength) return fail('too_short', `words need at least ${minLength} letters here`);
	if (!dictionary.has(word)) return fail('not_a_word', `**${word}** is not in my dictionary`);
	if (used.has(word)) return fail('repeated', `**${word}** was already played in this chain`);
	return { ok: true, points: pointsFor(word) };
}

/** The letter the next word must start with. */
export function lastLetter(word: string): string {
	const letters = word.replace(/[^a-z]/g, '');
	return letters.at(-1) ?? '';
}

function fail(rule: WordRule, reason: string): WordVerdict {
	return { ok: false, rule, reason };
}

/** Settings from the stored document, with defaults and ranges enforced (a hand-edited row cannot break the game). */
export function resolveSettings(stored: Partial<WordChainSettings> | null | undefined): WordChainSettings {
	const minLength = Number.isInteger(stored?.minLength)
		? Math.min(MIN_LENGTH_RANGE.max, Math.max(MIN_LENGTH_RANGE.min, stored!.minLength!))
		: WORDCHAIN_DEFAULTS.minLength;
	const ignorePrefix = typeof stored?.ignorePrefix === 'string' ? stored.ignorePrefix.slice(0, IGNORE_PREFIX_MAX) : WORDCHAIN_DEFAULTS.ignorePrefix;
	return { minLength, ignorePrefix };
}

/** Validates an ignore prefix typed in /wordchain config; returns an error text or null. */
export function checkIgnorePrefix(prefix: string): string | null {
	if (prefix.length > IGNORE_PREFIX_MAX) return `The ignore prefix can be at most ${IGNORE_PREFIX_MAX} characters.`;
	if (/\s/.test(prefix)) return 'The ignore prefix cannot contain spaces.';
	if (/^[a-z]/i.test(prefix)) return 'The ignore prefix cannot start with a letter, or real words would be ignored.';
	return null;
}
