import { container, type ILogger } from '@sapphire/framework';
import type { ClientOptions } from 'discord.js';
import { startAutoBackups } from '#core/backup/index';
import { TikaClient } from '#core/client';
import type { TikaConfig } from '#core/config/schema';
import { DataManager } from '#core/database/DataManager';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { startHeartbeat } from '#core/database/heartbeat';
import type { TikaEnv } from '#core/env';
import { StartupError } from '#core/errors';
import { getPersonality } from '#shared/personality/default';
import { configureUi } from '#shared/ui/embeds';
import { prismaPluginStateStore } from '#core/plugins/state';
import { TikaMetrics } from '#core/metrics/index';
import { installSharedState, openSharedState } from '#core/sharding/setup';
import { assertShardableDatabase } from '#core/sharding/shards';

export interface StartOptions {
	env: TikaEnv;
	config: TikaConfig;
	logger?: ILogger;
	pluginDirectories?: readonly string[];
	rest?: ClientOptions['rest'];
	overrides?: Partial<ClientOptions>;
}

export interface TikaInstance {
	client: TikaClient;
	database: TikaDatabase;
	/** The metrics and health endpoint's address (`http://127.0.0.1:9464`), or null when `metrics.enabled` is off. */
	metricsUrl: string | null;
	/** Graceful stop: stop taking events, run shutdown hooks (flush buffers), close the gateway, then the database. */
	stop(): Promise<void>;
}

/**
 * The whole start-up path, shared by `src/index.ts`, the end-to-end tests and the benchmarks,
 * so that what the tests exercise is exactly what production runs.
 */
export async function startTika(options: StartOptions): Promise<TikaInstance> {
	const { env, config } = options;
	if (!env.token) throw new StartupError('DISCORD_TOKEN is not set', 'Copy .env.example to .env and paste your bot token');
	// Loaded now, before the database and the gateway, so a broken personality.yml stops the boot with one line
	// (PersonalityFileError is a StartupError) instead of surfacing on the first error reply.
	getPersonality();
	configureUi({ botName: config.bot.name });

	// A shard started by the manager (src/shard.ts) learns the shard count from SHARD_COUNT, as discord.js does.
	assertShardableDatabase(env.databaseProvider, Number(options.overrides?.shardCount ?? process.env.SHARD_COUNT ?? 1));
	// Listening before the database opens: /healthz answers during migrations and /readyz says what is missing.
	const metrics = new TikaMetrics(config.metrics, options.logger ?? console);
	await metrics.listen();
	let database: TikaDatabase;
	try {
		database = await openDatabase(env.databaseUrl, {
			migrate: true,
			...(options.logger ? { logger: options.logger } : {}),
			...(metrics.onQuery ? { onQuery: metrics.onQuery } : {})
		});
	} catch (error) {
		await metrics.close();
		throw error;
	}
	metrics.attachDatabase(database);
	// From here until stop() the database counts as in use: db:restore and migrate-old-data refuse to replace its data.
	const heartbeat = await startHeartbeat(database.prisma, { onError: (message) => options.logger?.warn(message) });
	const data = new DataManager(database.prisma, { ttlSeconds: config.performance.cacheTtl, maxSize: config.performance.maxCacheSize });

	let client: TikaClient;
	try {
		// Read before the client exists because its constructor (which registers plugin folders) is synchronous:
		// a plugin an operator switched off must not load, not even for a moment.
		const disabledPlugins = await prismaPluginStateStore(database.prisma).disabled();
		client = new TikaClient({
			config,
			env,
			database,
			data,
			disabledPlugins,
			metrics: metrics.registry,
			...(options.logger ? { logger: options.logger } : {}),
			...(options.pluginDirectories ? { pluginDirectories: options.pluginDirectories } : {}),
			...(options.rest ? { rest: options.rest } : {}),
			...(options.overrides ? { overrides: options.overrides } : {})
		});
		metrics.attachClient(client);
		// Registered before anything else's shutdown hook, so Redis closes last (hooks run in reverse order).
		await installSharedState(await openSharedState(env, client.logger), client.lifecycle);
		await client.login(env.token);
	} catch (error) {
		await metrics.close();
		await container.sharedState?.close().catch(() => undefined);
		await heartbeat.stop();
		await database.disconnect().catch(() => undefined);
		throw error;
	}
	// Registered last among the core's shutdown hooks, so it runs first: no backup starts while the rest shut down.
	startAutoBackups(database, {
		intervalSeconds: config.performance.autoBackupInterval,
		directory: env.backupDir,
		rawUrl: env.databaseUrl,
		logger: client.logger,
		lifecycle: client.lifecycle
	});

	let stopping: Promise<void> | null = null;
	const stop = () => {
		stopping ??= (async () => {
			const report = await client.lifecycle.shutdown();
			for (const failure of report.failed) client.logger.error(`[shutdown] ${failure.name} failed:`, failure.error);
			await client.destroy();
			// After every flush, just before the database closes: only then may a restore replace the data.
			await heartbeat.stop();
			await database.disconnect();
			// Last, so /readyz reports the shutdown (503) until the process is about to exit.
			await metrics.close();
			client.logger.info(routerTotals());
		})();
		return stopping;
	};
	return { client, database, metricsUrl: metrics.url, stop };
}

/**
 * What the router did in this process's life, logged once at shutdown: calls per handler (every message that reached
 * it before the shutdown began, since no message is routed after that) and errors. Operators see how much work a
 * process did; the PostgreSQL soak test checks XP against it.
 */
function routerTotals(): string {
	const rows = container.router.stats().map((row) => `${row.name} ${row.calls}${row.errors ? ` (${row.errors} errors)` : ''}`);
	return `Router totals at shutdown: ${rows.length ? rows.join(', ') : 'no handlers'}`;
}
