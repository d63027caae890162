// Loads the subcommand plugin's preconditions (its error listeners stay off: loadSubcommandErrorListeners below) through a
// post-initialisation hook, which only runs for clients constructed after this import (hence here, at the top, not in a command file).
import '@sapphire/plugin-subcommands/register';
import { ApplicationCommandRegistries, container, Events, LogLevel, RegisterBehavior, SapphireClient, type ILogger } from '@sapphire/framework';
import {
	GatewayIntentBits,
	GuildMemberManager,
	MessageManager,
	Options,
	Partials,
	UserManager,
	type ClientOptions,
	type GuildMember,
	type Message,
	type MessageMentionOptions,
	type User
} from 'discord.js';
import { join, resolve } from 'node:path';
import type { HMROptions } from '@sapphire/plugin-hmr';
import { GenerationalCollection } from '#core/GenerationalCollection';
import { BotAdmins } from '#core/admins/BotAdmins';
import type { TikaConfig } from '#core/config/schema';
import type { DataManager } from '#core/database/DataManager';
import type { PrismaClient, TikaDatabase } from '#core/database/index';
import type { TikaEnv } from '#core/env';
import type { FeatureManager } from '#core/features/FeatureManager';
import { installFeatures } from '#core/features/setup';
import { Lifecycle } from '#core/lifecycle';
import { MetricsRegistry } from '#core/metrics/registry';
import type { PluginController } from '#core/plugins/PluginController';
import { PluginManager } from '#core/plugins/PluginManager';
import { installPluginSettings } from '#core/plugins/settings';
import { ServiceProviderStore } from '#core/plugins/ServiceProviderStore';
import { ServiceRegistry } from '#core/plugins/services';
import { installCommandReload } from '#core/plugins/commandReload';
import { installPluginControl } from '#core/plugins/setup';
import type { MessageRouter } from '#core/router/MessageRouter';
import { installMessageRouter } from '#core/router/setup';
import { installScheduler } from '#core/scheduler/setup';
import { GuildSettingsService } from '#core/settings/GuildSettingsService';
import { CommandStats } from '#core/stats/CommandStats';
import { defaultPoolSize, WorkerPool } from '#core/workers/pool';

export interface TikaClientOptions {
	config: TikaConfig;
	env: TikaEnv;
	database: TikaDatabase;
	data: DataManager;
	logger?: ILogger;
	/** Folders holding plugin folders; defaults to src/plugins (dist/plugins once compiled) plus TIKA_PLUGIN_PATHS. */
	pluginDirectories?: readonly string[];
	/** Plugins switched off globally (read from `PluginState` by bootstrap): listed, never loaded. */
	disabledPlugins?: readonly string[];
	/** Extra REST options (tests raise `globalRequestsPerSecond` so the double is not throttled). */
	rest?: ClientOptions['rest'];
	/** Tests and benchmarks override individual discord.js options. */
	overrides?: Partial<ClientOptions>;
	/** The metrics registry startTika made (config.yml `metrics`); a disabled one when absent. */
	metrics?: MetricsRegistry;
}

/**
 * The bot can never ping @everyone/@here or a role by accident: only users it names are pinged,
 * and replies do not ping the replied-to user. A feature that truly needs more must pass its own
 * `allowedMentions` on that one message.
 */
export const SAFE_MENTIONS: MessageMentionOptions = Object.freeze({ parse: ['users'], repliedUser: false }) as MessageMentionOptions;

/**
 * Intents the planned features need, and why:
 * - Guilds: channels, roles, guild create/delete (everything).
 * - GuildMembers (privileged): member join/leave (detention re-jail, custom role clean-up), role rewards.
 * - GuildMessages + MessageContent (privileged): the message router (XP, word filter, auto-reply, word chain, prefix commands).
 * - GuildMessageReactions: the chapel highlights board.
 * - DirectMessages: prefix commands and replies in DMs.
 * - GuildModeration: ban events for the mod log.
 * Presences are not requested: no feature needs them and they are the costliest event stream.
 */
export const TIKA_INTENTS = [
	GatewayIntentBits.Guilds,
	GatewayIntentBits.GuildMembers,
	GatewayIntentBits.GuildMessages,
	GatewayIntentBits.MessageContent,
	GatewayIntentBits.GuildMessageReactions,
	GatewayIntentBits.DirectMessages,
	GatewayIntentBits.GuildModeration
];

