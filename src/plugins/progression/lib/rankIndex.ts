import { MAP_ENTRY_BYTES, objectBytes } from '#core/stats/memory';

/**
 * "My position" without counting rows. Counting the members ahead with SQL reads every index entry ahead of the
 * member (≈ 10 ms per 50,000 on PostgreSQL, bench/leaderboard); a binary search in a sorted copy of the guild's
 * totals takes microseconds. Ties are not resolved here (they need user ids): the caller counts those with a cheap
 * equality query.
 *
 * A copy is exact: it is built from the database while no flush runs, the buffer's unwritten changes are laid
 * over it in the same synchronous step, and every later change made through the buffer moves one value. It is
 * rebuilt after `ttlMs` so writes made outside the buffer (another process, a manual SQL fix) show up, and copies
 * nobody asked for within `idleMs` are dropped.
 */
export class SortedXp {
	/** Ascending; only the first `#length` slots are in use. */
	#values: Int32Array;
	#length: number;

	public constructor(values: Iterable<number>) {
		const array = Int32Array.from(values).sort();
		this.#values = array;
		this.#length = array.length;
	}

	public get size(): number {
		return this.#length;
	}

	/** Bytes of the backing array (its capacity, which grows by doubling). */
	public get byteLength(): number {
		return this.#values.byteLength;
	}

	/** Index of the first value ≥ x. */
	#lowerBound(x: number): number {
		let low = 0;
		let high = this.#length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (this.#values[mid]! < x) low = mid + 1;
			else high = mid;
		}
		return low;
	}

	/** How many totals are strictly above `x`. */
	public countAbove(x: number): number {
		return this.#length - this.#lowerBound(x + 1);
	}

	public insert(x: number): void {
		if (this.#length === this.#values.length) {
			const grown = new Int32Array(Math.max(16, this.#values.length * 2));
			grown.set(this.#values.subarray(0, this.#length));
			this.#values = grown;
		}
		const at = this.#lowerBound(x);
		this.#values.copyWithin(at + 1, at, this.#length);
		this.#values[at] = x;
		this.#length++;
	}

	/** Removes one occurrence of `x`; false when there is none. */
	public remove(x: number): boolean {
		const at = this.#lowerBound(x);
		if (at >= this.#length || this.#values[at] !== x) return false;
		this.#values.copyWithin(at, at + 1, this.#length);
		this.#length--;
		return true;
	}

	/** A member's total went from `from` (null: not counted before) to `to` (null: no longer counted). */
	public move(from: number | null, to: number | null): void {
		if (from !== null) this.remove(from);
		if (to !== null) this.insert(to);
	}
}

export interface RankIndexOptions {
	/** Rebuild a copy this old. Default 5 minutes. */
	ttlMs?: number;
	/** Drop copies nobody read for this long. Default 10 minutes. */
	idleMs?: number;
	now?: () => number;
}

interface Copy {
	sorted: SortedXp;
	builtAt: number;
	usedAt: number;
}

export class RankIndex {
	readonly #copies = new Map<string, Copy>();
	readonly #building = new Map<string, Promise<SortedXp>>();
	readonly #ttlMs: number;
	readonly #idleMs: number;
	readonly #now: () => number;

	public constructor(options: RankIndexOptions = {}) {
		this.#ttlMs = options.ttlMs ?? 5 * 60_000;
		this.#idleMs = options.idleMs ?? 10 * 60_000;
		this.#now = options.now ?? Date.now;
	}

	/**
	 * The guild's fresh copy, or a new one: `load` reads the totals from the database, then `overlay` applies the
	 * changes the database does not have yet, synchronously, right before the copy starts receiving `move`s.
	 * Concurrent callers share one build. The caller makes sure no flush runs during `load`.
	 */
	public async get(guildId: string, load: () => Promise<number[]>, overlay: (sorted: SortedXp) => void): Promise<SortedXp> {
		const now = this.#now();
		const copy = this.#copies.get(guildId);
		if (copy && now - copy.builtAt < this.#ttlMs) {
			copy.usedAt = now;
			return copy.sorted;
		}
		const pending = this.#building.get(guildId);
		if (pending) return pending;
		const build = (async () => {
			const values = await load();
			const sorted = new SortedXp(values);
			overlay(sorted);
			this.#copies.set(guildId, { sorted, builtAt: this.#now(), usedAt: this.#now() });
			return sorted;
		})().finally(() => this.#building.delete(guildId));
		this.#building.set(guildId, build);
		this.#sweep(now);
		return build;
	}

	/** The guild's copy when it is fresh, without building one. */
	public peek(guildId: string): SortedXp | undefined {
		const now = this.#now();
		const copy = this.#copies.get(guildId);
		if (!copy || now - copy.builtAt >= this.#ttlMs) return undefined;
		copy.usedAt = now;
		return copy.sorted;
	}

	/** Applies a change made through the buffer; guilds without a copy ignore it. */
	public move(guildId: string, from: number | null, to: number | null): void {
		this.#copies.get(guildId)?.sorted.move(from, to);
	}

	/** Drops a guild's copy (after a reset); the next read rebuilds it. */
	public forget(guildId: string): void {
		this.#copies.delete(guildId);
	}

	public has(guildId: string): boolean {
		return this.#copies.has(guildId);
	}

	/** Estimated bytes of the copies held: their typed arrays (exact) and a map slot and record each. */
	public estimateBytes(): number {
		let bytes = 0;
		for (const copy of this.#copies.values()) bytes += copy.sorted.byteLength + MAP_ENTRY_BYTES + objectBytes(3) + 64;
		return bytes;
	}

	#sweep(now: number): void {
		for (const [guildId, copy] of this.#copies) if (now - copy.usedAt > this.#idleMs) this.#copies.delete(guildId);
	}
}
