import { Collection } from 'discord.js';

/**
 * A bounded cache for a discord.js manager whose entries keep arriving (a channel's messages): two plain Maps, the
 * newer one taking every write. When the newer one holds half the limit, the older one is dropped whole and the newer
 * one becomes the older. It holds the last `maxSize / 2` to `maxSize` entries, never deletes to make room, and so never
 * makes V8 rehash a table.
 *
 * Why not discord.js's `LimitedCollection`: it deletes the oldest entry for every new one, and V8 rebuilds a Map's
 * table every few dozen such deletes. The table it leaves behind keeps its entries and a link to the new table (for
 * iterators that were walking it). Once a table is in the old generation (a full GC moves the young generation
 * there), every table left behind after it is found through it by every scavenge, with the messages it held: a chain
 * that keeps each message the cache ever held alive until the next full GC. In bench:router that made the young
 * generation promote 1.3 to 1.7 MB per scavenge instead of about 0.1 MB, scavenges five to ten times as long, and about
 * a third of Tika's per-message cost; the bare client only escaped it by having no full GC during the timed section.
 *
 * It is a `Collection` (discord.js checks nothing more), with the Map methods answered from the two generations;
 * Collection's helpers work through them. Derived collections (`filter`, `clone`, …) are plain Collections.
 */
export class GenerationalCollection<K, V> extends Collection<K, V> {
	public static override get [Symbol.species]() {
		return Collection;
	}

	#newer = new Map<K, V>();
	#older = new Map<K, V>();
	readonly #half: number;
	readonly #keep: ((value: V, key: K) => boolean) | null;

	/**
	 * `keep` names entries that must outlive their generation (the bot's own user and member): when the older generation
	 * is dropped, those are carried into the new one. They count towards the limit.
	 */
	public constructor(maxSize: number, keep: ((value: V, key: K) => boolean) | null = null) {
		super();
		if (!Number.isInteger(maxSize) || maxSize < 2) throw new RangeError(`maxSize must be an integer of at least 2, got ${maxSize}`);
		this.#half = Math.ceil(maxSize / 2);
		this.#keep = keep;
	}

	public override get size(): number {
		return this.#newer.size + this.#older.size;
	}

	public override get(key: K): V | undefined {
		const value = this.#newer.get(key);
		return value !== undefined || this.#newer.has(key) ? value : this.#older.get(key);
	}

	public override has(key: K): boolean {
		return this.#newer.has(key) || this.#older.has(key);
	}

	public override set(key: K, value: V): this {
		if (this.#newer.has(key)) {
			this.#newer.set(key, value);
			return this;
		}
		// Rare (a message written again): it moves to the newer generation, so each key is in one of them.
		this.#older.delete(key);
		if (this.#newer.size >= this.#half) {
			const dropped = this.#older;
			this.#older = this.#newer;
			this.#newer = new Map();
			if (this.#keep !== null) for (const [kept, entry] of dropped) if (this.#keep(entry, kept)) this.#newer.set(kept, entry);
		}
		this.#newer.set(key, value);
		return this;
	}

	public override delete(key: K): boolean {
		return this.#newer.delete(key) || this.#older.delete(key);
	}

	public override clear(): void {
		this.#newer = new Map();
		this.#older = new Map();
	}

	/** Oldest first, as a Map iterates. */
	public override entries(): MapIterator<[K, V]> {
		return chain(this.#older.entries(), this.#newer.entries());
	}

	public override keys(): MapIterator<K> {
		return chain(this.#older.keys(), this.#newer.keys());
	}

	public override values(): MapIterator<V> {
		return chain(this.#older.values(), this.#newer.values());
	}

	public override [Symbol.iterator](): MapIterator<[K, V]> {
		return this.entries();
	}

	public override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
		for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
	}
}

function* chain<T>(first: Iterable<T>, second: Iterable<T>): MapIterator<T> {
	yield* first;
	yield* second;
}