/**
 * Caches are bounded on purpose (memory grows with activity, not with the size of the guilds):
 * - Messages: the last 100 to 200 per channel (edits re-checked by the word filter, chapel reactions), swept after 30
 *   min, in a GenerationalCollection: discord.js's LimitedCollection makes V8 leave a chain of old hash tables that
 *   keeps every message alive from one full GC to the next (see GenerationalCollection.ts).
 * - Members: 100 to 200 per guild (a GenerationalCollection too, keeping the bot's own member, needed for permission
 *   checks), all others swept every 30 minutes; the connect-time member lists are dropped at ready
 *   (listeners/trimMemberCache.ts). So the cache holds the members who chatted lately. It must hold a busy channel's
 *   chatters: with 25, a guild with more active members than that rebuilt a GuildMember for almost every message.
 *   `message.member` resolves from this cache right after the message arrives; features that act on a member later
 *   fetch it, so a miss costs one REST call, never a wrong answer.
 * - Users: 500 to 1,000 (plus the bot), for the same reason.
 * - Presences, voice states, stage instances, invites, bans, stickers, scheduled events,
 *   thread members and auto-moderation rules are never used and never cached.
 */
export function tikaCacheFactory(): ClientOptions['makeCache'] {
	const limited = Options.cacheWithLimits({
		...Options.DefaultMakeCacheSettings,
		PresenceManager: 0,
		VoiceStateManager: 0,
		StageInstanceManager: 0,
		GuildInviteManager: 0,
		GuildBanManager: 0,
		GuildStickerManager: 0,
		GuildScheduledEventManager: 0,
		ThreadMemberManager: 0,
		AutoModerationRuleManager: 0
	});
	return (managerType, holds, manager) => {
		if (managerType === MessageManager) return new GenerationalCollection<string, Message>(MESSAGES_PER_CHANNEL);
		if (managerType === GuildMemberManager) return new GenerationalCollection<string, GuildMember>(MEMBERS_PER_GUILD, isTheBot);
		if (managerType === UserManager) return new GenerationalCollection<string, User>(USERS, isTheBot);
		return limited(managerType, holds, manager);
	};
}

/** The bot's own user or member: kept whatever the limits (permission checks need it). */
function isTheBot(entry: User | GuildMember): boolean {
	return entry.id === entry.client.user?.id;
}

/** Most members kept per guild (at least half of them are always there: see GenerationalCollection). */
export const MEMBERS_PER_GUILD = 200;
/** Most users kept. */
export const USERS = 1_000;

/** Most messages kept per channel (at least half of them are always there: see GenerationalCollection). */
export const MESSAGES_PER_CHANNEL = 200;

export const TIKA_SWEEPERS: ClientOptions['sweepers'] = {
	...Options.DefaultSweeperSettings,
	messages: { interval: 300, lifetime: 1800 },
	guildMembers: { interval: 1800, filter: () => (member) => member.id !== member.client.user.id }
};

export function defaultPluginDirectory(): string {
	return join(__dirname, '..', 'plugins');
}

export class TikaClient extends SapphireClient {
	/** Resolves once every application command has been registered with Discord (tests and benchmarks wait on it). */
	public readonly commandsRegistered: Promise<void>;
	readonly #workers: WorkerPool;

