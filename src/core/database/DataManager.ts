/**
 * The unified data manager: the one way plugins read and write their per-guild and per-user data.
 * Each (guild, plugin) and (user, plugin) pair owns one JSON document (GuildData / UserData rows).
 *
 * Reads go through a TTL + LRU cache sized by config.yml's `performance.cache_ttl` and
 * `performance.max_cache_size`, because the same documents are read on every message or command.
 * Writes go to the database first and then refresh the cache (write-through), so this process
 * never reads its own stale writes. Other processes sharing the database (shards) may see a
 * document up to `cache_ttl` seconds old: the TTL bounds that.
 *
 * Documents are cloned on the way in and out: a caller mutating what it got back must not
 * silently change the cached copy without persisting it. For the per-message hot path there is
 * `viewGuildData`: the cached document itself, deeply frozen, synchronously when it is cached
 * (no clone, no promise, no microtask).
 */
import { TtlCache, type CacheStats } from '../../shared/utils/cache';
import type { Prisma, PrismaClient } from './index';

export interface DataManagerOptions {
	/** performance.cache_ttl, in seconds; 0 disables caching. */
	ttlSeconds: number;
	/** performance.max_cache_size, in documents; 0 disables caching. */
	maxSize: number;
	/** Clock for the cache, injectable in tests. */
	now?: () => number;
}

/** Cached marker for "no row": absent documents are read as often as present ones. */
const MISSING = Symbol('missing');
type Cached = unknown | typeof MISSING;

/** A document as `viewGuildData` hands it out: shared with every other reader, so frozen all the way down. */
export type ReadonlyDocument<T> = T extends (infer U)[]
	? readonly ReadonlyDocument<U>[]
	: T extends object
		? { readonly [K in keyof T]: ReadonlyDocument<T[K]> }
		: T;

/** Freezes a JSON document in place, all the way down, so the cached copy can be shared without cloning. */
function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}

export class DataManager {
	private readonly cache: TtlCache<string, Cached>;
	/** Per-document promise chains: read-modify-write updates of one document run one after another. */
	private readonly locks = new Map<string, Promise<unknown>>();
	/**
	 * Bumped by every write. A read whose database load overlapped a write does not cache what it
	 * loaded, since that may predate the write (which already cached the newer document).
	 */
	private writes = 0;

	public constructor(
		private readonly prisma: PrismaClient,
		options: DataManagerOptions
	) {
		this.cache = new TtlCache({ ttlMs: options.ttlSeconds * 1000, maxSize: options.maxSize, now: options.now });
	}

	/** The guild's document for `plugin`, or a copy of `fallback` when it has none. */
	public async getGuildData<T>(guildId: string, plugin: string, fallback: T): Promise<T> {
		return this.read(guildKey(guildId, plugin), fallback, async () => {
			const row = await this.prisma.guildData.findUnique({ where: { guildId_plugin: { guildId, plugin } }, select: { data: true } });
			return row ? row.data : MISSING;
		});
	}

	/**
	 * The guild's document for `plugin` as a read-only view (or `fallback`, which the caller should freeze, when it has
	 * none): the cached object itself, frozen, returned synchronously when cached, a promise only when it must be
	 * loaded. For code that runs on every message and only reads; anything that modifies a document uses the
	 * get/update methods, which clone.
	 */
	public viewGuildData<T>(guildId: string, plugin: string, fallback: T): ReadonlyDocument<T> | Promise<ReadonlyDocument<T>> {
		const key = guildKey(guildId, plugin);
		const cached = this.cache.get(key);
		if (cached !== undefined) return (cached === MISSING ? fallback : cached) as ReadonlyDocument<T>;
		return this.load(key, async () => {
			const row = await this.prisma.guildData.findUnique({ where: { guildId_plugin: { guildId, plugin } }, select: { data: true } });
			return row ? row.data : MISSING;
		}).then((value) => (value === MISSING ? fallback : value) as ReadonlyDocument<T>);
	}

	/** Replaces the guild's document for `plugin`. */
	public async setGuildData<T>(guildId: string, plugin: string, data: T): Promise<T> {
		const key = guildKey(guildId, plugin);
		return this.withLock(key, () => this.writeGuild(guildId, plugin, key, data));
	}

	/**
	 * Reads the current document (undefined when none), lets `fn` produce the next one and stores it.
	 * Concurrent updates of the same document in this process are serialised, so none is lost.
	 */
	public async updateGuildData<T>(guildId: string, plugin: string, fn: (current: T | undefined) => T | Promise<T>): Promise<T> {
		const key = guildKey(guildId, plugin);
		return this.withLock(key, async () => {
			// Read from the database, not the cache: another process may have written within the TTL.
			const row = await this.prisma.guildData.findUnique({ where: { guildId_plugin: { guildId, plugin } }, select: { data: true } });
			const next = await fn(row ? (row.data as T) : undefined);
			return this.writeGuild(guildId, plugin, key, next);
		});
	}

