import { createContext, Script, type Context } from 'node:vm';
import { LiteralSet } from '#shared/text/patterns';
import { requiredLiterals } from './literals';
import { registerSet, runSet } from './sandbox';

export interface RegexMatch {
	/** Index of the regex in the list given to the runner. */
	readonly index: number;
	/** Which of the texts matched: 0 = the first (e.g. normalised), 1 = the second (e.g. raw). */
	readonly text: 0 | 1;
	readonly start: number;
	readonly end: number;
}

export class RegexTimeoutError extends Error {
	public constructor(budgetMs: number) {
		super(`A user regex ran longer than its ${budgetMs} ms budget`);
		this.name = 'RegexTimeoutError';
	}
}

/** Default time budget of one text's run of a set, in milliseconds (generous: a busy machine delays the hand-over too). */
export const REGEX_TIME_BUDGET_MS = 50;

// Runs inside the context: plain JavaScript, no access to anything but the globals set below.
const ALL = new Script(`(function () {
	var out = [];
	for (var t = 0; t < texts.length; t++) {
		for (var i = 0; i < patterns.length; i++) {
			var m = patterns[i].exec(texts[t]);
			if (m) out.push([i, t, m.index, m.index + m[0].length]);
		}
	}
	return out;
})()`);

let lastRaw: string | null = null;
let lastLowered = '';

/** `raw.toLowerCase()`, remembered for the last text: every plugin with regexes asks about the same message in turn. */
function lowerCased(raw: string): string {
	if (raw !== lastRaw) {
		lastLowered = raw.toLowerCase();
		lastRaw = raw;
	}
	return lastLowered;
}

/**
 * Runs a set of user-supplied regexes (a guild's filter rules, a plugin's triggers) with a time budget. The regexes
 * are compiled case-insensitive; each call looks at up to two texts, typically a normalised one and the raw one.
 *
 * Add-time validation (validate.ts) rejects the patterns known to backtrack catastrophically, but it cannot prove a
 * regex safe, so matching is the second line of defence, with a time budget:
 * - `first` (every message) runs all of the set's regexes as one job in the sandbox worker (sandbox.ts); a job over
 *   budget gets the worker terminated, which interrupts even a running regex.
 * - `all` (a command that explains matches) and the add-time probe run in a `vm` context with `timeout`: V8
 *   interrupts the call when the budget is spent (measured: `(a+)+$` against 40 × "a" + "!" stops at the budget
 *   instead of running for minutes). Its watchdog thread per call costs ~0.1-0.2 ms, fine for a command, too much for
 *   every message.
 */
export class RegexRunner {
	readonly #context: Context;
	readonly #budgetMs: number;
	readonly #setId: number;
	/**
	 * Every regex's required literals (one of a regex's must appear for it to match, see literals.ts) in one automaton:
	 * one pass over a text tells whether any regex could match. Null when some regex has none.
	 */
	readonly #literals: LiteralSet<true> | null;
	public readonly size: number;

	/** `sources` must already be validated (validate.ts); they are compiled case-insensitive, inside the sandbox's realm. */
	public constructor(sources: readonly string[], budgetMs = REGEX_TIME_BUDGET_MS) {
		this.#budgetMs = budgetMs;
		this.size = sources.length;
		this.#setId = registerSet(this, sources);
		const literals = sources.map((source) => requiredLiterals(source));
		this.#literals = literals.every((list) => list !== null)
			? new LiteralSet((literals as string[][]).flat().map((literal): [string, true] => [literal, true]))
			: null;
		this.#context = createContext({ sources: [...sources], texts: [] as string[], patterns: [] });
		new Script(`patterns = sources.map(function (s) { return new RegExp(s, 'i'); });`).runInContext(this.#context, { timeout: 1_000 });
	}

	/** The first match over `normalized`, then over `raw` (when given); throws RegexTimeoutError past the budget. */
	public first(normalized: string, raw: string | null): RegexMatch | null {
		if (this.size === 0) return null;
		// The raw text only adds something when normalisation changed more than the case (regexes are case-insensitive).
		const lowered = raw === null ? null : lowerCased(raw);
		const second = raw === null || lowered === normalized ? null : raw;
		if (this.#literals && !this.#literals.some(normalized) && (second === null || !this.#literals.some(lowered!))) return null;
		const result = runSet(this.#setId, normalized, second, this.#budgetMs);
		if (result === 'timeout') throw new RegexTimeoutError(this.#budgetMs);
		return result;
	}

	/** Every regex's first match in each text (for commands that explain, such as `/wordfilter test`). */
	public all(normalized: string, raw: string | null): RegexMatch[] {
		if (this.size === 0) return [];
		const result = this.#run(ALL, normalized, raw) as [number, 0 | 1, number, number][];
		return result.map(([index, text, start, end]) => ({ index, text, start, end }));
	}

	#run(script: Script, normalized: string, raw: string | null): unknown {
		// The raw text only adds something when normalisation changed it (e.g. a regex for digits or links).
		this.#context.texts = raw === null || raw === normalized ? [normalized] : [normalized, raw];
		try {
			return script.runInContext(this.#context, { timeout: this.#budgetMs });
		} catch (error) {
			if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new RegexTimeoutError(this.#budgetMs);
			throw error;
		}
	}
}
