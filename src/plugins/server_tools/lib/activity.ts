/**
 * Tika's own activity counters for /serverstats: messages per guild, UTC day and channel, counted in memory by the
 * router and written to ChannelActivity in batches (one upsert-increment per bucket), so a busy channel costs one
 * write a minute instead of one per message.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the in-memory counts are written. */
export const FLUSH_INTERVAL_MS = 60_000;
/** Rows older than this are deleted (the longest /serverstats window is 30 days). */
export const RETENTION_DAYS = 90;

/** The UTC day of a timestamp, `YYYY-MM-DD`. */
export function dayKey(time: number | Date): string {
	return new Date(time).toISOString().slice(0, 10);
}

/** The last `days` UTC days ending with `now`'s day, oldest first. */
export function lastDays(days: number, now: number): string[] {
	const today = Date.parse(`${dayKey(now)}T00:00:00.000Z`);
	return Array.from({ length: days }, (_, index) => dayKey(today - (days - 1 - index) * DAY_MS));
}

export interface ActivityBucket {
	guildId: string;
	day: string;
	channelId: string;
	messages: number;
}

/** Writes buckets by incrementing (creating when missing); the Prisma implementation lives in {@link prismaSink}. */
export type ActivitySink = (buckets: ActivityBucket[]) => Promise<void>;

export class ActivityCounter {
	#buckets = new Map<string, ActivityBucket>();
	#flushing: Promise<void> | null = null;
	/** The UTC day of the last message counted, and where it starts and ends: formatted once a day, not per message. */
	#day = '';
	#dayStart = 0;
	#dayEnd = 0;

	/** Counts one message. Synchronous and allocation-light: this runs for every message the bot sees. */
	public record(guildId: string, channelId: string, time: number = Date.now()): void {
		if (time < this.#dayStart || time >= this.#dayEnd) {
			this.#day = dayKey(time);
			this.#dayStart = Math.floor(time / DAY_MS) * DAY_MS;
			this.#dayEnd = this.#dayStart + DAY_MS;
		}
		const day = this.#day;
		const key = `${guildId}:${day}:${channelId}`;
		const bucket = this.#buckets.get(key);
		if (bucket) bucket.messages++;
		else this.#buckets.set(key, { guildId, day, channelId, messages: 1 });
	}

	/** Buckets not written yet. */
	public get pending(): number {
		return this.#buckets.size;
	}

	/** Unwritten counts for a guild (what /serverstats adds to the stored rows when a flush failed). */
	public pendingFor(guildId: string): ActivityBucket[] {
		return [...this.#buckets.values()].filter((bucket) => bucket.guildId === guildId).map((bucket) => ({ ...bucket }));
	}

	/**
	 * Writes every pending bucket. Counts that arrive meanwhile go to a fresh map; when the write fails, the taken
	 * counts are merged back so nothing is lost. Concurrent calls share one write.
	 */
	public flush(sink: ActivitySink): Promise<void> {
		if (this.#flushing) return this.#flushing.then(() => this.flush(sink));
		if (this.#buckets.size === 0) return Promise.resolve();
		const taken = this.#buckets;
		this.#buckets = new Map();
		this.#flushing = sink([...taken.values()])
			.catch((error: unknown) => {
				for (const [key, bucket] of taken) {
					const current = this.#buckets.get(key);
					if (current) current.messages += bucket.messages;
					else this.#buckets.set(key, bucket);
				}
				throw error;
			})
			.finally(() => {
				this.#flushing = null;
			});
		return this.#flushing;
	}
}

/** The stored rows of one guild, aggregated for the chart. */
export interface ActivitySummary {
	/** One entry per day of the window, oldest first, zero-filled. */
	perDay: { day: string; messages: number }[];
	/** Busiest channels first. */
	topChannels: { channelId: string; messages: number }[];
	total: number;
}

/** Sums rows (stored plus pending) into the per-day series and the top channels of the window. */
export function summarize(rows: readonly ActivityBucket[], days: number, now: number, top = 5): ActivitySummary {
	const window = lastDays(days, now);
	const inWindow = new Set(window);
	const perDay = new Map(window.map((day) => [day, 0]));
	const perChannel = new Map<string, number>();
	let total = 0;
	for (const row of rows) {
		if (!inWindow.has(row.day)) continue;
		perDay.set(row.day, perDay.get(row.day)! + row.messages);
		perChannel.set(row.channelId, (perChannel.get(row.channelId) ?? 0) + row.messages);
		total += row.messages;
	}
	const topChannels = [...perChannel]
		.map(([channelId, messages]) => ({ channelId, messages }))
		.sort((a, b) => b.messages - a.messages || a.channelId.localeCompare(b.channelId))
		.slice(0, top);
	return { perDay: window.map((day) => ({ day, messages: perDay.get(day)! })), topChannels, total };
}

/** The one counter of this process, shared by the router's handler and /serverstats. */
export const activityCounter = new ActivityCounter();
