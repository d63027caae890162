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

/** The dense transition table's size limit, in entries of 4 bytes (1 MiB); a larger set steps through its maps instead. */
export const MAX_TABLE_ENTRIES = 1 << 18;

/**
 * A set of literal strings found in one left-to-right pass (Aho-Corasick): the cost per message grows with its length
 * and the number of occurrences, not with the number of literals, so 250 triggers cost about what 2 do. Literals
 * are compared as UTF-16 units, as given: normalise both sides first.
 *
 * Built as a trie with failure links, then turned into a dense table (a DFA): every character of the text is one
 * array read, whatever state the scan is in, instead of a map look-up per failure link followed. The table's columns
 * are the distinct UTF-16 units the literals use (any other unit leads back to the start), so a set of 250 phrases
 * needs a few hundred KiB; a set whose table would pass MAX_TABLE_ENTRIES keeps stepping through the trie's maps.
 */
export class LiteralSet<T> {
	/** Per node: next node by UTF-16 unit (construction, and stepping when there is no table). */
	#next: Map<number, number>[] = [new Map()];
	/** Per node: the longest proper suffix that is also a path of the trie. */
	#fail: number[] = [0];
	/** Per node: the literals ending exactly there (indexes into #values). */
	#own: (number[] | undefined)[] = [undefined];
	/** Per node: the nearest node along the fail chain that ends a literal (-1: none), so a scan never walks dead links. */
	#output: number[] = [-1];
	readonly #values: T[] = [];
	readonly #lengths: number[] = [];
	/** Per node: 1 when some literal ends there (its own or along its fail chain). */
	#ends = new Uint8Array(1);
	/** Per node: how many units from the start (the length of its path in the trie). */
	#depth: Int32Array;
	#nodes = 1;
	/**
	 * The root's children by ASCII code (0: none), for stepping without a table: a scan spends most characters at the
	 * root, where this is one array read instead of a map look-up.
	 */
	readonly #rootAscii = new Int32Array(128);
	/** The DFA: the next node is `#table[node * #width + column]`; null when it would be too large. */
	#table: Int32Array | null = null;
	#width = 1;
	/** The column of each ASCII unit (0: used by no literal). */
	readonly #columnAscii = new Uint16Array(128);
	/** The column of each other unit some literal uses. */
	readonly #columnOther = new Map<number, number>();

