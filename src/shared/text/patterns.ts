/**
 * Generic pattern-set matching over normalised text (#shared/text/normalize), for features that look for many
 * user-defined strings in every message (the word filter's rules, auto-reply triggers): the word-boundary test both
 * share, and a set of literals found in one pass over the text whatever their number.
 */

const LETTER = /[\p{L}\p{N}]/u;
const letterCache = new Map<number, boolean>();

/** Whether the character at `index` is a letter or digit (what word boundaries are about). */
export function isLetterAt(text: string, index: number, code = text.charCodeAt(index)): boolean {
	if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
	// A low surrogate belongs to the character before it.
	if (code >= 0xdc00 && code <= 0xdfff) return index > 0 && isLetterAt(text, index - 1, text.charCodeAt(index - 1));
	const point = code >= 0xd800 && code <= 0xdbff ? text.codePointAt(index)! : code;
	let letter = letterCache.get(point);
	if (letter === undefined) {
		letter = LETTER.test(String.fromCodePoint(point));
		if (letterCache.size < 20_000) letterCache.set(point, letter);
	}
	return letter;
}

/**
 * Whether `text[start, end)` stands as whole words: no letter or digit glued to either end. An end of the span that is
 * itself punctuation needs no boundary (`!rules` is found in `see!rules`; `rules` is not found in `rulesets`).
 */
export function isWholeWord(text: string, start: number, end: number): boolean {
	if (end <= start) return false;
	if (start > 0 && isLetterAt(text, start) && isLetterAt(text, start - 1)) return false;
	if (end < text.length && isLetterAt(text, end - 1) && isLetterAt(text, end)) return false;
	return true;
}

/**
 * A set of literal strings found in one left-to-right pass (Aho-Corasick): the cost per message grows with its length
 * and the number of occurrences, not with the number of literals, so 250 triggers cost about what 2 do. Literals
 * are compared as UTF-16 units, as given: normalise both sides first.
 */
export class LiteralSet<T> {
	/** Per node: next node by UTF-16 unit. */
	readonly #next: Map<number, number>[] = [new Map()];
	/** Per node: the longest proper suffix that is also a path of the trie. */
	readonly #fail: number[] = [0];
	/** Per node: the literals ending exactly there (indexes into #values). */
	readonly #own: (number[] | undefined)[] = [undefined];
	/** Per node: the nearest node along the fail chain that ends a literal (-1: none), so a scan never walks dead links. */
	readonly #output: number[] = [-1];
	readonly #values: T[] = [];
	readonly #lengths: number[] = [];
	/**
	 * The root's children by ASCII code (0: none). A scan spends most characters at the root (no literal started), where
	 * this is one array read instead of a map look-up.
	 */
	readonly #rootAscii = new Int32Array(128);

	public constructor(entries: Iterable<readonly [literal: string, value: T]>) {
		for (const [literal, value] of entries) {
			if (literal.length === 0) continue;
			let node = 0;
			for (let i = 0; i < literal.length; i++) {
				const code = literal.charCodeAt(i);
				let child = this.#next[node]!.get(code);
				if (child === undefined) {
					child = this.#next.push(new Map()) - 1;
					this.#fail.push(0);
					this.#own.push(undefined);
					this.#output.push(-1);
					this.#next[node]!.set(code, child);
				}
				node = child;
			}
			const index = this.#values.push(value) - 1;
			this.#lengths.push(literal.length);
			(this.#own[node] ??= []).push(index);
		}
		this.#link();
		for (const [code, child] of this.#next[0]!) if (code < 128) this.#rootAscii[code] = child;
	}

	/** Nodes of the automaton (1 for an empty set): what its memory grows with. */
	public get nodeCount(): number {
		return this.#next.length;
	}

	/** How many literals the set holds. */
	public get size(): number {
		return this.#values.length;
	}

	/**
	 * Calls `visit` for every occurrence of every literal, in the order they end in the text (at one end, longest
	 * first); `visit` returns true to stop the scan.
	 */
	public scan(text: string, visit: (value: T, start: number, end: number) => boolean | void): void {
		if (this.#values.length === 0) return;
		let node = 0;
		for (let i = 0; i < text.length; i++) {
			node = this.step(node, text.charCodeAt(i));
			// The root ends no literal.
			if (node === 0) continue;
			for (let hit = this.#own[node] ? node : this.#output[node]!; hit > 0; hit = this.#output[hit]!) {
				for (const index of this.#own[hit]!) if (visit(this.#values[index]!, i + 1 - this.#lengths[index]!, i + 1) === true) return;
			}
		}
	}

	/** Whether some literal occurs in `text` (and, given `test`, one whose value passes it); stops at the first. */
	public some(text: string, test: (value: T) => boolean = () => true): boolean {
		let found = false;
		this.scan(text, (value) => (found = test(value)));
		return found;
	}

	/**
	 * One step of a scan fed a UTF-16 unit at a time (for callers that skip or map characters as they go): the node
	 * after `code`, starting from node 0. {@link endsLiteral} says whether some literal ends there.
	 */
	public step(node: number, code: number): number {
		while (node !== 0) {
			const next = this.#next[node]!.get(code);
			if (next !== undefined) return next;
			node = this.#fail[node]!;
		}
		return code < 128 ? this.#rootAscii[code]! : (this.#next[0]!.get(code) ?? 0);
	}

	/** Whether a literal ends at `node` (the text fed so far ends with one). */
	public endsLiteral(node: number): boolean {
		return this.#own[node] !== undefined || this.#output[node]! > 0;
	}

	/** Breadth-first: a node's fail link is known once every shallower node's is. */
	#link(): void {
		const queue: number[] = [];
		for (const child of this.#next[0]!.values()) queue.push(child);
		for (let head = 0; head < queue.length; head++) {
			const node = queue[head]!;
			for (const [code, child] of this.#next[node]!) {
				let fallback = this.#fail[node]!;
				while (fallback !== 0 && !this.#next[fallback]!.has(code)) fallback = this.#fail[fallback]!;
				const target = this.#next[fallback]!.get(code);
				this.#fail[child] = target !== undefined && target !== child ? target : 0;
				const linked = this.#fail[child]!;
				this.#output[child] = this.#own[linked] ? linked : this.#output[linked]!;
				queue.push(child);
			}
		}
	}
}
