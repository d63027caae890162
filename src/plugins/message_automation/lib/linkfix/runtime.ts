import { container } from '@sapphire/framework';
import { pluginConfig } from '#core/plugins/settings';
import { TtlCache } from '#shared/utils/cache';
import plugin from '../../plugin';
import { EmbedWaiter } from './embeds';
import { MirrorHealth, probeAll, type ProbeFetch } from './health';
import { FIX_RETENTION_MS, FixIndex, type FixRecord } from './posts';
import { DEFAULT_LINK_FIX_SETTINGS, parseLinkFixSettings, type LinkFixSettings } from './settings';
import { LINK_FIX_SITES } from './sites';

/** The plugin's GuildData / UserData document name; link fixing keeps its values under `linkFix` / `linkFixOptOut`. */
export const DATA_KEY = 'message_automation';
const SETTINGS_TTL_MS = 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;
/** The first probe waits a little after start-up so that it does not compete with logging in. */
const FIRST_PROBE_DELAY_MS = 15_000;

interface UserDocument {
	linkFixOptOut?: boolean;
}

/**
 * Everything the link fixer's pieces share, once per process (pieces may be loaded through different module
 * registries, see docs/plugins.md): mirror health, the fix index, pending embed waits, the per-guild settings cache,
 * the per-message work queue and the timers.
 */
export class LinkFixRuntime {
	public readonly health = new MirrorHealth();
	public readonly index = new FixIndex();
	public readonly embeds = new EmbedWaiter();
	readonly #settings = new TtlCache<string, LinkFixSettings>({ ttlMs: SETTINGS_TTL_MS, maxSize: 10_000 });
	readonly #loading = new Map<string, Promise<LinkFixSettings>>();
	#generation = 0;
	readonly #queues = new Map<string, Promise<void>>();
	/** Sources deleted while work on them was queued: the work must not post (or must remove) their fix. */
	readonly #deleted = new Set<string>();
	/**
	 * Messages deleted while a fix was being posted and stored (`posting`): Discord shows a fix a moment before its
	 * id reaches Tika, so a fix deleted in that gap is only recognised once the post has its id. Emptied when no post is
	 * in flight, so it stays as small as the gaps.
	 */
	readonly #deletedWhilePosting = new Set<string>();
	#posting = 0;
	readonly #timers = new Set<NodeJS.Timeout>();
	#started: Promise<void> | null = null;
	/** Replaced by tests; the real probe uses the global fetch. */
	public fetch: ProbeFetch = (url, init) => fetch(url, init);

	// ------------------------------------------------------------ settings

	/** The guild's settings when cached (the common case: no await on the message path). */
	public peekSettings(guildId: string): LinkFixSettings | undefined {
		return this.#settings.get(guildId);
	}

	public settings(guildId: string): LinkFixSettings | Promise<LinkFixSettings> {
		return this.peekSettings(guildId) ?? this.loadSettings(guildId);
	}

