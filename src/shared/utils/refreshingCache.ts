/**
 * Per-key state loaded from the database and kept in memory (a guild's compiled word-filter rules or auto-reply
 * triggers), so a message handler can decide synchronously for almost every message.
 *
 * - `peek` answers from memory only; an entry older than `refreshMs` is still served while a reload runs in the
 *   background, which bounds how long another process sharing the database (a shard) can lag behind a change.
 * - `load` starts (or joins) the one load of a key.
 * - `invalidate` after a change: the entry is dropped, and a load that started before the change never caches its
 *   (stale) result.
 */
export interface RefreshingCacheOptions<K, V> {
	readonly load: (key: K) => Promise<V>;
	/** Age after which `peek` schedules a background reload. */
	readonly refreshMs: number;
	/** Hears about failed background reloads (the old entry stays). */
	readonly onRefreshError?: (key: K, error: unknown) => void;
}

export class RefreshingCache<K, V> {
	readonly #entries = new Map<K, { value: V; loadedAt: number }>();
	readonly #loading = new Map<K, Promise<V>>();
	/** Bumped by invalidate(): a load that started before a change must not cache its result. */
	readonly #generations = new Map<K, number>();
	readonly #options: RefreshingCacheOptions<K, V>;

	public constructor(options: RefreshingCacheOptions<K, V>) {
		this.#options = options;
	}

	/** The cached value, or undefined (then call load). Schedules a background refresh of old entries. */
	public peek(key: K, now = Date.now()): V | undefined {
		const entry = this.#entries.get(key);
		if (entry && now - entry.loadedAt > this.#options.refreshMs && !this.#loading.has(key))
			void this.load(key).catch((error: unknown) => this.#options.onRefreshError?.(key, error));
		return entry?.value;
	}

	public load(key: K): Promise<V> {
		const pending = this.#loading.get(key);
		if (pending) return pending;
		const generation = this.#generations.get(key) ?? 0;
		const promise = this.#options
			.load(key)
			.then((value) => {
				if ((this.#generations.get(key) ?? 0) === generation) this.#entries.set(key, { value, loadedAt: Date.now() });
				return value;
			})
			.finally(() => {
				if (this.#loading.get(key) === promise) this.#loading.delete(key);
			});
		this.#loading.set(key, promise);
		return promise;
	}

	/** Entries cached (loaded values, fresh or due for a refresh). */
	public get size(): number {
		return this.#entries.size;
	}

	/** The cached values, without scheduling refreshes (for memory estimates and stats). */
	public *values(): IterableIterator<V> {
		for (const entry of this.#entries.values()) yield entry.value;
	}

	public invalidate(key: K): void {
		this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
		this.#entries.delete(key);
		this.#loading.delete(key);
	}

	/** Drops every entry (a plugin reloading, tests). */
	public clear(): void {
		for (const key of [...this.#entries.keys(), ...this.#loading.keys()]) this.invalidate(key);
	}
}
