/**
 * The Redis connection behind the state that belongs to a user rather than a guild (cooldowns, frustration, AI
 * limits). Shards split the guilds between them, so a user who talks to Tika in two servers may be talking to two
 * processes: what is remembered about the user has to live outside both. With `REDIS_URL` unset none of this is
 * created and every such state stays in the process's memory, exactly as a single process always kept it.
 */
import type * as IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { StartupError } from '#core/errors';

export interface SharedStateLogger {
	warn(message: string): void;
}

/** A cooldown bucket's answer: `limited` with the milliseconds left, or taken. */
export type CooldownTake = { limited: false } | { limited: true; remainingMs: number };

/**
 * One bucket of `limit` uses per `delay` ms, starting at the first use (what @sapphire/ratelimits' RateLimitManager
 * does in memory). A refused use is not counted. Returns 0 when taken, else the milliseconds left.
 */
const COOLDOWN_SCRIPT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[2]) then
  local left = redis.call('PTTL', KEYS[1])
  if left > 0 then return left end
  redis.call('DEL', KEYS[1])
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 0`;

/** Redis URL with the password masked, for log lines and errors. */
export function redactRedisUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.toString();
	} catch {
		return 'redis://…';
	}
}

/** Milliseconds between two warnings about Redis being unreachable: one line a minute, not one per command. */
const WARN_EVERY_MS = 60_000;

export class SharedState {
	/** The connection for ordinary commands. Commands fail at once while disconnected (callers fall back to memory). */
	public readonly redis: Redis;
	public readonly prefix: string;
	readonly #logger: SharedStateLogger;
	#lastWarning = 0;
	readonly #closers: (() => Promise<void> | void)[] = [];

	private constructor(redis: Redis, prefix: string, logger: SharedStateLogger) {
		this.redis = redis;
		this.prefix = prefix;
		this.#logger = logger;
	}

	/** Connects (one line and exit 1 when Redis cannot be reached at start) and checks the server answers. */
	public static async open(url: string, prefix: string, logger: SharedStateLogger): Promise<SharedState> {
		// Loaded only when REDIS_URL is set: a single process never pays for the client (see #core/lazy).
		const { Redis: RedisClient } = require('ioredis') as typeof IORedis;
		const redis = new RedisClient(url, {
			lazyConnect: true,
			connectTimeout: 5_000,
			// While Redis is away commands fail at once and the caller uses its in-memory fallback; nothing queues up.
			enableOfflineQueue: false,
			maxRetriesPerRequest: 1,
			// ioredis reconnects forever by default; this keeps it from hammering a server that is down.
			retryStrategy: (attempt) => Math.min(attempt * 200, 5_000)
		});
		// Without a listener ioredis prints every connection error itself; the first one says why a connect failed.
		let connectError: NodeJS.ErrnoException | null = null;
		redis.on('error', (error: NodeJS.ErrnoException) => (connectError ??= error));
		try {
			await redis.connect();
			await redis.ping();
		} catch (error) {
			redis.disconnect();
			const cause = (connectError ?? error) as NodeJS.ErrnoException;
			const reason = cause.code ?? cause.message;
			throw new StartupError(
				`Cannot reach Redis at ${redactRedisUrl(url)} (${reason})`,
				'Start Redis, fix REDIS_URL, or leave REDIS_URL empty to keep user state in memory (one process only)'
			);
		}
		const state = new SharedState(redis, prefix, logger);
		redis.on('error', (error: Error) => state.warn(`Redis connection problem: ${error.message}`));
		return state;
	}

	/** `prefix` + the parts joined by `:`. */
	public key(...parts: string[]): string {
		return this.prefix + parts.join(':');
	}

	/** Takes one use of a cooldown bucket shared by every shard. Throws when Redis cannot answer. */
	public async takeCooldown(bucket: string, delayMs: number, limit: number): Promise<CooldownTake> {
		const left = Number(await this.redis.eval(COOLDOWN_SCRIPT, 1, this.key('cooldown', bucket), Math.max(1, Math.ceil(delayMs)), limit));
		return left > 0 ? { limited: true, remainingMs: left } : { limited: false };
	}

	/** Logs a problem at most once a minute. */
	public warn(message: string): void {
		const now = Date.now();
		if (now - this.#lastWarning < WARN_EVERY_MS) return;
		this.#lastWarning = now;
		this.#logger.warn(`[redis] ${message} (user state falls back to this process's memory meanwhile)`);
	}

	/** Runs `close` when the connection closes (readers on their own connections). */
	public onClose(close: () => Promise<void> | void): void {
		this.#closers.push(close);
	}

	public async close(): Promise<void> {
		for (const close of this.#closers.splice(0).reverse()) await close();
		await this.redis.quit().catch(() => this.redis.disconnect());
	}
}