	public loadSettings(guildId: string): Promise<LinkFixSettings> {
		const pending = this.#loading.get(guildId);
		if (pending) return pending;
		const generation = this.#generation;
		const promise = container.data
			.getGuildData<Record<string, unknown>>(guildId, DATA_KEY, {})
			.then((document) => {
				const settings = parseLinkFixSettings(document.linkFix);
				// A change saved while this read was in flight wins over what it read.
				if (generation === this.#generation) this.#settings.set(guildId, settings);
				return settings;
			})
			.finally(() => this.#loading.delete(guildId));
		this.#loading.set(guildId, promise);
		return promise;
	}

	/** Changes the guild's settings; the plugin's document is shared with the auto-replies, so its other keys are kept. */
	public async updateSettings(guildId: string, change: (current: LinkFixSettings) => LinkFixSettings): Promise<LinkFixSettings> {
		let next: LinkFixSettings = { ...DEFAULT_LINK_FIX_SETTINGS };
		await container.data.updateGuildData<Record<string, unknown>>(guildId, DATA_KEY, (current) => {
			next = change(parseLinkFixSettings(current?.linkFix));
			return { ...(current ?? {}), linkFix: next };
		});
		this.#generation++;
		this.#loading.delete(guildId);
		this.#settings.set(guildId, next);
		return next;
	}

	public async isOptedOut(userId: string): Promise<boolean> {
		const document = await container.data.getUserData<UserDocument>(userId, DATA_KEY, {});
		return document.linkFixOptOut === true;
	}

	public async setOptOut(userId: string, optOut: boolean): Promise<void> {
		await container.data.updateUserData<UserDocument>(userId, DATA_KEY, (current) => ({ ...(current ?? {}), linkFixOptOut: optOut }));
	}

	// ------------------------------------------------------------ per-message work

	/**
	 * Runs `task` after any earlier work on the same source message (a create still waiting for embeds, then its edit),
	 * never concurrently with it. Failures are logged, never thrown: the message handler does not wait for this.
	 */
	public enqueue(messageId: string, task: () => Promise<void>): void {
		const previous = this.#queues.get(messageId) ?? Promise.resolve();
		const next = previous
			.then(task)
			.catch((error: unknown) => container.logger.error(`[linkfix] Fixing the links of message ${messageId} failed:`, error))
			.finally(() => {
				if (this.#queues.get(messageId) === next) {
					this.#queues.delete(messageId);
					this.#deleted.delete(messageId);
				}
			});
		this.#queues.set(messageId, next);
	}

	public isQueued(messageId: string): boolean {
		return this.#queues.has(messageId);
	}

	/** Resolves once the work queued on the source message so far (a fix being posted, say) has finished. */
	public async settled(messageId: string): Promise<void> {
		await this.#queues.get(messageId);
	}

	/** Runs `post` (send a fix, then store it), noting the messages deleted meanwhile (`deletedWhilePosting`). */
	public async posting<T>(post: () => Promise<T>): Promise<T> {
		this.#posting++;
		try {
			return await post();
		} finally {
			if (--this.#posting === 0) this.#deletedWhilePosting.clear();
		}
	}

	/** A message was deleted: a fix being posted right now may be it. */
	public noteDeleted(messageId: string): void {
		if (this.#posting > 0) this.#deletedWhilePosting.add(messageId);
	}

	public deletedWhilePosting(messageId: string): boolean {
		return this.#deletedWhilePosting.has(messageId);
	}

	/** The source message is gone: pending work on it stops (its embed wait ends) and posts nothing. */
	public markDeleted(messageId: string): void {
		if (!this.#queues.has(messageId)) return;
		this.#deleted.add(messageId);
		this.embeds.cancel(messageId);
	}

	public wasDeleted(messageId: string): boolean {
		return this.#deleted.has(messageId);
	}

	// ------------------------------------------------------------ stored fixes

	/** The fix of a source message: from the index once it is loaded, else from the database. */
	public async fixOf(sourceMessageId: string): Promise<FixRecord | undefined> {
		if (this.index.loaded) return this.index.bySource(sourceMessageId);
		const row = await container.prisma.linkFixPost.findUnique({ where: { sourceMessageId } });
		return row ? toRecord(row) : undefined;
	}

	/** The record a fix message belongs to: from the index once it is loaded, else from the database. */
	public async recordOfFix(fixMessageId: string): Promise<FixRecord | undefined> {
		if (this.index.loaded) return this.index.byFix(fixMessageId);
		const row = await container.prisma.linkFixPost.findFirst({ where: { fixMessageId } });
		return row ? toRecord(row) : undefined;
	}

	public async saveFix(record: Omit<FixRecord, 'createdAt'>, guildId: string): Promise<void> {
		const createdAt = new Date();
		await container.prisma.linkFixPost.upsert({
			where: { sourceMessageId: record.sourceMessageId },
			create: { ...record, guildId, createdAt },
			update: { fixMessageId: record.fixMessageId, channelId: record.channelId }
		});
		this.index.set({ ...record, createdAt: createdAt.getTime() });
	}

	public async forgetFix(sourceMessageId: string): Promise<void> {
		this.index.delete(sourceMessageId);
		await container.prisma.linkFixPost.deleteMany({ where: { sourceMessageId } });
	}

	// ------------------------------------------------------------ lifecycle

	/** Loads the index, prunes old fixes, and starts the prune and health-probe timers. Idempotent. */
	public start(): Promise<void> {
		return (this.#started ??= this.#start().catch((error: unknown) => {
			container.logger.error('[linkfix] Could not load the stored link fixes; deletions and edits will ask the database:', error);
		}));
	}

	async #start(): Promise<void> {
		this.#every(PRUNE_EVERY_MS, () => this.prune());
		const probe = pluginConfig(plugin).link_fix.health_probe;
		// Tests never reach the internet; a test that wants a probe calls probeNow() with its own fetch.
		if (probe.enabled && container.env.nodeEnv !== 'test') {
			this.#after(FIRST_PROBE_DELAY_MS, () => this.probeNow());
			this.#every(probe.interval_minutes * 60_000, () => this.probeNow());
		}
		const cutoff = new Date(Date.now() - FIX_RETENTION_MS);
		await container.prisma.linkFixPost.deleteMany({ where: { createdAt: { lt: cutoff } } });
		const rows = await container.prisma.linkFixPost.findMany({ where: { createdAt: { gte: cutoff } }, orderBy: { createdAt: 'asc' } });
		this.index.load(rows.map(toRecord));
	}

	/** Drops fixes older than the retention: one indexed delete, and a walk from the old end of the index. */
	public async prune(now = Date.now()): Promise<void> {
		const cutoff = now - FIX_RETENTION_MS;
		this.index.prune(cutoff);
		await container.prisma.linkFixPost.deleteMany({ where: { createdAt: { lt: new Date(cutoff) } } });
	}

	/** Probes every configured mirror once and logs what changed. */
	public async probeNow(): Promise<string[]> {
		const { mirrors, health_probe } = pluginConfig(plugin).link_fix;
		const hosts = LINK_FIX_SITES.flatMap((site) => mirrors[site]);
		const changed = await probeAll(this.health, this.fetch, hosts, health_probe.timeout_ms);
		for (const host of changed) {
			const state = this.health.state(host);
			container.logger.info(`[linkfix] Mirror ${host} is ${state.down ? `down (${state.reason}); using the next one` : 'back up'}.`);
		}
		return changed;
	}

	/** Stops the timers and pending waits and forgets everything (shutdown, plugin unload); start() may run again. */
	public stop(): void {
		for (const timer of this.#timers) clearTimeout(timer);
		this.#timers.clear();
		this.embeds.cancelAll();
		this.index.clear();
		this.health.clear();
		this.#settings.clear();
		this.#loading.clear();
		this.#generation++;
		this.#started = null;
	}

	#every(ms: number, run: () => Promise<unknown>): void {
		const timer = setInterval(() => void run().catch((error: unknown) => container.logger.warn('[linkfix] Periodic work failed:', error)), ms);
		timer.unref();
		this.#timers.add(timer);
	}

	#after(ms: number, run: () => Promise<unknown>): void {
		const timer = setTimeout(() => {
			this.#timers.delete(timer);
			void run().catch((error: unknown) => container.logger.warn('[linkfix] Mirror probe failed:', error));
		}, ms);
		timer.unref();
		this.#timers.add(timer);
	}
}

function toRecord(row: { sourceMessageId: string; fixMessageId: string; channelId: string; authorId: string; createdAt: Date }): FixRecord {
	return {
		sourceMessageId: row.sourceMessageId,
		fixMessageId: row.fixMessageId,
		channelId: row.channelId,
		authorId: row.authorId,
		createdAt: row.createdAt.getTime()
	};
}

/** The process-wide runtime (a symbol on globalThis: see docs/plugins.md on state shared between pieces). */
export function linkFixRuntime(): LinkFixRuntime {
	const store = globalThis as unknown as Record<symbol, LinkFixRuntime | undefined>;
	return (store[Symbol.for('tika.message_automation.linkfix')] ??= new LinkFixRuntime());
}
