/**
 * The metrics and health endpoint (config.yml `metrics`, docs/operations.md). Created by startTika before the
 * database opens, so /healthz answers during migrations and /readyz says what is still missing; the database and the
 * client are attached as they come up.
 */
import { container, Events } from '@sapphire/framework';
import type { Client } from 'discord.js';
import type { MetricsConfig } from '#core/config/schema';
import type { TikaDatabase } from '#core/database/index';
import { isUpToDate } from '#core/database/migrate';
import type { QueryObserver } from '#core/database/timing';
import { StartupError } from '#core/errors';
import { collectPluginStats } from '#core/stats/PluginStats';
import { GatewayEvents, QueryLatency, registerCoreMetrics } from './core';
import { MetricsRegistry } from './registry';
import { startHealthServer, type HealthServer } from './server';

export { MetricsRegistry, type PluginMetricDefinition, type Sample } from './registry';

export interface MetricsLogger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string, ...values: unknown[]): void;
}

export class TikaMetrics {
	/** What `container.metrics` is: the registry plugins add their numbers to. */
	public readonly registry: MetricsRegistry;
	/** The database statement timer to hand to openDatabase; undefined when the endpoint is off (nothing is wrapped). */
	public readonly onQuery: QueryObserver | undefined;
	readonly #config: MetricsConfig;
	readonly #logger: MetricsLogger;
	readonly #queries = new QueryLatency();
	readonly #events = new GatewayEvents();
	#database: TikaDatabase | null = null;
	#client: Client | null = null;
	#server: HealthServer | null = null;

	public constructor(config: MetricsConfig, logger: MetricsLogger) {
		this.#config = config;
		this.#logger = logger;
		this.registry = new MetricsRegistry({ enabled: config.enabled, logger });
		this.onQuery = config.enabled ? (operation, ms) => this.#queries.observe(operation, ms) : undefined;
		if (!config.enabled) return;
		registerCoreMetrics(this.registry, {
			client: () => this.#client,
			router: () => (this.#client ? container.router : null),
			commands: () => (this.#client ? container.stats : null),
			scheduler: () => (this.#client ? container.schedule : null),
			plugins: () => (this.#client ? collectPluginStats() : null),
			queries: this.#queries,
			events: this.#events
		});
	}

	/** `http://host:port` of the endpoint, or null when it is off. */
	public get url(): string | null {
		return this.#server?.url ?? null;
	}

	/** Starts listening when `metrics.enabled`; a port that cannot be bound stops the start-up with one line. */
	public async listen(): Promise<void> {
		if (!this.#config.enabled || this.#server) return;
		const { host } = this.#config;
		const port = metricsPort(this.#config.port);
		try {
			this.#server = await startHealthServer({
				host,
				port,
				metrics: async () => ({ body: await this.registry.scrape(), contentType: this.registry.contentType }),
				readiness: {
					gateway: () => this.#gatewayState(),
					database: async () => {
						if (!this.#database) return 'not open yet';
						await this.#database.ping();
						return null;
					},
					migrations: async () => {
						const database = this.#database;
						if (!database) return 'not open yet';
						const current = await isUpToDate((sql) => database.prisma.$queryRawUnsafe(sql), database.provider);
						return current ? null : 'migrations pending or unreadable (run npm run db:status)';
					}
				},
				onError: (error) => this.#logger.error('[metrics] request failed:', error)
			});
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code ?? 'error';
			throw new StartupError(
				`The metrics endpoint cannot listen on ${host}:${port} (${code})`,
				code === 'EADDRINUSE'
					? 'Another process uses that port: pick another metrics.port in config.yml'
					: 'Check metrics.host and metrics.port in config.yml',
				{ cause: error }
			);
		}
		this.#logger.info(`Metrics: /metrics, /healthz and /readyz on ${this.#server.url}`);
	}

	public attachDatabase(database: TikaDatabase): void {
		this.#database = database;
	}

	public attachClient(client: Client): void {
		this.#client = client;
		if (this.#config.enabled) client.on(Events.Raw, this.#events.listener);
	}

	public async close(): Promise<void> {
		const server = this.#server;
		this.#server = null;
		this.#client?.off(Events.Raw, this.#events.listener);
		await server?.close();
	}

	#gatewayState(): string | null {
		const client = this.#client;
		if (!client) return 'starting';
		if (container.lifecycle.closing) return 'shutting down';
		return client.isReady() ? null : 'not connected';
	}
}

/**
 * The port this process listens on: `metrics.port`, plus the process's first shard id when discord.js's ShardingManager
 * started it (SHARDING_MANAGER and SHARDS in its environment), so shard processes on one host do not collide: shard 0
 * on 9464, shard 1 on 9465… Port 0 (any free port) stays 0.
 */
export function metricsPort(port: number, env: NodeJS.ProcessEnv = process.env): number {
	if (port === 0 || !env.SHARDING_MANAGER || env.SHARDS === undefined) return port;
	let shards: unknown;
	try {
		shards = JSON.parse(env.SHARDS);
	} catch {
		return port;
	}
	const first = Array.isArray(shards) ? (shards[0] as unknown) : shards;
	return typeof first === 'number' && Number.isInteger(first) && first >= 0 ? port + first : port;
}

declare module '@sapphire/pieces' {
	interface Container {
		/** Metrics plugins can add to (`container.metrics.register(...)`); read by the endpoint when it is on. */
		metrics: MetricsRegistry;
	}
}