	public constructor(options: TikaClientOptions) {
		const { config, env } = options;
		const hotReload: HMROptions = { enabled: config.plugins.hotReload || env.nodeEnv === 'development', silent: false };
		super({
			intents: TIKA_INTENTS,
			partials: [Partials.Message, Partials.Reaction, Partials.Channel, Partials.User, Partials.GuildMember],
			makeCache: tikaCacheFactory(),
			sweepers: TIKA_SWEEPERS,
			allowedMentions: SAFE_MENTIONS,
			defaultPrefix: config.bot.commandPrefix,
			caseInsensitivePrefixes: config.bot.caseInsensitive,
			caseInsensitiveCommands: config.bot.caseInsensitive,
			loadMessageCommandListeners: true,
			// src/core/listeners/commands/ answers and logs every command, handler and listener error; the defaults would log them twice.
			loadDefaultErrorListeners: false,
			loadSubcommandErrorListeners: false,
			// listeners/commandRegistration.ts logs the same lines without Number#toLocaleString (≈ 4.7 MB of ICU data).
			loadApplicationCommandRegistriesStatusListeners: false,
			// Plugins register their own folders; there is no single "user directory" to scan.
			baseUserDirectory: null,
			logger: options.logger ? { instance: options.logger } : { level: LogLevel.Info },
			rest: { ...(env.apiUrl ? { api: env.apiUrl } : {}), ...options.rest },
			hmr: hotReload,
			...options.overrides
		});

		// Development tooling (a file watcher) is only loaded when asked for; its post-login hook still runs because
		// login() comes after this constructor.
		if (hotReload.enabled) require('@sapphire/plugin-hmr/register');

		container.config = config;
		container.env = env;
		container.db = options.database;
		container.prisma = options.database.prisma;
		container.data = options.data;
		container.lifecycle = new Lifecycle();
		// No thread starts here: the pool starts its first one for its first task. Its hook is the first registered,
		// so it runs last: tasks started by other hooks' work still finish.
		const workers = new WorkerPool({ size: config.performance.workerThreads || defaultPoolSize() });
		container.workers = this.#workers = workers;
		container.lifecycle.onShutdown('worker pool', () => workers.close());
		// Before the router: it keeps latency histograms only when the metrics endpoint is on.
		container.metrics = options.metrics ?? new MetricsRegistry({ enabled: false });
		container.settings = new GuildSettingsService(options.database.prisma, {
			ttlMs: config.performance.cacheTtl * 1000,
			maxSize: config.performance.maxCacheSize,
			logger: { info: (message) => container.logger.info(message), warn: (message) => container.logger.warn(message) }
		});
		container.stats = new CommandStats();
		container.admins = BotAdmins.withPrisma(() => container.env.owners, options.database.prisma);
		// Before any plugin piece loads: providers put their services here in onLoad.
		container.services = new ServiceRegistry();
		container.plugins = PluginManager.fromDirectory(
			options.pluginDirectories ?? [defaultPluginDirectory(), ...env.pluginPaths.map((path) => resolve(path))],
			config.plugins.loadOrder,
			{ disabled: options.disabledPlugins ?? [] }
		);
		// Each plugin's config.yml section is checked against its manifest's schema before any of its code runs.
		installPluginSettings(config, container.plugins.list());
		// Before any registerPath: a store only picks up the folders registered after it exists. installFeatures also
		// replaces Sapphire's interaction handler store with the feature-gated one.
		installFeatures(this);
		installMessageRouter(this.stores);
		// Plugins' scheduled-tasks/ folders: handlers of the durable scheduler's task kinds (docs/scheduler.md).
		installScheduler(this.stores);
		// Plugins' services/ folders: what one plugin offers others on container.services (see docs/plugins.md).
		this.stores.register(new ServiceProviderStore());
		installPluginControl(this.stores);
		// The core's own pieces (listeners, preconditions) live beside it and are never toggled.
		this.stores.registerPath(__dirname);
		if (config.plugins.autoLoad) container.plugins.registerWith(this.stores);

		// One PUT /applications/:id/commands for the whole command set, instead of a request per command.
		ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);
		this.commandsRegistered = new Promise((resolve) => this.once(Events.ApplicationCommandRegistriesRegistered, () => resolve()));
		// Commands that name no guilds go to the DEV_GUILD_IDS guilds (instant, their own rate limit) instead of globally, at
		// start-up and on every reload. Sapphire keeps this setting per process: reset it so a client without dev guilds
		// does not inherit an earlier one's.
		ApplicationCommandRegistries.setDefaultGuildIds(env.devGuildIds.length > 0 ? env.devGuildIds : null);
		// A hot-reloaded command syncs with Discord only when its definition changed (Sapphire's own reload re-sends everything).
		installCommandReload();
	}

	public get lifecycle(): Lifecycle {
		return container.lifecycle;
	}

	/** Also ends the worker pool's threads (normally already closed by the lifecycle's shutdown). */
	public override async destroy(): Promise<void> {
		await super.destroy();
		await this.#workers.close();
	}

	/** True for BOT_OWNERS: the people who run this Tika instance (not the same as a server's admins). */
	public isOwner(userId: string): boolean {
		return container.env.owners.includes(userId);
	}
}

declare module '@sapphire/pieces' {
	interface Container {
		config: TikaConfig;
		env: TikaEnv;
		db: TikaDatabase;
		prisma: PrismaClient;
		data: DataManager;
		plugins: PluginManager;
		pluginController: PluginController;
		/** What plugins offer each other (`container.services.get(name)`); see docs/plugins.md. */
		services: ServiceRegistry;
		admins: BotAdmins;
		lifecycle: Lifecycle;
		/** CPU-heavy work off the event loop (src/core/workers, docs/architecture.md#worker-pool). */
		workers: WorkerPool;
		router: MessageRouter;
		settings: GuildSettingsService;
		stats: CommandStats;
		features: FeatureManager;
	}
}
