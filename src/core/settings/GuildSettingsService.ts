import type { PrismaClient } from '#core/database/index';
import { DEFAULT_SASS_LEVEL, SASS_LEVELS, type SassLevel } from '#shared/personality/types';
import { TtlCache, type CacheStats } from '#shared/utils/cache';

export interface GuildSettingsView {
	sassLevel: SassLevel;
	/** Null: the guild's own preferred locale. */
	locale: string | null;
	/** Null when the guild never changed anything (it runs on defaults). */
	updatedAt: Date | null;
}

export interface GuildSettingsServiceOptions {
	/** How long a guild's settings stay cached, in ms (config.yml `performance.cache_ttl`); 0 disables the cache. */
	ttlMs: number;
	maxSize: number;
	logger?: { info(message: string): void; warn(message: string): void };
	now?: () => number;
}

export class InvalidSassLevelError extends RangeError {
	public constructor(value: string) {
		super(`"${value}" is not a sass level (use ${SASS_LEVELS.join(', ')})`);
	}
}

const DEFAULTS: GuildSettingsView = Object.freeze({ sassLevel: DEFAULT_SASS_LEVEL, locale: null, updatedAt: null });

/**
 * Core per-guild settings (the GuildSettings row), cached. The sass level is read on every personality reply, so
 * {@link sassLevel} answers synchronously from the cache and only returns a promise on a miss; callers `await` it
 * either way. Writes go to the database first and then replace the cached copy (write-through), like DataManager.
 */
export class GuildSettingsService {
	readonly #prisma: PrismaClient;
	readonly #cache: TtlCache<string, GuildSettingsView>;
	/** One database read per guild at a time, however many replies are waiting for it. */
	readonly #loading = new Map<string, Promise<GuildSettingsView>>();
	readonly #logger: GuildSettingsServiceOptions['logger'];
	#writes = 0;

	public constructor(prisma: PrismaClient, options: GuildSettingsServiceOptions) {
		this.#prisma = prisma;
		this.#cache = new TtlCache({ ttlMs: options.ttlMs, maxSize: options.maxSize, now: options.now });
		this.#logger = options.logger;
	}

	/** The guild's sass level; `full` in DMs (no guild to ask) and for guilds that never chose. */
	public sassLevel(guildId: string | null | undefined): SassLevel | Promise<SassLevel> {
		if (!guildId) return DEFAULT_SASS_LEVEL;
		const cached = this.#cache.get(guildId);
		if (cached) return cached.sassLevel;
		return this.#load(guildId).then((settings) => settings.sassLevel);
	}

	public async get(guildId: string): Promise<GuildSettingsView> {
		return this.#cache.get(guildId) ?? this.#load(guildId);
	}

	public async setSassLevel(guildId: string, level: string, actorId: string): Promise<GuildSettingsView> {
		if (!isSassLevel(level)) throw new InvalidSassLevelError(level);
		this.#writes++;
		const row = await this.#prisma.guildSettings.upsert({
			where: { guildId },
			create: { guildId, sassLevel: level },
			update: { sassLevel: level },
			select: { sassLevel: true, locale: true, updatedAt: true }
		});
		const view = this.#toView(guildId, row);
		this.#cache.set(guildId, view);
		// GuildSettings has no audit column; the log is the trail of who changed a guild's tone.
		this.#logger?.info(`[settings] guild ${guildId}: sass level set to ${level} by user ${actorId}`);
		return view;
	}

	/** Drops a guild's cached settings (the bot left the guild, or the row was edited by hand). */
	public forget(guildId: string): void {
		this.#cache.delete(guildId);
	}

	/** Cache counters for /stats. */
	public stats(): CacheStats {
		return this.#cache.stats();
	}

	#load(guildId: string): Promise<GuildSettingsView> {
		let pending = this.#loading.get(guildId);
		if (pending) return pending;
		const writesBefore = this.#writes;
		pending = this.#prisma.guildSettings
			.findUnique({ where: { guildId }, select: { sassLevel: true, locale: true, updatedAt: true } })
			.then((row) => {
				const view = row ? this.#toView(guildId, row) : DEFAULTS;
				// A write that raced this read already cached something newer than what was read.
				if (this.#writes === writesBefore) this.#cache.set(guildId, view);
				return view;
			})
			.finally(() => this.#loading.delete(guildId));
		this.#loading.set(guildId, pending);
		return pending;
	}

	#toView(guildId: string, row: { sassLevel: string; locale: string | null; updatedAt: Date }): GuildSettingsView {
		let sassLevel: SassLevel = DEFAULT_SASS_LEVEL;
		if (isSassLevel(row.sassLevel)) sassLevel = row.sassLevel;
		// The column is free text; a hand-edited typo must not break every reply in that guild.
		else this.#logger?.warn(`[settings] guild ${guildId} has unknown sass level "${row.sassLevel}"; using ${DEFAULT_SASS_LEVEL}`);
		return { sassLevel, locale: row.locale, updatedAt: row.updatedAt };
	}
}

export function isSassLevel(value: string): value is SassLevel {
	return (SASS_LEVELS as readonly string[]).includes(value);
}
