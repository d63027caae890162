import { arrayBytes, MAP_ENTRY_BYTES, mapBytes, objectBytes, stringBytes } from '#core/stats/memory';
import { RegexRunner, RegexTimeoutError, type RegexMatch } from '#shared/regex/runner';
import { isWholeWord, LiteralSet } from '#shared/text/patterns';
import { compileGlob, matchGlob, type Glob } from './glob';
import { MATCH_KINDS, type AutoReply, type MatchKind } from './kinds';
import { mappedMatchText, matchText, originalAfter, originalBetween, type MappedText } from './text';

export interface AutoReplyMatch {
	readonly trigger: AutoReply;
	/** `{args}`: the original text after the trigger (for wildcards, what the first `*` stood for; for exact, nothing). */
	readonly args: string;
}

export interface MatchOptions {
	/** Most matches wanted (the guild's replies_per_message); default all. */
	readonly limit?: number;
	/** Triggers that may fire here (scopes); a match that is not wanted does not use up the limit. Default all. */
	readonly eligible?: (trigger: AutoReply) => boolean;
	/** Hears about regex budget overruns (the regex triggers then count as not matching). */
	readonly onTimeout?: (error: RegexTimeoutError) => void;
}

/** After this many budget overruns the guild's regex triggers are skipped until its triggers change or reload. */
export const MAX_REGEX_TIMEOUTS = 3;

const RANK: Record<MatchKind, number> = Object.fromEntries(MATCH_KINDS.map((kind, index) => [kind, index])) as Record<MatchKind, number>;

/**
 * Specificity, most specific first: the kind (exact > starts_with > word > wildcard > contains > regex), then the
 * longer trigger (normalised), then the older one. "good morning" (word) wins over "morning" (word), which wins over
 * "morn" (contains).
 */
export function compareSpecificity(a: AutoReply, b: AutoReply): number {
	return RANK[a.match] - RANK[b.match] || b.normalized.length - a.normalized.length || a.id - b.id;
}

/** Where a trigger matched, in the normalised text (or, for a regex, possibly the raw one). */
interface Hit {
	readonly trigger: AutoReply;
	/** `{args}` as a span of the normalised text ([from, to)), or of the raw text for a regex that matched only there. */
	readonly from: number;
	readonly to: number | null;
	readonly raw?: boolean;
	readonly exact?: boolean;
}

type Literal = { trigger: AutoReply; kind: 'word' | 'contains' | 'wildcard' };

/**
 * All of a guild's triggers as one matcher, built once per change of the triggers. One message costs one
 * normalisation and:
 * - exact: one map look-up of the whole text;
 * - starts_with, word, contains: one Aho-Corasick pass (#shared/text/patterns) over the text, which finds every
 *   occurrence of every trigger at once, then a boundary test per occurrence;
 * - wildcard: the longest literal of each is in that same pass; only triggers whose literal occurs are simulated;
 * - regex: only when nothing more specific filled the message's quota, all together in the shared sandbox with a
 *   time budget (#shared/regex/runner), whose literal pre-check skips most messages without running anything.
 */
export class AutoReplyMatcher {
	public readonly triggers: readonly AutoReply[];
	readonly #exact = new Map<string, AutoReply>();
	readonly #prefixes: LiteralSet<AutoReply>;
	readonly #longestPrefix: number;
	readonly #literals: LiteralSet<Literal>;
	readonly #globs = new Map<number, Glob>();
	/** Regex triggers, most specific first; index i of the runner is regexes[i]. */
	readonly #regexes: AutoReply[];
	readonly #runner: RegexRunner | null;
	#timeouts = 0;

	public constructor(triggers: readonly AutoReply[], options: { regexBudgetMs?: number } = {}) {
		this.triggers = triggers;
		const prefixes: [string, AutoReply][] = [];
		const literals: [string, Literal][] = [];
		for (const trigger of triggers) {
			if (trigger.match === 'exact') this.#exact.set(trigger.normalized, trigger);
			else if (trigger.match === 'starts_with') prefixes.push([trigger.normalized, trigger]);
			else if (trigger.match === 'word' || trigger.match === 'contains') literals.push([trigger.normalized, { trigger, kind: trigger.match }]);
			else if (trigger.match === 'wildcard') {
				const glob = compileGlob(trigger.trigger);
				this.#globs.set(trigger.id, glob);
				literals.push([glob.longestLiteral, { trigger, kind: 'wildcard' }]);
			}
		}
		this.#prefixes = new LiteralSet(prefixes);
		this.#longestPrefix = Math.max(0, ...prefixes.map(([prefix]) => prefix.length));
		this.#literals = new LiteralSet(literals);
		this.#regexes = triggers.filter((trigger) => trigger.match === 'regex').sort(compareSpecificity);
		this.#runner = this.#regexes.length
			? new RegexRunner(
					this.#regexes.map((trigger) => trigger.trigger),
					options.regexBudgetMs
				)
			: null;
	}

	public get size(): number {
		return this.triggers.length;
	}

