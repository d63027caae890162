/**
 * Per-key debounced, serialised runs: the heart of "a burst of 30 reactions gives at most 3 edits" and "simultaneous
 * reactions never post twice".
 *
 * - `schedule(key)` (re)arms a trailing timer: the run happens once the key has been quiet for `waitMs`, and at the
 *   latest `maxWaitMs` after the first event still waiting, so a post that keeps getting reactions still moves.
 * - Runs of one key never overlap: a key that comes due while it is running is run once more right after (its events
 *   arrived after the running flush read its state). Different keys run concurrently.
 * - `runNow(key)` skips the wait (manual highlight, refresh, an edited source) but still queues behind a running flush.
 *
 * Timers are injectable so unit tests drive time by hand.
 */
export interface DebounceTimers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
	now(): number;
}

export interface DebounceOptions {
	waitMs: number;
	maxWaitMs: number;
	timers?: DebounceTimers;
	/** Called when a run throws; the key stays usable. */
	onError?: (key: string, error: unknown) => void;
}

interface KeyState {
	timer: unknown;
	/** When the oldest event still waiting arrived. */
	firstAt: number;
	dueAt: number;
}

const realTimers: DebounceTimers = {
	setTimeout: (callback, ms) => {
		const handle = setTimeout(callback, ms);
		handle.unref?.();
		return handle;
	},
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
	now: () => Date.now()
};

export class KeyedDebouncer {
	readonly #run: (key: string) => Promise<void>;
	readonly #options: DebounceOptions;
	readonly #timers: DebounceTimers;
	readonly #waiting = new Map<string, KeyState>();
	/** The running (or queued) chain of a key; removed once it settles with nothing queued behind. */
	readonly #chains = new Map<string, Promise<void>>();
	/** Keys that came due while running: one more run follows. */
	readonly #again = new Set<string>();

	public constructor(run: (key: string) => Promise<void>, options: DebounceOptions) {
		this.#run = run;
		this.#options = options;
		this.#timers = options.timers ?? realTimers;
	}

	/** Keys waiting for their timer. */
	public get waiting(): number {
		return this.#waiting.size;
	}

	/** Keys running or queued. */
	public get running(): number {
		return this.#chains.size;
	}

	/** Whether the key is waiting, running or queued. */
	public isActive(key: string): boolean {
		return this.#waiting.has(key) || this.#chains.has(key);
	}

	public schedule(key: string): void {
		const now = this.#timers.now();
		const current = this.#waiting.get(key);
		const firstAt = current?.firstAt ?? now;
		const dueAt = Math.min(now + this.#options.waitMs, firstAt + Math.max(this.#options.waitMs, this.#options.maxWaitMs));
		if (current) {
			if (current.dueAt === dueAt) return;
			this.#timers.clearTimeout(current.timer);
		}
		const timer = this.#timers.setTimeout(() => void this.#fire(key), Math.max(0, dueAt - now));
		this.#waiting.set(key, { timer, firstAt, dueAt });
	}

	/** Runs the key now (cancelling its timer), after any run in progress; resolves when that run is over. */
	public runNow(key: string): Promise<void> {
		this.#cancel(key);
		return this.#enqueue(key);
	}

	/** Runs every waiting key now and waits for every run (shutdown, tests). */
	public async flushAll(): Promise<void> {
		const keys = [...this.#waiting.keys()];
		await Promise.all([...keys.map((key) => this.runNow(key)), ...this.#chains.values()]);
	}

	/** Forgets waiting keys without running them (a chapel was disabled). */
	public cancelWhere(predicate: (key: string) => boolean): void {
		for (const key of [...this.#waiting.keys()]) if (predicate(key)) this.#cancel(key);
	}

	#cancel(key: string): void {
		const current = this.#waiting.get(key);
		if (!current) return;
		this.#timers.clearTimeout(current.timer);
		this.#waiting.delete(key);
	}

	#fire(key: string): Promise<void> {
		this.#waiting.delete(key);
		return this.#enqueue(key);
	}

	#enqueue(key: string): Promise<void> {
		const running = this.#chains.get(key);
		if (running) {
			// Coalesce: however many events come due during a run, one more run follows it.
			this.#again.add(key);
			return running;
		}
		const chain = this.#loop(key);
		this.#chains.set(key, chain);
		return chain;
	}

	async #loop(key: string): Promise<void> {
		try {
			do {
				this.#again.delete(key);
				try {
					await this.#run(key);
				} catch (error) {
					this.#options.onError?.(key, error);
				}
			} while (this.#again.has(key));
		} finally {
			// In the same turn as the last check of #again: no event can slip in between and be lost.
			this.#chains.delete(key);
		}
	}
}
