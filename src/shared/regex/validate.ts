import safeRegex from 'safe-regex2';
import { RegexRunner, RegexTimeoutError } from './runner';

/** Longest user regex accepted unless the caller says otherwise. */
export const DEFAULT_MAX_REGEX_LENGTH = 200;
/** Budget for the add-time stress test of a regex, in milliseconds. */
export const REGEX_PROBE_BUDGET_MS = 100;

/** Why a regex was refused, for callers that word a consequence their own way (`reason` is always a full sentence). */
export type RegexProblem = 'too-long' | 'invalid' | 'unsupported' | 'catastrophic' | 'matches-empty' | 'slow';

export type RegexValidation = { ok: true; pattern: string } | { ok: false; problem: RegexProblem; reason: string };

export interface RegexValidationOptions {
	/** Longest pattern accepted (default {@link DEFAULT_MAX_REGEX_LENGTH}). */
	readonly maxLength?: number;
	/** Budget of the add-time stress test (default {@link REGEX_PROBE_BUDGET_MS}). */
	readonly probeBudgetMs?: number;
}

/**
 * Checks a user regex before it is stored; the sandbox (runner.ts) only runs validated ones. A regex is accepted
 * when it compiles, has no backreferences and no lookbehind (both make matching expensive and are never needed to
 * find words), has star height ≤ 1 (safe-regex2: no nested quantifiers such as `(a+)+`), does not match the empty
 * text (it would match every message), and survives a stress test within its budget. Each refusal is one sentence.
 */
export function validateRegex(pattern: string, options: RegexValidationOptions = {}): RegexValidation {
	const maxLength = options.maxLength ?? DEFAULT_MAX_REGEX_LENGTH;
	if (pattern.length > maxLength) return refuse('too-long', `The regex is ${pattern.length} characters long; the limit is ${maxLength}.`);
	let compiled: RegExp;
	try {
		compiled = new RegExp(pattern, 'i');
	} catch (error) {
		return refuse('invalid', `That is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}.`);
	}
	const unsupported = scanRegex(pattern);
	if (unsupported) return refuse('unsupported', unsupported);
	if (!safeRegex(pattern, { limit: 25 }))
		return refuse(
			'catastrophic',
			'That regex nests repetitions (such as `(a+)+` or `(\\w*)*`) or repeats too often: it could take forever on some messages.'
		);
	if (compiled.test('') || compiled.test(' '))
		return refuse('matches-empty', 'That regex matches an empty message, so it would match every message.');
	// A slow regex fails the probe every time; a busy machine's scheduling pause fails it once. So a failure is confirmed
	// by a second run before the pattern is refused.
	const budget = options.probeBudgetMs ?? REGEX_PROBE_BUDGET_MS;
	if (!survivesProbe(pattern, budget) && !survivesProbe(pattern, budget))
		return refuse('slow', 'That regex is too slow on long messages (it took longer than its time budget in a test run).');
	return { ok: true, pattern };
}

function refuse(problem: RegexProblem, reason: string): RegexValidation {
	return { ok: false, problem, reason };
}

/** Backreferences (`\1`, `\k<name>`) and lookbehind (`(?<=`, `(?<!`), found by a scan that respects escapes and classes. */
function scanRegex(pattern: string): string | null {
	let inClass = false;
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\') {
			const next = pattern[i + 1] ?? '';
			if (!inClass && /[1-9]/.test(next)) return 'Backreferences (`\\1`, `\\2`...) are not allowed: they make matching expensive.';
			if (!inClass && next === 'k' && pattern[i + 2] === '<')
				return 'Named backreferences (`\\k<name>`) are not allowed: they make matching expensive.';
			i++;
			continue;
		}
		if (inClass) {
			if (char === ']') inClass = false;
			continue;
		}
		if (char === '[') inClass = true;
		else if (char === '(' && pattern.startsWith('(?<', i) && (pattern[i + 3] === '=' || pattern[i + 3] === '!'))
			return 'Lookbehind (`(?<=` / `(?<!`) is not allowed: it makes matching expensive.';
	}
	return null;
}

/**
 * Runs the regex on inputs built to trigger backtracking (long runs of the characters it mentions, followed by a
 * character that makes the match fail) inside the time-limited runner. Catches what star height misses, e.g. `(a|a)*b`.
 */
function survivesProbe(pattern: string, budgetMs: number): boolean {
	const chars = new Set<string>(['a', '0', ' ', 'x']);
	for (const match of pattern.matchAll(/[\p{L}\p{N} ._-]/gu)) chars.add(match[0].toLowerCase());
	const runner = new RegexRunner([pattern], budgetMs);
	const started = performance.now();
	try {
		for (const char of [...chars].slice(0, 12)) {
			const attack = `${char.repeat(3_000)}\u0000!`;
			runner.all(attack, attack.toUpperCase());
			if (performance.now() - started > budgetMs * 2) return false;
		}
		return true;
	} catch (error) {
		if (error instanceof RegexTimeoutError) return false;
		throw error;
	}
}