	public async getUserData<T>(userId: string, plugin: string, fallback: T): Promise<T> {
		return this.read(userKey(userId, plugin), fallback, async () => {
			const row = await this.prisma.userData.findUnique({ where: { userId_plugin: { userId, plugin } }, select: { data: true } });
			return row ? row.data : MISSING;
		});
	}

	public async setUserData<T>(userId: string, plugin: string, data: T): Promise<T> {
		const key = userKey(userId, plugin);
		return this.withLock(key, () => this.writeUser(userId, plugin, key, data));
	}

	public async updateUserData<T>(userId: string, plugin: string, fn: (current: T | undefined) => T | Promise<T>): Promise<T> {
		const key = userKey(userId, plugin);
		return this.withLock(key, async () => {
			const row = await this.prisma.userData.findUnique({ where: { userId_plugin: { userId, plugin } }, select: { data: true } });
			const next = await fn(row ? (row.data as T) : undefined);
			return this.writeUser(userId, plugin, key, next);
		});
	}

	/** Forgets a guild entirely (bot removed, data deletion request): its documents, settings and feature overrides. */
	public async deleteGuild(guildId: string): Promise<void> {
		this.writes++;
		await this.prisma.$transaction([
			this.prisma.guildData.deleteMany({ where: { guildId } }),
			this.prisma.featureOverride.deleteMany({ where: { guildId } }),
			this.prisma.guildSettings.deleteMany({ where: { guildId } })
		]);
		const prefix = guildKey(guildId, '');
		this.cache.deleteWhere((key) => key.startsWith(prefix));
	}

	/** Forgets every document of a user (data deletion request). */
	public async deleteUser(userId: string): Promise<void> {
		this.writes++;
		await this.prisma.userData.deleteMany({ where: { userId } });
		const prefix = userKey(userId, '');
		this.cache.deleteWhere((key) => key.startsWith(prefix));
	}

	/** Drops every cached document (e.g. after editing the database by hand). */
	public clearCache(): void {
		this.cache.clear();
	}

	/** Cache counters for /stats. */
	public cacheStats(): CacheStats {
		return this.cache.stats();
	}

	private async read<T>(key: string, fallback: T, load: () => Promise<Cached>): Promise<T> {
		const value = this.cache.get(key) ?? (await this.load(key, load));
		return value === MISSING ? structuredClone(fallback) : (structuredClone(value) as T);
	}

	/** Loads a document and caches it (frozen: `viewGuildData` shares it), unless a write overlapped the load. */
	private async load(key: string, load: () => Promise<Cached>): Promise<Cached> {
		const writesBefore = this.writes;
		const value = deepFreeze(await load());
		if (this.writes === writesBefore) this.cache.set(key, value);
		return value;
	}

	private async writeGuild<T>(guildId: string, plugin: string, key: string, data: T): Promise<T> {
		const json = toJson(data);
		this.writes++;
		await this.prisma.guildData.upsert({
			where: { guildId_plugin: { guildId, plugin } },
			create: { guildId, plugin, data: json },
			update: { data: json }
		});
		this.cache.set(key, deepFreeze(structuredClone(data)));
		return data;
	}

	private async writeUser<T>(userId: string, plugin: string, key: string, data: T): Promise<T> {
		const json = toJson(data);
		this.writes++;
		await this.prisma.userData.upsert({
			where: { userId_plugin: { userId, plugin } },
			create: { userId, plugin, data: json },
			update: { data: json }
		});
		this.cache.set(key, deepFreeze(structuredClone(data)));
		return data;
	}

	private withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.locks.get(key) ?? Promise.resolve();
		const run = previous.then(task, task);
		const settled = run.catch(() => undefined);
		this.locks.set(key, settled);
		// Drop the chain once idle so the map does not grow with every document ever written.
		void settled.then(() => {
			if (this.locks.get(key) === settled) this.locks.delete(key);
		});
		return run;
	}
}

// NUL cannot appear in snowflakes or plugin names, so keys of different documents never collide.
const guildKey = (guildId: string, plugin: string) => `g\0${guildId}\0${plugin}`;
const userKey = (userId: string, plugin: string) => `u\0${userId}\0${plugin}`;

/** Documents must be JSON: `undefined` would be dropped silently and break the next read. */
function toJson(data: unknown): Prisma.InputJsonValue {
	if (data === undefined || data === null) throw new TypeError('DataManager documents must be JSON values, not null or undefined');
	return data as Prisma.InputJsonValue;
}
