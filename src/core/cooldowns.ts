import { container, type Precondition } from '@sapphire/framework';
import { time, TimestampStyles } from 'discord.js';
import type { Lifecycle } from '#core/lifecycle';
import type { CooldownTake } from '#core/sharding/redis';

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

/** The arguments of the private `sharedRun` of Sapphire's cooldown preconditions (the command's and the subcommand plugin's). */
type SharedRunArgs = [authorId: string, command: { name: string }, context: CooldownContext, cooldownId: string, commandType: string];
interface CooldownContext {
	external?: boolean;
	delay?: number;
	limit?: number;
	filteredUsers?: string[];
}

/**
 * With Redis (`REDIS_URL`), makes a cooldown precondition keep its buckets there, so a cooldown is the same on every
 * shard: a user on cooldown in a server on one shard is still on cooldown in a server on another. Sapphire decides a
 * cooldown in a private `sharedRun`; this wraps it (same checks, same error, same context) and leaves it alone
 * without Redis or while Redis cannot answer (then the process's own buckets decide, as in a single process).
 */
export function shareCooldowns(piece: Precondition, options: { identifier: string; what: 'command' | 'subcommand' }): void {
	const original = Reflect.get(piece, 'sharedRun') as (...args: SharedRunArgs) => Precondition.AsyncResult | Precondition.Result;
	Reflect.set(piece, 'sharedRun', async (...args: SharedRunArgs) => {
		const [authorId, command, context, cooldownId, commandType] = args;
		const shared = container.sharedState;
		if (!shared || context.external || !context.delay || context.filteredUsers?.includes(authorId)) return original.apply(piece, args);
		let take: CooldownTake;
		try {
			take = await shared.takeCooldown(`${options.what}:${command.name}:${cooldownId}`, context.delay, context.limit ?? 1);
		} catch (error) {
			shared.warn(`cooldown check failed: ${(error as Error).message}`);
			return original.apply(piece, args);
		}
		if (!take.limited) return piece.ok();
		const nextAvailable = time(Math.floor((Date.now() + take.remainingMs) / 1000), TimestampStyles.RelativeTime);
		return piece.error({
			identifier: options.identifier,
			message: `There is a cooldown in effect for this ${commandType} ${options.what}. It'll be available ${nextAvailable}.`,
			context: { remaining: take.remainingMs }
		});
	});
}
