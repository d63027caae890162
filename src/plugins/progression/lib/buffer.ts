import type { PrismaClient } from '#core/database/index';

export interface XpEntry {
	guildId: string;
	userId: string;
	xp: number;
	level: number;
	messages: number;
	/** Bumped on every change; a flush only marks the entry clean if nothing changed while it was written. */
	version: number;
	flushedVersion: number;
	/** True when the database has a row (or the buffer wrote one). */
	exists: boolean;
	/** The total the database holds for this member (null: no row), as of the last load or flush. */
	flushedXp: number | null;
	lastUsed: number;
}

export interface XpBufferOptions {
	/** How often buffered XP is written, in ms. Default 5 s: a crash loses at most this much XP. */
	flushIntervalMs?: number;
	/** Rows per INSERT statement. Default 500. */
	batchSize?: number;
	/** Entries kept in memory before clean, idle ones are dropped. Default 50,000. */
	maxEntries?: number;
	provider: 'sqlite' | 'postgresql';
	/** Called when a member's total changes in memory: `from` null means they had no total counted before. */
	onMove?: (guildId: string, from: number | null, to: number) => void;
}

type Db = Pick<PrismaClient, '$executeRawUnsafe' | 'memberXp'>;

const key = (guildId: string, userId: string) => `${guildId}:${userId}`;

/**
 * XP lives in memory and reaches the database in batches: a burst of messages is one INSERT … ON CONFLICT per
 * `batchSize` rows every `flushIntervalMs`, not a query per message. Reads that miss the cache are batched too
 * (one findMany per event-loop turn), so level-ups are detected from the cached total immediately.
 */
export class XpBuffer {
	public readonly flushIntervalMs: number;
	public readonly batchSize: number;
	public readonly maxEntries: number;
	public readonly provider: 'sqlite' | 'postgresql';
	readonly #entries = new Map<string, XpEntry>();
	#pendingLoads = new Map<string, { guildId: string; userId: string; resolve: (entry: XpEntry) => void; reject: (error: unknown) => void }[]>();
	#loadScheduled = false;
	#timer: NodeJS.Timeout | null = null;
	#flushing: Promise<void> | null = null;
	#paused: Promise<void> | null = null;
	readonly #onMove: XpBufferOptions['onMove'];

	public constructor(
		private readonly db: Db,
		options: XpBufferOptions
	) {
		this.flushIntervalMs = options.flushIntervalMs ?? 5_000;
		this.batchSize = options.batchSize ?? 500;
		this.maxEntries = options.maxEntries ?? 50_000;
		this.provider = options.provider;
		this.#onMove = options.onMove;
	}

