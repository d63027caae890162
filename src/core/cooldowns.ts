import type { Lifecycle } from '#core/lifecycle';

/** What Tika uses of @sapphire/ratelimits' `RateLimitManager`: a Map of buckets that sweeps itself on a timer. */
export interface SweepingManager {
	clear(): void;
	sweep(): void;
}

/**
 * The `buckets` of Tika's cooldown preconditions (preconditions/Cooldown.ts, preconditions/PluginSubcommandCooldown.ts).
 *
 * Sapphire's cooldown preconditions keep one `RateLimitManager` per command in a WeakMap. A manager starts a 30-second
 * `setInterval` (not unref'd) when its first bucket is created and only clears it at a sweep that finds every bucket
 * expired: for up to `cooldownDelay` + 30 s after the last use, a stopped bot's process (or a jest worker) cannot exit.
 * Nothing in Sapphire stops it, and a WeakMap cannot be walked to find the managers (nor can a manager whose command
 * was reloaded be found at all). This WeakMap also remembers every manager it was given (one per command piece that
 * ran with a cooldown), so shutdown can stop them all.
 */
export class CooldownBuckets<K extends object, M extends SweepingManager> extends WeakMap<K, M> {
	readonly #managers = new Set<M>();
	#release: (() => void) | null = null;

	public override set(command: K, manager: M): this {
		this.#managers.add(manager);
		return super.set(command, manager);
	}

	/** Stops every timer when the bot shuts down; replaces an earlier registration. */
	public stopOnShutdown(lifecycle: Lifecycle): void {
		this.#release?.();
		this.#release = lifecycle.onShutdown('cooldown timers', () => this.stop());
	}

	/** Forgets every cooldown and stops every sweep timer (a manager's sweep clears its interval once it is empty). */
	public stop(): void {
		this.#release?.();
		this.#release = null;
		for (const manager of this.#managers) {
			manager.clear();
			manager.sweep();
		}
		this.#managers.clear();
	}
}