	/**
	 * Estimated bytes of the compiled triggers (for the plugin's memory report): each trigger's record and texts, the
	 * automata's nodes (a small map and three slots each), the wildcards' compiled units and the regexes' sources. The
	 * regex sandbox's own compiled code is not counted.
	 */
	public estimateBytes(): number {
		let bytes = objectBytes(10) + mapBytes(this.#exact.size) + mapBytes(this.#globs.size);
		for (const trigger of this.triggers) {
			bytes += objectBytes(12) + stringBytes(trigger.trigger) + stringBytes(trigger.normalized) + arrayBytes(trigger.responses.length);
			for (const response of trigger.responses) bytes += objectBytes(2) + stringBytes(response.text);
		}
		bytes += this.#prefixes.estimateBytes() + this.#literals.estimateBytes();
		for (const glob of this.#globs.values())
			bytes += MAP_ENTRY_BYTES + objectBytes(4) + arrayBytes(glob.units.length) + glob.units.length * objectBytes(2);
		for (const trigger of this.#regexes) bytes += stringBytes(trigger.trigger) * 2;
		return bytes;
	}

	/** True once the regex triggers overran their budget too often; they are skipped until the triggers reload. */
	public get regexSuspended(): boolean {
		return this.#timeouts >= MAX_REGEX_TIMEOUTS;
	}

	/** The matching triggers that may fire, most specific first, at most `limit` of them. */
	public match(raw: string, options: MatchOptions = {}): AutoReplyMatch[] {
		const limit = options.limit ?? Infinity;
		const eligible = options.eligible ?? (() => true);
		if (this.triggers.length === 0 || limit <= 0) return [];
		const text = matchText(raw);
		if (text.length === 0) return [];
		const found = this.#literalHits(text);
		const hits =
			found.length === 0
				? []
				: found
						.sort((a, b) => compareSpecificity(a.trigger, b.trigger))
						.filter((hit) => eligible(hit.trigger))
						.slice(0, limit);
		if (hits.length < limit && this.#runner && !this.regexSuspended && this.#regexes.some(eligible)) {
			try {
				hits.push(...this.#regexHits(text, raw, eligible, limit - hits.length));
			} catch (error) {
				if (!(error instanceof RegexTimeoutError)) throw error;
				this.#timeouts++;
				options.onTimeout?.(error);
			}
		}
		if (hits.length === 0) return [];
		const mapped = mappedMatchText(raw);
		return hits.map((hit) => ({ trigger: hit.trigger, args: argsOf(hit, raw, mapped) }));
	}

	/** Every non-regex trigger found in `text`, each once (at its first valid place). */
	#literalHits(text: string): Hit[] {
		// Created on the first hit: most messages have none, and then allocate nothing here.
		let hits = null as Map<number, Hit> | null;
		const exact = this.#exact.get(text);
		if (exact) (hits ??= new Map()).set(exact.id, { trigger: exact, from: text.length, to: null, exact: true });
		// A first pass without a visitor (no closure, no slice) for the common case: no literal at all.
		if (this.#prefixes.size && this.#prefixes.startsWithSome(text, this.#longestPrefix + 1))
			this.#prefixes.scan(text.length > this.#longestPrefix ? text.slice(0, this.#longestPrefix + 1) : text, (trigger, start, end) => {
				if (start === 0 && !hits?.has(trigger.id) && isWholeWord(text, 0, end))
					(hits ??= new Map()).set(trigger.id, { trigger, from: end, to: null });
			});
		if (this.#literals.size && this.#literals.some(text)) {
			let wildcards = null as Set<AutoReply> | null;
			this.#literals.scan(text, ({ trigger, kind }, start, end) => {
				if (hits?.has(trigger.id)) return;
				if (kind === 'wildcard') (wildcards ??= new Set()).add(trigger);
				else if (kind === 'contains' || isWholeWord(text, start, end)) (hits ??= new Map()).set(trigger.id, { trigger, from: end, to: null });
			});
			for (const trigger of wildcards ?? []) {
				const found = matchGlob(this.#globs.get(trigger.id)!, text);
				if (found) (hits ??= new Map()).set(trigger.id, { trigger, from: found.starStart, to: found.starEnd });
			}
		}
		return hits === null ? [] : [...hits.values()];
	}

	/**
	 * The sandbox's quick run says whether any regex matches (most messages: no, often without running at all). Only
	 * then, and only when several regex triggers could compete, does a second run list which ones match, so the
	 * most specific can be picked.
	 */
	#regexHits(text: string, raw: string, eligible: (trigger: AutoReply) => boolean, limit: number): Hit[] {
		const first = this.#runner!.first(text, raw);
		if (!first) return [];
		const matches: RegexMatch[] = this.#regexes.length === 1 ? [first] : this.#runner!.all(text, raw);
		const byIndex = new Map<number, RegexMatch>();
		// Prefer a match in the normalised text (listed first) to one in the raw text.
		for (const match of matches) if (!byIndex.has(match.index)) byIndex.set(match.index, match);
		const hits: Hit[] = [];
		for (const [index, trigger] of this.#regexes.entries()) {
			const match = byIndex.get(index);
			if (!match || !eligible(trigger)) continue;
			hits.push({ trigger, from: match.end, to: null, raw: match.text === 1 });
			if (hits.length >= limit) break;
		}
		return hits;
	}
}

function argsOf(hit: Hit, raw: string, mapped: MappedText): string {
	if (hit.exact) return '';
	if (hit.raw) return raw.slice(hit.from).trim();
	if (hit.to !== null) return originalBetween(raw, mapped, hit.from, hit.to);
	return originalAfter(raw, mapped, hit.from);
}
