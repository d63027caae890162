/**
 * A per-key promise chain: tasks with the same key run one after another, in call order; other keys run freely.
 * The bot is a single process, so this serialises case-number allocation per guild before it reaches the database
 * (SQLite serialises writers anyway and interactive transactions there fail with SQLITE_BUSY under contention).
 */
export class KeyedMutex {
	readonly #tails = new Map<string, Promise<unknown>>();

	public run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.#tails.get(key) ?? Promise.resolve();
		const result = previous.then(task, task);
		const tail = result.then(
			() => undefined,
			() => undefined
		);
		this.#tails.set(key, tail);
		void tail.then(() => {
			if (this.#tails.get(key) === tail) this.#tails.delete(key);
		});
		return result;
	}

	/** Keys with work queued or running (tests). */
	public get size(): number {
		return this.#tails.size;
	}
}
