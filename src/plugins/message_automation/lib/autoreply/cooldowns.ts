import { TtlCache } from '#shared/utils/cache';
import { MAX_COOLDOWN_SECONDS, type AutoReply } from './kinds';

/** Cooldowns remembered at once; beyond it the oldest are forgotten (a trigger may then fire a little early). */
export const MAX_TRACKED_COOLDOWNS = 50_000;

/**
 * When each trigger may fire again, per channel or per member (the trigger's `cooldownScope`). In memory and bounded
 * (an LRU with a day's TTL, the longest cooldown): a restart forgets them, as it forgets command cooldowns.
 */
export class Cooldowns {
	readonly #until: TtlCache<string, number>;

	public constructor(options: { maxSize?: number; now?: () => number } = {}) {
		this.#until = new TtlCache({ ttlMs: MAX_COOLDOWN_SECONDS * 1_000, maxSize: options.maxSize ?? MAX_TRACKED_COOLDOWNS, now: options.now });
	}

	/** Milliseconds before `trigger` may fire again for this channel/member; 0 when it may fire now. */
	public remaining(trigger: AutoReply, channelId: string, userId: string, now = Date.now()): number {
		if (trigger.cooldownSeconds <= 0) return 0;
		const until = this.#until.get(key(trigger, channelId, userId));
		return until === undefined ? 0 : Math.max(0, until - now);
	}

	/** The trigger fired: it rests for its cooldown. */
	public start(trigger: AutoReply, channelId: string, userId: string, now = Date.now()): void {
		if (trigger.cooldownSeconds <= 0) return;
		this.#until.set(key(trigger, channelId, userId), now + trigger.cooldownSeconds * 1_000);
	}

	/** Cooldowns remembered (at most MAX_TRACKED_COOLDOWNS). */
	public get size(): number {
		return this.#until.size;
	}

	public clear(): void {
		this.#until.clear();
	}
}

function key(trigger: AutoReply, channelId: string, userId: string): string {
	return `${trigger.id}:${trigger.cooldownScope === 'user' ? `u${userId}` : `c${channelId}`}`;
}
