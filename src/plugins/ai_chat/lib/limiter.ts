/** Why a message to Tika was not answered. */
export type LimitReason = 'member_budget' | 'guild_budget' | 'member_rate' | 'guild_rate';

export type LimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: LimitReason; readonly retryAfterMs: number };

export interface LimitSettings {
	readonly windowMs: number;
	/** 0: no limit. */
	readonly memberRequests: number;
	readonly guildRequests: number;
	readonly memberDailyTokens: number;
	readonly guildDailyTokens: number;
}

/**
 * The cost controls behind one small interface, so that several processes (shards) can later share them through
 * Redis without the plugin changing: `take` before a request, `spend` after it. Today's implementation is
 * {@link MemoryLimiter} (one process); the daily token counts also live in the database (AiChatUsage), which seeds it,
 * so a restart does not hand everyone a fresh budget.
 */
export interface AiLimiter {
	/** Counts one message to Tika for the member and the guild when allowed; a refusal counts nothing. */
	take(guildId: string, userId: string, now?: number): Promise<LimitDecision>;
	/** Adds the tokens an answer cost (prompt + completion) to today's totals of the member and the guild. */
	spend(guildId: string, userId: string, tokens: number, now?: number): Promise<void>;
	/** Today's tokens so far. */
	spent(guildId: string, userId: string, now?: number): Promise<{ guild: number; member: number }>;
	/** Forgets everything (a reload, tests). */
	clear(): void;
}

/** Today's tokens per member of one guild, from wherever they were recorded (the database). */
export type UsageSeed = (guildId: string, day: string) => Promise<ReadonlyMap<string, number>>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day of `now`, as YYYY-MM-DD: budgets are daily in UTC, the same day for every member wherever they live. */
export function utcDay(now: number): string {
	return new Date(now).toISOString().slice(0, 10);
}

/** Milliseconds until the next UTC midnight, when the daily budgets renew. */
export function untilNextDay(now: number): number {
	return DAY_MS - (now % DAY_MS);
}

interface GuildDay {
	total: number;
	readonly members: Map<string, number>;
}

/**
 * The in-process limiter: a sliding window of request times per member and per guild, and today's tokens per guild
 * and member. Memory stays bounded by the active members: empty windows are dropped, and only today's totals are kept.
 */
export class MemoryLimiter implements AiLimiter {
	readonly #settings: () => LimitSettings;
	readonly #seed: UsageSeed | null;
	readonly #windows = new Map<string, number[]>();
	#day = '';
	readonly #days = new Map<string, Promise<GuildDay>>();
	#takes = 0;

	public constructor(settings: () => LimitSettings, seed: UsageSeed | null = null) {
		this.#settings = settings;
		this.#seed = seed;
	}

	public async take(guildId: string, userId: string, now = Date.now()): Promise<LimitDecision> {
		const settings = this.#settings();
		const day = await this.#guildDay(guildId, now);
		if (settings.memberDailyTokens > 0 && (day.members.get(userId) ?? 0) >= settings.memberDailyTokens)
			return { allowed: false, reason: 'member_budget', retryAfterMs: untilNextDay(now) };
		if (settings.guildDailyTokens > 0 && day.total >= settings.guildDailyTokens)
			return { allowed: false, reason: 'guild_budget', retryAfterMs: untilNextDay(now) };

		const memberKey = `${guildId}:${userId}`;
		const member = this.#window(memberKey, now, settings.windowMs);
		const guild = this.#window(guildId, now, settings.windowMs);
		if (settings.memberRequests > 0 && member.length >= settings.memberRequests)
			return { allowed: false, reason: 'member_rate', retryAfterMs: member[0]! + settings.windowMs - now };
		if (settings.guildRequests > 0 && guild.length >= settings.guildRequests)
			return { allowed: false, reason: 'guild_rate', retryAfterMs: guild[0]! + settings.windowMs - now };
		member.push(now);
		guild.push(now);
		this.#windows.set(memberKey, member);
		this.#windows.set(guildId, guild);
		if (++this.#takes % 1000 === 0) this.#sweep(now, settings.windowMs);
		return { allowed: true };
	}

	public async spend(guildId: string, userId: string, tokens: number, now = Date.now()): Promise<void> {
		if (!(tokens > 0)) return;
		const day = await this.#guildDay(guildId, now);
		day.total += tokens;
		day.members.set(userId, (day.members.get(userId) ?? 0) + tokens);
	}

	public async spent(guildId: string, userId: string, now = Date.now()): Promise<{ guild: number; member: number }> {
		const day = await this.#guildDay(guildId, now);
		return { guild: day.total, member: day.members.get(userId) ?? 0 };
	}

	public clear(): void {
		this.#windows.clear();
		this.#days.clear();
		this.#day = '';
	}

	/** The request times still inside the window, oldest first. */
	#window(key: string, now: number, windowMs: number): number[] {
		const times = this.#windows.get(key);
		if (!times) return [];
		let expired = 0;
		while (expired < times.length && times[expired]! <= now - windowMs) expired++;
		if (expired) times.splice(0, expired);
		if (times.length === 0) this.#windows.delete(key);
		return times;
	}

	#sweep(now: number, windowMs: number): void {
		for (const key of [...this.#windows.keys()]) this.#window(key, now, windowMs);
	}

	/** Today's totals of a guild, seeded once from the database; yesterday's are dropped when the day changes. */
	#guildDay(guildId: string, now: number): Promise<GuildDay> {
		const day = utcDay(now);
		if (day !== this.#day) {
			this.#days.clear();
			this.#day = day;
		}
		let entry = this.#days.get(guildId);
		if (!entry) {
			entry = this.#load(guildId, day);
			this.#days.set(guildId, entry);
			// A failed seed is retried on the next message rather than leaving the guild without a budget forever.
			entry.catch(() => this.#days.get(guildId) === entry && this.#days.delete(guildId));
		}
		return entry;
	}

	async #load(guildId: string, day: string): Promise<GuildDay> {
		const members = new Map(this.#seed ? await this.#seed(guildId, day) : []);
		let total = 0;
		for (const tokens of members.values()) total += tokens;
		return { total, members };
	}
}
