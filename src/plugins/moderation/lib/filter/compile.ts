import { arrayBytes, MAP_ENTRY_BYTES, mapBytes, objectBytes, stringBytes } from '#core/stats/memory';
import { RegexRunner, RegexTimeoutError } from '#shared/regex/runner';
import { normalize, normalizeText, originalSpan, type NormalizedText } from '#shared/text/normalize';
import { isLetterAt, LiteralSet } from '#shared/text/patterns';
import type { MatchKind } from './validate';

export interface FilterRule {
	readonly id: number;
	readonly pattern: string;
	readonly match: MatchKind;
}

export interface FilterHit {
	readonly rule: FilterRule;
	/** Where it matched: the normalised text (every kind) or the raw text (regex rules only). */
	readonly in: 'normalized' | 'raw';
	/** The span in that text. */
	readonly start: number;
	readonly end: number;
	/** The span of the original message. */
	readonly originalStart: number;
	readonly originalEnd: number;
}

/**
 * All of a guild's rules as one matcher, built once per change of the rules:
 *
 * - word, contains and wildcard rules become generated regular expressions (safe: no nested quantifiers) grouped by
 *   the letter they start with. One pass over the normalised text looks each position's letter up and runs only the
 *   alternatives that can start there (word and wildcard ones only at the start of a word), so the cost per message
 *   barely grows with the number of rules: one big alternation of 200 rules took ~110 µs per message, the buckets
 *   take a few.
 * - regex rules run together in one time-limited sandbox call (#shared/regex/runner).
 *
 * Evasion handled by the generated alternatives, on top of normalisation (#shared/text/normalize):
 * - repeated letters: every letter may repeat (`baaad`, `b.a.a.d`), and a doubled letter in the pattern needs to be
 *   doubled in the text (so the word `ass` does not match `as`);
 * - separators: punctuation may sit between letters (`b.a.d`, `b-a-d`, `b_a_d`, `b.ad`); whitespace only counts as a
 *   separator when EVERY letter stands alone (`b a d`), which keeps "plan b ad" from matching `bad`;
 * - `i`, `l` and `1` are interchangeable (leetspeak `1` means either).
 */
export class CompiledFilter {
	public readonly rules: readonly FilterRule[];
	/** First UTF-16 unit → alternatives that must start a word. */
	readonly #bounded = new Map<string, Bucket>();
	/** First UTF-16 unit → contains alternatives, tried at any position. */
	readonly #free = new Map<string, Bucket>();
	/** The same buckets indexed by ASCII code: no string or hash per character for the common case. */
	readonly #boundedAscii: (Bucket | undefined)[] = [];
	readonly #freeAscii: (Bucket | undefined)[] = [];
	/** Rules found from inside a word (leading-`*` wildcards): their span starts at the word start. */
	readonly #widen = new Set<number>();
	/** Wildcards starting with `?` (or `*?`): tried at every word start. */
	readonly #anyStart: Bucket | null;
	readonly #regexRules: FilterRule[] = [];
	readonly #runner: RegexRunner | null;
	/**
	 * The quick "certainly not" before the scan: every word, contains and wildcard rule needs each of its runs of
	 * letters (between globs) to appear in the text once separators are dropped, repeats collapsed and i/l/1 made one
	 * letter (see `squeezedUnit`). One pass over the text for all rules; most chat contains none, and then no bucket is
	 * tried. Null when some rule has no letters to look for.
	 */
	readonly #required: LiteralSet<readonly string[]> | null;
	/** #mayMatch's scratch buffer for the squeezed text (a message is at most a few thousand units). */
	#units = new Uint16Array(256);
	/** Per rule, one regex over the whole text: only for `explain`, built on first use. */
	#single: Map<number, RegExp> | null = null;
	/** Regex budget overruns since compilation; regex rules are suspended after MAX_TIMEOUTS (see `regexSuspended`). */
	#timeouts = 0;