	public constructor(entries: Iterable<readonly [literal: string, value: T]>, options: { maxTableEntries?: number } = {}) {
		const depths = [0];
		for (const [literal, value] of entries) {
			if (literal.length === 0) continue;
			let node = 0;
			for (let i = 0; i < literal.length; i++) {
				const code = literal.charCodeAt(i);
				let child = this.#next[node]!.get(code);
				if (child === undefined) {
					child = this.#next.push(new Map()) - 1;
					depths.push(i + 1);
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
		this.#nodes = this.#next.length;
		this.#depth = Int32Array.from(depths);
		const order = this.#link();
		this.#ends = new Uint8Array(this.#nodes);
		for (let node = 1; node < this.#nodes; node++) this.#ends[node] = this.#own[node] !== undefined || this.#output[node]! > 0 ? 1 : 0;
		for (const [code, child] of this.#next[0]!) if (code < 128) this.#rootAscii[code] = child;
		this.#tabulate(order, options.maxTableEntries ?? MAX_TABLE_ENTRIES);
	}

	/** Nodes of the automaton (1 for an empty set). */
	public get nodeCount(): number {
		return this.#nodes;
	}

	/** How many literals the set holds. */
	public get size(): number {
		return this.#values.length;
	}

	/** Whether the set runs on its dense table (else on the trie's maps: a set too large for MAX_TABLE_ENTRIES). */
	public get tabulated(): boolean {
		return this.#table !== null;
	}

	/** Estimated bytes held: the table or the trie's maps, and a few slots per node. */
	public estimateBytes(): number {
		const perNode = 4 * 8 + 5;
		const structure = this.#table !== null ? this.#table.byteLength + this.#columnOther.size * 24 : this.#nodes * (64 + 24);
		return structure + this.#nodes * perNode + this.#values.length * 16;
	}

	/**
	 * Calls `visit` for every occurrence of every literal, in the order they end in the text (at one end, longest
	 * first); `visit` returns true to stop the scan.
	 */
	public scan(text: string, visit: (value: T, start: number, end: number) => boolean | void): void {
		if (this.#values.length === 0) return;
		const ends = this.#ends;
		const table = this.#table;
		const width = this.#width;
		const ascii = this.#columnAscii;
		const other = this.#columnOther;
		let node = 0;
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			node = table !== null ? table[node * width + (code < 128 ? ascii[code]! : (other.get(code) ?? 0))]! : this.step(node, code);
			if (ends[node] === 0) continue;
			for (let hit = this.#own[node] ? node : this.#output[node]!; hit > 0; hit = this.#output[hit]!) {
				for (const index of this.#own[hit]!) if (visit(this.#values[index]!, i + 1 - this.#lengths[index]!, i + 1) === true) return;
			}
		}
	}

	/** Whether some literal occurs in `text`; stops at the first. */
	public some(text: string): boolean;
	/** Whether a literal whose value passes `test` occurs in `text`; stops at the first. */
	public some(text: string, test: (value: T) => boolean): boolean;
	public some(text: string, test?: (value: T) => boolean): boolean {
		if (this.#values.length === 0) return false;
		if (test === undefined) {
			const ends = this.#ends;
			const table = this.#table;
			let node = 0;
			if (table !== null) {
				// step() by hand: this loop is on every message's path (the prefilters of the word filter and auto-replies).
				const width = this.#width;
				const ascii = this.#columnAscii;
				const other = this.#columnOther;
				for (let i = 0; i < text.length; i++) {
					const code = text.charCodeAt(i);
					node = table[node * width + (code < 128 ? ascii[code]! : (other.get(code) ?? 0))]!;
					if (ends[node] === 1) return true;
				}
				return false;
			}
			for (let i = 0; i < text.length; i++) {
				node = this.step(node, text.charCodeAt(i));
				if (ends[node] === 1) return true;
			}
			return false;
		}
		let found = false;
		this.scan(text, (value) => (found = test(value)));
		return found;
	}

	/** Whether a literal starts at the beginning of `text` and ends within its first `limit` units. */
	public startsWithSome(text: string, limit = text.length): boolean {
		const ends = this.#ends;
		const end = Math.min(limit, text.length);
		let node = 0;
		const depth = this.#depth;
		for (let i = 0; i < end; i++) {
			node = this.step(node, text.charCodeAt(i));
			// Off the path from the start (the scan fell back to a shorter suffix): no literal begins at 0.
			if (depth[node] !== i + 1) return false;
			if (ends[node] === 1) return true;
		}
		return false;
	}

	/**
	 * One step of a scan fed a UTF-16 unit at a time (for callers that skip or map characters as they go): the node
	 * after `code`, starting from node 0. {@link endsLiteral} says whether some literal ends there.
	 */
	public step(node: number, code: number): number {
		const table = this.#table;
		if (table !== null) return table[node * this.#width + (code < 128 ? this.#columnAscii[code]! : (this.#columnOther.get(code) ?? 0))]!;
		while (node !== 0) {
			const next = this.#next[node]!.get(code);
			if (next !== undefined) return next;
			node = this.#fail[node]!;
		}
		return code < 128 ? this.#rootAscii[code]! : (this.#next[0]!.get(code) ?? 0);
	}

	/** Whether a literal ends at `node` (the text fed so far ends with one). */
	public endsLiteral(node: number): boolean {
		return this.#ends[node] === 1;
	}

	/** Breadth-first: a node's fail link is known once every shallower node's is. Returns the nodes in that order. */
	#link(): number[] {
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
		return queue;
	}

	/**
	 * Fills the dense table, in breadth-first order so that a node's fail target's row is done before its own: a unit
	 * with no edge from the node goes where it goes from the fail target. Then the maps are dropped.
	 */
	#tabulate(order: readonly number[], maxEntries: number): void {
		const codes: number[] = [];
		for (const edges of this.#next) {
			for (const code of edges.keys()) {
				if (code < 128 ? this.#columnAscii[code] !== 0 : this.#columnOther.has(code)) continue;
				codes.push(code);
				if (code < 128) this.#columnAscii[code] = codes.length;
				else this.#columnOther.set(code, codes.length);
			}
		}
		const width = codes.length + 1;
		if (this.#nodes * width > maxEntries) {
			this.#columnAscii.fill(0);
			this.#columnOther.clear();
			return;
		}
		// Nodes are renumbered breadth-first: the shallow nodes, where a scan of ordinary text spends nearly all of its
		// steps, get the first rows, so the rows a scan reads stay in a few cache lines instead of across the table.
		const renumbered = new Int32Array(this.#nodes);
		for (let index = 0; index < order.length; index++) renumbered[order[index]!] = index + 1;
		const table = new Int32Array(this.#nodes * width);
		// Column 0 (a unit no literal uses) stays 0 everywhere: back to the start.
		for (let column = 1; column < width; column++) table[column] = renumbered[this.#next[0]!.get(codes[column - 1]!) ?? 0]!;
		for (let index = 0; index < order.length; index++) {
			const node = order[index]!;
			const row = (index + 1) * width;
			const fallback = renumbered[this.#fail[node]!]! * width;
			const edges = this.#next[node]!;
			for (let column = 1; column < width; column++) {
				const child = edges.get(codes[column - 1]!);
				table[row + column] = child === undefined ? table[fallback + column]! : renumbered[child]!;
			}
		}
		const own: (number[] | undefined)[] = new Array<number[] | undefined>(this.#nodes).fill(undefined);
		const output = new Array<number>(this.#nodes).fill(-1);
		const ends = new Uint8Array(this.#nodes);
		const depth = new Int32Array(this.#nodes);
		for (let node = 0; node < this.#nodes; node++) {
			const to = renumbered[node]!;
			own[to] = this.#own[node];
			output[to] = this.#output[node]! > 0 ? renumbered[this.#output[node]!]! : -1;
			ends[to] = this.#ends[node]!;
			depth[to] = this.#depth[node]!;
		}
		this.#own = own;
		this.#output = output;
		this.#ends = ends;
		this.#depth = depth;
		for (let code = 0; code < 128; code++) this.#rootAscii[code] = renumbered[this.#rootAscii[code]!]!;
		this.#table = table;
		this.#width = width;
		this.#next = [];
		this.#fail = [];
	}
}
