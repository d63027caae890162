import safeRegex from 'safe-regex2';
import { normalize } from './normalize';
import { RegexRunner, RegexTimeoutError } from './regexRunner';

export const MATCH_KINDS = ['word', 'contains', 'wildcard', 'regex'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export function isMatchKind(value: unknown): value is MatchKind {
	return typeof value === 'string' && (MATCH_KINDS as readonly string[]).includes(value);
}

/** Longest pattern accepted, of any kind. */
export const MAX_PATTERN_LENGTH = 200;
/** How many rules a guild may have. */
export const MAX_RULES_PER_GUILD = 500;
/** Budget for the add-time stress test of a regex, in milliseconds. */
export const REGEX_PROBE_BUDGET_MS = 100;

export type Validation = { ok: true; pattern: string } | { ok: false; reason: string };

const LETTER = /[\p{L}\p{N}]/gu;

/**
 * Checks a pattern before it is stored. Word and contains patterns are stored as typed (trimmed, inner whitespace
 * collapsed); matching normalises them the same way it normalises messages.
 */
export function validatePattern(input: string, kind: MatchKind): Validation {
	const pattern = kind === 'regex' ? input.trim() : input.trim().replace(/\s+/g, ' ');
	if (pattern.length === 0) return { ok: false, reason: 'The pattern is empty.' };
	if (pattern.length > MAX_PATTERN_LENGTH)
		return { ok: false, reason: `The pattern is ${pattern.length} characters long; the limit is ${MAX_PATTERN_LENGTH}.` };
	if (kind === 'regex') return validateRegex(pattern);

	const letters = normalize(kind === 'wildcard' ? pattern.replace(/[*?]/g, '') : pattern).text.match(LETTER)?.length ?? 0;
	if (kind === 'word' && letters < 1) return { ok: false, reason: 'A word pattern needs at least one letter or digit.' };
	if (kind === 'contains' && letters < 2)
		return { ok: false, reason: 'A contains pattern needs at least two letters, or it would match almost every message.' };
	if (kind === 'wildcard') {
		if (letters < 2) return { ok: false, reason: 'A wildcard pattern needs at least two letters besides `*` and `?`.' };
		if (/\*\*/.test(pattern)) return { ok: false, reason: 'Use one `*` at a time: `**` means the same and costs more.' };
	}
	return { ok: true, pattern };
}

/**
 * A user regex is accepted when it compiles, has no backreferences and no lookbehind (both make matching expensive
 * and are never needed to block words), has star height ≤ 1 (safe-regex2: no nested quantifiers such as `(a+)+`),
 * does not match the empty text (it would delete every message), and survives a stress test within its budget.
 */
export function validateRegex(pattern: string): Validation {
	if (pattern.length > MAX_PATTERN_LENGTH)
		return { ok: false, reason: `The regex is ${pattern.length} characters long; the limit is ${MAX_PATTERN_LENGTH}.` };
	let compiled: RegExp;
	try {
		compiled = new RegExp(pattern, 'i');
	} catch (error) {
		return {
			ok: false,
			reason: `That is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}.`
		};
	}
	const syntax = scanRegex(pattern);
	if (syntax) return { ok: false, reason: syntax };
	if (!safeRegex(pattern, { limit: 25 }))
		return {
			ok: false,
			reason: 'That regex nests repetitions (such as `(a+)+` or `(\\w*)*`) or repeats too often: it could take forever on some messages.'
		};
	if (compiled.test('') || compiled.test(' ')) return { ok: false, reason: 'That regex matches an empty message, so it would delete everything.' };
	if (!survivesProbe(pattern))
		return { ok: false, reason: 'That regex is too slow on long messages (it took longer than its time budget in a test run).' };
	return { ok: true, pattern };
}

/** Backreferences (`\1`, `\k<name>`) and lookbehind (`(?<=`, `(?<!`), found by a scan that respects escapes and classes. */
function scanRegex(pattern: string): string | null {
	let inClass = false;
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\') {
			const next = pattern[i + 1] ?? '';
			if (!inClass && /[1-9]/.test(next)) return 'Backreferences (`\\1`, `\\2`...) are not allowed in filter regexes.';
			if (!inClass && next === 'k' && pattern[i + 2] === '<') return 'Named backreferences (`\\k<name>`) are not allowed in filter regexes.';
			i++;
			continue;
		}
		if (inClass) {
			if (char === ']') inClass = false;
			continue;
		}
		if (char === '[') inClass = true;
		else if (char === '(' && pattern.startsWith('(?<', i) && (pattern[i + 3] === '=' || pattern[i + 3] === '!'))
			return 'Lookbehind (`(?<=` / `(?<!`) is not allowed in filter regexes.';
	}
	return null;
}

/**
 * Runs the regex on inputs built to trigger backtracking (long runs of the characters it mentions, followed by a
 * character that makes the match fail) inside the time-limited runner. Catches what star height misses, e.g. `(a|a)*b`.
 */
function survivesProbe(pattern: string): boolean {
	const chars = new Set<string>(['a', '0', ' ', 'x']);
	for (const match of pattern.matchAll(/[\p{L}\p{N} ._-]/gu)) chars.add(match[0].toLowerCase());
	const runner = new RegexRunner([pattern], REGEX_PROBE_BUDGET_MS);
	const started = performance.now();
	try {
		for (const char of [...chars].slice(0, 12)) {
			const attack = `${char.repeat(3_000)}\u0000!`;
			runner.all(attack, attack.toUpperCase());
			if (performance.now() - started > REGEX_PROBE_BUDGET_MS * 2) return false;
		}
		return true;
	} catch (error) {
		if (error instanceof RegexTimeoutError) return false;
		throw error;
	}
}