	public start(): void {
		if (this.#timer) return;
		this.#timer = setInterval(() => void this.flush().catch(() => undefined), this.flushIntervalMs);
		this.#timer.unref();
	}

	public stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	public get size(): number {
		return this.#entries.size;
	}

	public get dirtyCount(): number {
		let count = 0;
		for (const entry of this.#entries.values()) if (entry.version !== entry.flushedVersion) count++;
		return count;
	}

	/** The member's entry, from memory or (batched with other misses) from the database. */
	public get(guildId: string, userId: string): XpEntry | Promise<XpEntry> {
		const cached = this.#entries.get(key(guildId, userId));
		if (cached) {
			cached.lastUsed = Date.now();
			return cached;
		}
		return new Promise<XpEntry>((resolve, reject) => {
			const guildQueue = this.#pendingLoads.get(guildId) ?? [];
			guildQueue.push({ guildId, userId, resolve, reject });
			this.#pendingLoads.set(guildId, guildQueue);
			if (!this.#loadScheduled) {
				this.#loadScheduled = true;
				setImmediate(() => void this.#loadPending());
			}
		});
	}

	/** Changes a member's entry in memory; it is written with the next flush. */
	public async update(guildId: string, userId: string, change: (entry: XpEntry) => void): Promise<XpEntry> {
		const entry = await this.get(guildId, userId);
		const before = entry.xp;
		// Counted elsewhere (the rank index) when the database has a row or the entry is waiting to be written.
		const counted = entry.flushedXp !== null || entry.version !== entry.flushedVersion;
		change(entry);
		entry.version++;
		if (!counted || entry.xp !== before) this.#onMove?.(guildId, counted ? before : null, entry.xp);
		return entry;
	}

	/** Forgets a guild's entries (after a reset-all deleted its rows). */
	public dropGuild(guildId: string): void {
		for (const [k, entry] of this.#entries) if (entry.guildId === guildId) this.#entries.delete(k);
	}

	public drop(guildId: string, userId: string): void {
		this.#entries.delete(key(guildId, userId));
	}

	/** Cached entries with XP that the database may not have yet, for one guild. */
	public dirtyIn(guildId: string): XpEntry[] {
		return [...this.#entries.values()].filter((entry) => entry.guildId === guildId && entry.version !== entry.flushedVersion);
	}

	public peek(guildId: string, userId: string): XpEntry | undefined {
		return this.#entries.get(key(guildId, userId));
	}

	/** Writes every changed entry. Concurrent calls share one run; a call made during a run waits for a second pass. */
	public async flush(): Promise<void> {
		while (this.#flushing || this.#paused) await (this.#flushing ?? this.#paused);
		this.#flushing = this.#flushOnce().finally(() => {
			this.#flushing = null;
		});
		return this.#flushing;
	}

	/** Runs `fn` while no flush runs (none in flight, none starting): the database then holds every entry's `flushedXp`. */
	public async exclusive<T>(fn: () => Promise<T>): Promise<T> {
		while (this.#flushing || this.#paused) await (this.#flushing ?? this.#paused);
		let release!: () => void;
		this.#paused = new Promise<void>((resolve) => (release = resolve));
		try {
			return await fn();
		} finally {
			this.#paused = null;
			release();
		}
	}

	async #flushOnce(): Promise<void> {
		const dirty = [...this.#entries.values()].filter((entry) => entry.version !== entry.flushedVersion);
		for (let start = 0; start < dirty.length; start += this.batchSize) {
			const batch = dirty.slice(start, start + this.batchSize);
			const versions = batch.map((entry) => entry.version);
			const totals = batch.map((entry) => entry.xp);
			await this.#write(batch);
			batch.forEach((entry, index) => {
				entry.flushedVersion = versions[index]!;
				entry.flushedXp = totals[index]!;
				entry.exists = true;
			});
		}
		this.#evict();
	}

	async #write(batch: XpEntry[]): Promise<void> {
		const now = new Date();
		const params: unknown[] = [];
		const rows = batch.map((entry) => {
			const base = params.length;
			params.push(entry.guildId, entry.userId, entry.xp, entry.level, entry.messages, this.provider === 'sqlite' ? now.toISOString() : now);
			return this.provider === 'sqlite'
				? '(?, ?, ?, ?, ?, ?)'
				: `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`;
		});
		const sql =
			`INSERT INTO "MemberXp" ("guildId", "userId", "xp", "level", "messages", "updatedAt") VALUES ${rows.join(', ')} ` +
			`ON CONFLICT ("guildId", "userId") DO UPDATE SET "xp" = excluded."xp", "level" = excluded."level", "messages" = excluded."messages", "updatedAt" = excluded."updatedAt"`;
		await this.db.$executeRawUnsafe(sql, ...params);
	}

	#evict(): void {
		if (this.#entries.size <= this.maxEntries) return;
		const clean = [...this.#entries.entries()]
			.filter(([, entry]) => entry.version === entry.flushedVersion)
			.sort((x, y) => x[1].lastUsed - y[1].lastUsed);
		for (const [k] of clean.slice(0, this.#entries.size - this.maxEntries)) this.#entries.delete(k);
	}

	async #loadPending(): Promise<void> {
		this.#loadScheduled = false;
		const pending = this.#pendingLoads;
		this.#pendingLoads = new Map();
		for (const [guildId, waiters] of pending) {
			const userIds = [...new Set(waiters.map((waiter) => waiter.userId))];
			try {
				const rows = [];
				for (let start = 0; start < userIds.length; start += 500) {
					rows.push(...(await this.db.memberXp.findMany({ where: { guildId, userId: { in: userIds.slice(start, start + 500) } } })));
				}
				const found = new Map(rows.map((row) => [row.userId, row]));
				for (const waiter of waiters) {
					const k = key(guildId, waiter.userId);
					let entry = this.#entries.get(k);
					if (!entry) {
						const row = found.get(waiter.userId);
						entry = {
							guildId,
							userId: waiter.userId,
							xp: row?.xp ?? 0,
							level: row?.level ?? 0,
							messages: row?.messages ?? 0,
							version: 0,
							flushedVersion: 0,
							exists: Boolean(row),
							flushedXp: row?.xp ?? null,
							lastUsed: Date.now()
						};
						this.#entries.set(k, entry);
					}
					waiter.resolve(entry);
				}
			} catch (error) {
				for (const waiter of waiters) waiter.reject(error);
			}
		}
	}
}
