import { validateRegex as validateUserRegex } from '#shared/regex/validate';
import { normalize } from '#shared/text/normalize';

export const MATCH_KINDS = ['word', 'contains', 'wildcard', 'regex'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export function isMatchKind(value: unknown): value is MatchKind {
	return typeof value === 'string' && (MATCH_KINDS as readonly string[]).includes(value);
}

/** Longest pattern accepted, of any kind. */
export const MAX_PATTERN_LENGTH = 200;
/** How many rules a guild may have. */
export const MAX_RULES_PER_GUILD = 500;

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

/** A regex rule: the shared checks for user regexes (#shared/regex/validate), worded for the filter where a match deletes. */
export function validateRegex(pattern: string): Validation {
	const result = validateUserRegex(pattern, { maxLength: MAX_PATTERN_LENGTH });
	if (result.ok) return result;
	if (result.problem === 'matches-empty') return { ok: false, reason: 'That regex matches an empty message, so it would delete everything.' };
	return { ok: false, reason: result.reason };
}
