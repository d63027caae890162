import { randomBytes } from 'node:crypto';
import type { SharedState } from '#core/sharding/redis';
import { untilNextDay, utcDay, type AiLimiter, type LimitDecision, type LimitReason, type LimitSettings, type UsageSeed } from './limiter';

/**
 * The limits in one step, so two shards answering at the same moment cannot both squeeze under a limit: the budgets
 * of the day (a hash per guild and UTC day: `total` and `u:<user>`), then a sliding window per member and per guild
 * (sorted sets of request times). Returns `{ reason, retryAfterMs }`, with reason "ok" when the request was counted.
 */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local memberRequests, guildRequests = tonumber(ARGV[3]), tonumber(ARGV[4])
local memberDaily, guildDaily = tonumber(ARGV[5]), tonumber(ARGV[6])
local untilTomorrow = tonumber(ARGV[8])
if memberDaily > 0 and tonumber(redis.call('HGET', KEYS[3], 'u:' .. ARGV[7]) or '0') >= memberDaily then
  return {'member_budget', untilTomorrow}
end
if guildDaily > 0 and tonumber(redis.call('HGET', KEYS[3], 'total') or '0') >= guildDaily then
  return {'guild_budget', untilTomorrow}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
if memberRequests > 0 and redis.call('ZCARD', KEYS[1]) >= memberRequests then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {'member_rate', tonumber(oldest[2]) + window - now}
end
if guildRequests > 0 and redis.call('ZCARD', KEYS[2]) >= guildRequests then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {'guild_rate', tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[9])
redis.call('ZADD', KEYS[2], now, ARGV[9])
redis.call('PEXPIRE', KEYS[1], window)
redis.call('PEXPIRE', KEYS[2], window)
return {'ok', 0}`;

/** Puts the database's totals of the day in the hash, once, whichever shard gets there first. */
const SEED_SCRIPT = `
if redis.call('HSETNX', KEYS[1], 'seeded', '1') == 0 then return 0 end
for index = 1, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[index], ARGV[index + 1]) end
redis.call('PEXPIRE', KEYS[1], 172800000)
return 1`;

/** A day's hash outlives its day by one, then Redis drops it. */
const DAY_KEY_TTL_S = 2 * 24 * 60 * 60;
const REASONS: readonly LimitReason[] = ['member_budget', 'guild_budget', 'member_rate', 'guild_rate'];

/**
 * {@link AiLimiter} kept in Redis (`REDIS_URL`): one set of windows and budgets for every shard, and windows that
 * survive a shard's restart. Today's totals are seeded from the database (AiChatUsage) the first time any shard
 * touches a guild's day. While Redis cannot answer, `fallback` (the in-memory limiter) decides and a warning is logged.
 */
export class RedisLimiter implements AiLimiter {
	readonly #shared: SharedState;
	readonly #settings: () => LimitSettings;
	readonly #seed: UsageSeed | null;
	readonly #fallback: AiLimiter;
	/** Guilds whose day this process seeded (the script makes a second seed a no-op; this saves the round trip). */
	readonly #seeded = new Set<string>();
	#seededDay = '';

	public constructor(shared: SharedState, settings: () => LimitSettings, seed: UsageSeed | null, fallback: AiLimiter) {
		this.#shared = shared;
		this.#settings = settings;
		this.#seed = seed;
		this.#fallback = fallback;
	}

	public async take(guildId: string, userId: string, now = Date.now()): Promise<LimitDecision> {
		const settings = this.#settings();
		try {
			const day = await this.#day(guildId, now);
			const [reason, retryAfter] = (await this.#shared.redis.eval(
				TAKE_SCRIPT,
				3,
				this.#shared.key('ai', 'window', guildId, userId),
				this.#shared.key('ai', 'window', guildId),
				day,
				now,
				settings.windowMs,
				settings.memberRequests,
				settings.guildRequests,
				settings.memberDailyTokens,
				settings.guildDailyTokens,
				userId,
				untilNextDay(now),
				`${now}:${randomBytes(4).toString('hex')}`
			)) as [string, number];
			const refused = REASONS.find((name) => name === reason);
			return refused ? { allowed: false, reason: refused, retryAfterMs: Math.max(0, Number(retryAfter)) } : { allowed: true };
		} catch (error) {
			this.#shared.warn(`AI limits could not be checked: ${(error as Error).message}`);
			return this.#fallback.take(guildId, userId, now);
		}
	}

	public async spend(guildId: string, userId: string, tokens: number, now = Date.now()): Promise<void> {
		if (!(tokens > 0)) return;
		try {
			const day = await this.#day(guildId, now);
			await this.#shared.redis.multi().hincrby(day, `u:${userId}`, tokens).hincrby(day, 'total', tokens).expire(day, DAY_KEY_TTL_S).exec();
		} catch (error) {
			this.#shared.warn(`AI usage could not be counted: ${(error as Error).message}`);
			await this.#fallback.spend(guildId, userId, tokens, now);
		}
	}

	public async spent(guildId: string, userId: string, now = Date.now()): Promise<{ guild: number; member: number }> {
		try {
			const [total, member] = await this.#shared.redis.hmget(await this.#day(guildId, now), 'total', `u:${userId}`);
			return { guild: Number(total ?? 0), member: Number(member ?? 0) };
		} catch (error) {
			this.#shared.warn(`AI usage could not be read: ${(error as Error).message}`);
			return this.#fallback.spent(guildId, userId, now);
		}
	}

	/** Forgets what this process remembers (the shared counts stay: other shards use them). */
	public clear(): void {
		this.#seeded.clear();
		this.#fallback.clear();
	}

	/** The key of the guild's day, seeded from the database the first time. */
	async #day(guildId: string, now: number): Promise<string> {
		const day = utcDay(now);
		const key = this.#shared.key('ai', 'day', day, guildId);
		if (day !== this.#seededDay) {
			this.#seeded.clear();
			this.#seededDay = day;
		}
		if (this.#seeded.has(guildId)) return key;
		const usage = this.#seed ? await this.#seed(guildId, day) : new Map<string, number>();
		let total = 0;
		const fields: (string | number)[] = [];
		for (const [user, tokens] of usage) {
			fields.push(`u:${user}`, tokens);
			total += tokens;
		}
		if (total > 0) fields.push('total', total);
		await this.#shared.redis.eval(SEED_SCRIPT, 1, key, ...fields);
		this.#seeded.add(guildId);
		return key;
	}
}