	public constructor(rules: readonly FilterRule[], options: { regexBudgetMs?: number } = {}) {
		this.rules = rules;
		const bounded = new Map<string, Alternative[]>();
		const free = new Map<string, Alternative[]>();
		const anyStart: Alternative[] = [];
		const required: [string, readonly string[]][] = [];
		let everyRuleHasLetters = true;
		const add = (map: Map<string, Alternative[]>, keys: readonly string[], alternative: Alternative) => {
			for (const key of keys) {
				const list = map.get(key);
				if (list) list.push(alternative);
				else map.set(key, [alternative]);
			}
		};
		for (const rule of rules) {
			if (rule.match === 'regex') {
				this.#regexRules.push(rule);
				continue;
			}
			const runs = requiredLetters(rule);
			if (runs.length) for (const run of runs) required.push([run, runs]);
			else everyRuleHasLetters = false;
			if (rule.match === 'wildcard' && rule.pattern.startsWith('*')) {
				// `*abc` is "a word ending in abc": look for `abc` anywhere, followed by a word end, instead of trying
				// every word start with a backtracking `[letters]*`. The span is widened to the word start on a hit.
				const rest = ruleSources({ pattern: rule.pattern.replace(/^\*+/, ''), match: 'wildcard' });
				if (rest.tight && rest.first) {
					add(free, rest.first, { rule, source: `${rest.tight}${NOT_BEFORE_LETTER}`, first: rest.first, second: rest.second });
					this.#widen.add(rule.id);
					continue;
				}
			}
			const { tight, spaced, first, second } = ruleSources(rule);
			if (!tight) continue;
			if (first === null) anyStart.push({ rule, source: tight, first: [], second: null });
			else if (rule.match === 'contains') add(free, first, { rule, source: tight, first, second });
			else add(bounded, first, { rule, source: tight, first, second });
			if (spaced && first) add(bounded, first, { rule, source: spaced, first, second });
		}
		for (const [key, list] of bounded) this.#bounded.set(key, bucket(list, true));
		for (const [key, list] of free) this.#free.set(key, bucket(list, false));
		for (let code = 0; code < 128; code++) {
			this.#boundedAscii.push(this.#bounded.get(String.fromCharCode(code)));
			this.#freeAscii.push(this.#free.get(String.fromCharCode(code)));
		}
		this.#anyStart = anyStart.length ? bucket(anyStart, true) : null;
		this.#required = everyRuleHasLetters && required.length ? new LiteralSet(required) : null;
		this.#runner = this.#regexRules.length
			? new RegexRunner(
					this.#regexRules.map((rule) => rule.pattern),
					options.regexBudgetMs
				)
			: null;
	}

	public get size(): number {
		return this.rules.length;
	}

	/**
	 * Estimated bytes of the compiled rules (for the plugin's memory report): the rule records and patterns, each
	 * bucket's generated expression (its source and RegExp object) with its pre-check sets, and the regex rules' sources.
	 * V8's compiled code for the expressions (built on first use, and bounded) is not counted.
	 */
	public estimateBytes(): number {
		let bytes = objectBytes(12) + 2 * arrayBytes(128) + mapBytes(this.#bounded.size + this.#free.size + this.#widen.size);
		for (const rule of this.rules) bytes += objectBytes(3) + stringBytes(rule.pattern);
		const buckets = [...this.#bounded.values(), ...this.#free.values(), ...(this.#anyStart ? [this.#anyStart] : [])];
		for (const bucket of buckets) {
			bytes += objectBytes(4) + 64 + stringBytes(bucket.regex.source) + arrayBytes(bucket.rules.length);
			bytes += mapBytes((bucket.seconds?.size ?? 0) + bucket.skip.size) + ((bucket.seconds?.size ?? 0) + bucket.skip.size) * 24;
		}
		for (const rule of this.#regexRules) bytes += MAP_ENTRY_BYTES + stringBytes(rule.pattern);
		return bytes;
	}

	/** True once the regex rules overran their budget too often; they are skipped until the rules change. */
	public get regexSuspended(): boolean {
		return this.#timeouts >= MAX_TIMEOUTS;
	}

	/** The first hit in a message, or null. `onTimeout` hears about regex budget overruns (the message then counts as clean for those rules). */
	public match(raw: string, onTimeout?: (error: RegexTimeoutError) => void): FilterHit | null {
		if (this.rules.length === 0 || raw.length === 0) return null;
		const text = normalizeText(raw);
		const found = this.#required === null || this.#mayMatch(text) ? this.#scan(text) : null;
		if (found) return this.#hit(found.rule, 'normalized', found.start, found.end, normalize(raw));
		if (this.#runner && !this.regexSuspended) {
			try {
				const match = this.#runner.first(text, raw);
				if (match)
					return this.#hit(this.#regexRules[match.index]!, match.text === 1 ? 'raw' : 'normalized', match.start, match.end, normalize(raw));
			} catch (error) {
				if (!(error instanceof RegexTimeoutError)) throw error;
				this.#timeouts++;
				onTimeout?.(error);
			}
		}
		return null;
	}

	/** Every rule that matches (for `/wordfilter test`), each at its first match, in message order. */
	public explain(raw: string): { normalized: NormalizedText; hits: FilterHit[]; timedOut: boolean } {
		const normalized = normalize(raw);
		const hits: FilterHit[] = [];
		const shape = shapeOf(normalized.text);
		for (const [id, regex] of this.#singles()) {
			regex.lastIndex = 0;
			const found = regex.exec(shape);
			if (found)
				hits.push(
					this.#hit(
						this.rules.find((rule) => rule.id === id)!,
						'normalized',
						found.index,
						found.index + found[0].length,
						normalized
					)
				);
		}
		let timedOut = false;
		if (this.#runner) {
			try {
				const seen = new Set<number>();
				for (const match of this.#runner.all(normalized.text, raw)) {
					const rule = this.#regexRules[match.index]!;
					if (seen.has(rule.id)) continue;
					seen.add(rule.id);
					hits.push(this.#hit(rule, match.text === 1 ? 'raw' : 'normalized', match.start, match.end, normalized));
				}
			} catch (error) {
				if (!(error instanceof RegexTimeoutError)) throw error;
				timedOut = true;
			}
		}
		hits.sort((a, b) => a.originalStart - b.originalStart || a.rule.id - b.rule.id);
		return { normalized, hits, timedOut };
	}

	/**
	 * False when no word, contains or wildcard rule can match `text`. One pass squeezes the text into a reusable buffer
	 * while the automaton looks for a run of some rule; only when one is there is the squeezed text made a string (flat,
	 * in one allocation: concatenating it a unit at a time built a chain of ≈ 1 KB per message that `includes` then
	 * flattened), to see whether one rule has all of its runs.
	 */
	#mayMatch(text: string): boolean {
		const required = this.#required!;
		let units = this.#units;
		if (units.length < text.length) units = this.#units = new Uint16Array(Math.max(text.length, units.length * 2));
		let node = 0;
		let previous = -1;
		let length = 0;
		let hit = false;
		for (let index = 0; index < text.length; index++) {
			const code = squeezedUnit(text, index);
			if (code < 0 || code === previous) continue;
			previous = code;
			units[length++] = code;
			if (!hit) {
				node = required.step(node, code);
				hit = required.endsLiteral(node);
			}
		}
		if (!hit) return false;
		// One call: `text` is normalised, so at most MAX_NORMALIZED_INPUT (8,000) units, well within what V8 passes.
		const squeezed = String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
		return required.some(squeezed, (runs) => runs.length === 1 || runs.every((run) => squeezed.includes(run)));
	}

	#scan(text: string): { rule: FilterRule; start: number; end: number } | null {
		let previousIsLetter = false;
		const shape = new LazyShape(text);
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			const letter = isLetterAt(text, index, code);
			if (letter && !previousIsLetter) {
				const bounded = code < 128 ? this.#boundedAscii[code] : this.#bounded.get(text[index]!);
				const found = tryBucket(bounded, shape, index) ?? tryBucket(this.#anyStart ?? undefined, shape, index);
				if (found) return found;
			}
			const found = tryBucket(code < 128 ? this.#freeAscii[code] : this.#free.get(text[index]!), shape, index);
			if (found) {
				if (this.#widen.has(found.rule.id))
					while (found.start > 0 && isLetterAt(text, found.start - 1, text.charCodeAt(found.start - 1))) found.start--;
				return found;
			}
			previousIsLetter = letter;
		}
		return null;
	}

	#singles(): Map<number, RegExp> {
		if (this.#single) return this.#single;
		this.#single = new Map();
		for (const rule of this.rules) {
			if (rule.match === 'regex') continue;
			const { tight, spaced } = ruleSources(rule);
			if (!tight) continue;
			const free = rule.match === 'contains' ? `(?:${tight})` : null;
			const bounded = [rule.match === 'contains' ? null : tight, spaced].filter((source): source is string => source !== null);
			const parts = [free, bounded.length ? `${NOT_AFTER_LETTER}(?:${bounded.join('|')})${NOT_BEFORE_LETTER}` : null].filter(Boolean);
			this.#single.set(rule.id, new RegExp(parts.join('|'), 'g'));
		}
		return this.#single;
	}

	#hit(rule: FilterRule, where: 'normalized' | 'raw', start: number, end: number, normalized: NormalizedText): FilterHit {
		if (where === 'raw') return { rule, in: 'raw', start, end, originalStart: start, originalEnd: end };
		const [originalStart, originalEnd] = originalSpan(normalized, start, end);
		return { rule, in: 'normalized', start, end, originalStart, originalEnd };
	}
}

interface Alternative {
	readonly rule: FilterRule;
	readonly source: string;
	/** The characters the match can start with. */
	readonly first: readonly string[];
	/** The characters the second letter can be (after repeats of the first and gaps); null = anything. */
	readonly second: readonly string[] | null;
}

interface Bucket {
	/** Sticky: tried exactly at one position. One capture group per alternative. */
	readonly regex: RegExp;
	readonly rules: readonly FilterRule[];
	/**
	 * A cheap pre-check that saves most regex runs: after skipping repeats of the first letter and separators, the
	 * next character must be one of these (null: no pre-check). It can only say "certainly not", never "yes".
	 */
	readonly seconds: ReadonlySet<string> | null;
	readonly skip: ReadonlySet<string>;
}

function bucket(alternatives: readonly Alternative[], wordEnd: boolean): Bucket {
	const body = alternatives.map((alternative) => `(${alternative.source})`).join('|');
	const seconds = alternatives.every((alternative) => alternative.second !== null)
		? new Set(alternatives.flatMap((alternative) => alternative.second!))
		: null;
	return {
		regex: new RegExp(wordEnd ? `(?:${body})${NOT_BEFORE_LETTER}` : body, 'y'),
		rules: alternatives.map((alternative) => alternative.rule),
		seconds,
		skip: new Set(alternatives.flatMap((alternative) => alternative.first))
	};
}

function tryBucket(bucket: Bucket | undefined, shape: LazyShape, index: number): { rule: FilterRule; start: number; end: number } | null {
	if (!bucket) return null;
	const text = shape.text;
	if (bucket.seconds !== null) {
		let next = index + 1;
		// Skips repeats of the first letter, separators, and the second half of a letter outside the BMP (its first half
		// is what the buckets and pre-checks are keyed by).
		while (next < text.length && (bucket.skip.has(text[next]!) || isLowSurrogate(text.charCodeAt(next)) || !isLetterAt(text, next))) next++;
		if (next >= text.length || !bucket.seconds.has(text[next]!)) return null;
	}
	bucket.regex.lastIndex = index;
	const found = bucket.regex.exec(shape.shape);
	if (!found) return null;
	let group = 1;
	while (group < found.length && found[group] === undefined) group++;
	return { rule: bucket.rules[group - 1]!, start: index, end: index + found[0].length };
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** After this many budget overruns the guild's regex rules are skipped until its rules change (and the log says so). */
export const MAX_TIMEOUTS = 3;

/**
 * The generated expressions run over the text's *shape* ({@link shapeOf}): letters and digits as they are, whitespace
 * as a space, every other character as U+0001. Their classes are then three characters wide instead of Unicode's
 * letter and number properties, which V8 compiles into huge range tables for every occurrence: a bucket of 8 rules
 * took ≈ 50 ms to compile (first run, then again when tiered up to native code), a 200-rule filter over a second,
 * paid on the main thread by the first messages that reached each bucket. Now it is about a millisecond.
 */
const OTHER = '\\x01';
/** One letter or digit (a character outside the BMP is two units, both kept as letters). */
const LETTER_CLASS = `[^${OTHER} ]`;
const ONE_LETTER = `(?:[\\ud800-\\udbff][\\udc00-\\udfff]|${LETTER_CLASS})`;
const NOT_AFTER_LETTER = `(?<!${LETTER_CLASS})`;
const NOT_BEFORE_LETTER = `(?!${LETTER_CLASS})`;
/** Punctuation and symbols (not whitespace) that may be sprinkled between letters. */
const TIGHT_GAP = `${OTHER}*`;
/** Anything but a letter: the separators of a fully spaced-out word. */
const SPACED_GAP = `[${OTHER} ]+`;
/** A space or punctuation in the pattern itself ("bad word"): any separators, or none. */
const PATTERN_GAP = `[${OTHER} ]*`;
const WHITESPACE = /\s/;

/** The text as the generated expressions read it: same length, same indexes (see OTHER above). */
export function shapeOf(text: string): string {
	let shape = '';
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (isLetterAt(text, index, code)) shape += text[index];
		else shape += WHITESPACE.test(text[index]!) ? ' ' : '\x01';
	}
	return shape;
}

/** A text and its shape, made only when a bucket's pre-check lets an expression run (most scans never need it). */
class LazyShape {
	#shape: string | null = null;
	public constructor(public readonly text: string) {}
	public get shape(): string {
		return (this.#shape ??= shapeOf(this.text));
	}
}

type Token = { kind: 'char'; value: string } | { kind: 'gap' } | { kind: 'star' } | { kind: 'one' };

/**
 * The regex sources of one non-regex rule: `tight` always, `spaced` when the rule is plain letters (2+ of them), and
 * `first`: the characters a match can start with (null when it starts with a glob).
 */
export function ruleSources(rule: Pick<FilterRule, 'pattern' | 'match'>): {
	tight: string | null;
	spaced: string | null;
	first: string[] | null;
	second: string[] | null;
} {
	const tokens = tokenize(rule.pattern, rule.match === 'wildcard');
	if (!tokens.some((token) => token.kind === 'char')) return { tight: null, spaced: null, first: null, second: null };
	const head = tokens[0]!;
	const first = head.kind === 'char' ? startKeys(head.value) : null;
	const neck = tokens[1];
	// The pre-check needs a letter that cannot be mistaken for a repeat of the first one.
	const second = first && neck?.kind === 'char' && !startKeys(neck.value).some((char) => first.includes(char)) ? startKeys(neck.value) : null;

	let tight = '';
	let previous: Token | null = null;
	for (const token of tokens) {
		if (token.kind === 'char') {
			if (previous?.kind === 'char') tight += TIGHT_GAP;
			// One letter, repeated at will, punctuation allowed between the repeats ("b.a.a.a.d"). Each repeat consumes
			// exactly one letter and the gap class holds no letters, so this cannot backtrack exponentially.
			const letter = charClass(token.value);
			tight += `${letter}(?:${TIGHT_GAP}${letter})*`;
		} else if (token.kind === 'gap') tight += PATTERN_GAP;
		else if (token.kind === 'star') tight += `${LETTER_CLASS}*`;
		else tight += ONE_LETTER;
		previous = token;
	}

	const chars = tokens.filter((token): token is Extract<Token, { kind: 'char' }> => token.kind === 'char');
	const plain = chars.length === tokens.length && chars.length >= 2;
	const spaced = plain ? chars.map((token) => `${charClass(token.value)}+`).join(SPACED_GAP) : null;
	return { tight, spaced, first, second };
}

/**
 * A text unit as the required-letters check sees it: -1 for anything but a letter or digit (separators are dropped),
 * and `i` for `i`, `l` and `1` (the rules treat them as one). Repeats are collapsed by the caller. What a rule's match
 * looks like after this is always a stretch of the text's, so the check can only say "certainly not".
 */
function squeezedUnit(text: string, index: number): number {
	const code = text.charCodeAt(index);
	if (!isLetterAt(text, index, code)) return -1;
	return code === 0x6c || code === 0x31 ? 0x69 : code;
}

/**
 * The letters every match of a word, contains or wildcard rule contains, squeezed as {@link squeezedUnit} does: its
 * runs of letters between globs (a `*` or `?` can stand for anything), each of which the squeezed text of a match
 * contains. Empty when it has none.
 */
export function requiredLetters(rule: Pick<FilterRule, 'pattern' | 'match'>): string[] {
	const runs: string[] = [];
	let run = '';
	const tokens = tokenize(rule.pattern, rule.match === 'wildcard');
	for (const token of [...tokens, { kind: 'star' } as const]) {
		if (token.kind === 'char') {
			for (let index = 0; index < token.value.length; index++) {
				const code = squeezedUnit(token.value, index);
				if (code >= 0 && code !== run.charCodeAt(run.length - 1)) run += String.fromCharCode(code);
			}
		} else if (token.kind !== 'gap') {
			if (run) runs.push(run);
			run = '';
		}
	}
	return runs;
}

function startKeys(char: string): string[] {
	if (char === 'i') return ['i', '1'];
	if (char === 'l') return ['l', '1'];
	if (char === '1') return ['1', 'i', 'l'];
	return [char[0]!];
}

function tokenize(pattern: string, globs: boolean): Token[] {
	const tokens: Token[] = [];
	// Globs are taken from the pattern as typed, so that normalisation never turns them into anything else.
	const pieces = globs ? pattern.split(/([*?])/) : [pattern];
	for (const piece of pieces) {
		if (globs && piece === '*') tokens.push({ kind: 'star' });
		else if (globs && piece === '?') tokens.push({ kind: 'one' });
		else
			for (const char of normalize(piece).text) {
				if (/[\p{L}\p{N}]/u.test(char)) tokens.push({ kind: 'char', value: char });
				else if (tokens.at(-1)?.kind !== 'gap') tokens.push({ kind: 'gap' });
			}
	}
	// Gaps at the ends mean nothing ("bad " is "bad").
	while (tokens[0]?.kind === 'gap') tokens.shift();
	while (tokens.at(-1)?.kind === 'gap') tokens.pop();
	return tokens;
}

function charClass(char: string): string {
	if (char === 'i') return '[i1]';
	if (char === 'l') return '[l1]';
	if (char === '1') return '[1il]';
	if (/^[a-z0-9]$/.test(char)) return char;
	// Written as its UTF-16 units (the expressions have no `u` flag), grouped so that a quantifier takes all of it.
	return `(?:${[...Array(char.length).keys()].map((index) => `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`).join('')})`;
}

/** Rules from database rows, ignoring kinds this version does not know. */
export function compileRules(rules: readonly FilterRule[], options?: { regexBudgetMs?: number }): CompiledFilter {
	return new CompiledFilter(rules, options);
}
