import { Status, type Client } from 'discord.js';
import type { MessageRouter } from '#core/router/MessageRouter';
import type { Scheduler } from '#core/scheduler/Scheduler';
import type { SchedulerStats } from '#core/scheduler/types';
import type { CommandStats } from '#core/stats/CommandStats';
import type { PluginStatsRow } from '#core/stats/PluginStats';
import { LatencyHistogram, QUERY_BUCKETS_MS } from './histogram';
import { histogramSamples, type MetricsRegistry, type Sample } from './registry';

/** Database statement latency by the statement's first keyword, fed by the driver adapter wrapper (database/timing.ts). */
export class QueryLatency {
	readonly #byOperation = new Map<string, LatencyHistogram>();

	public observe(operation: string, ms: number): void {
		let histogram = this.#byOperation.get(operation);
		if (!histogram) this.#byOperation.set(operation, (histogram = new LatencyHistogram(QUERY_BUCKETS_MS)));
		histogram.observe(ms);
	}

	public samples(name: string): Sample[] {
		return [...this.#byOperation].flatMap(([operation, histogram]) => histogramSamples(name, histogram, { operation }));
	}
}

/** Gateway dispatches by type (MESSAGE_CREATE, GUILD_CREATE …): one Map update per event, only while metrics are on. */
export class GatewayEvents {
	readonly #counts = new Map<string, number>();
	public readonly listener = (...args: unknown[]) => {
		const type = (args[0] as { t?: string | null } | undefined)?.t;
		if (type) this.#counts.set(type, (this.#counts.get(type) ?? 0) + 1);
	};

	public samples(): Sample[] {
		return [...this.#counts].map(([type, value]) => ({ labels: { type }, value }));
	}
}

/** Where the core metrics read from; each is looked up at scrape time (the client exists only after start-up). */
export interface CoreMetricSources {
	client: () => Client | null | undefined;
	router: () => MessageRouter | null | undefined;
	commands: () => CommandStats | null | undefined;
	scheduler: () => Scheduler | null | undefined;
	/** Per-plugin figures (core/stats/PluginStats.ts), put together at scrape time. */
	plugins?: () => readonly PluginStatsRow[] | null | undefined;
	queries: QueryLatency;
	events: GatewayEvents;
}

/** Scheduler stats cost one grouped count query: shared by the scheduler's metrics within one scrape. */
function sharedWithinScrape<T>(read: () => Promise<T>, ttlMs = 1_000): () => Promise<T> {
	let cached: { at: number; value: Promise<T> } | null = null;
	return () => {
		const now = Date.now();
		if (!cached || now - cached.at > ttlMs) {
			const value = read();
			cached = { at: now, value };
			value.catch(() => (cached = null));
		}
		return cached.value;
	};
}

/** The core's metrics; every name is listed and explained in docs/operations.md. */
export function registerCoreMetrics(metrics: MetricsRegistry, sources: CoreMetricSources): void {
	const shards = () => {
		const client = sources.client();
		return client ? [...client.ws.shards.values()] : [];
	};

	metrics.add({
		name: 'tika_guilds',
		help: 'Guilds in the cache, by the gateway shard that owns them.',
		type: 'gauge',
		collect: () => {
			const client = sources.client();
			if (!client) return [];
			const byShard = new Map<number, number>(shards().map((shard) => [shard.id, 0]));
			for (const guild of client.guilds.cache.values()) byShard.set(guild.shardId, (byShard.get(guild.shardId) ?? 0) + 1);
			return [...byShard].map(([shard, value]) => ({ labels: { shard }, value }));
		}
	});
	metrics.add({
		name: 'tika_gateway_ping_seconds',
		help: "Latest heartbeat round trip per gateway shard (absent until the shard's first heartbeat is acknowledged).",
		type: 'gauge',
		collect: () => shards().flatMap((shard) => (shard.ping >= 0 ? [{ labels: { shard: shard.id }, value: shard.ping / 1000 }] : []))
	});
	metrics.add({
		name: 'tika_gateway_shard_ready',
		help: 'Whether each gateway shard is connected and ready (1) or not (0).',
		type: 'gauge',
		collect: () => shards().map((shard) => ({ labels: { shard: shard.id }, value: shard.status === Status.Ready ? 1 : 0 }))
	});
	metrics.add({
		name: 'tika_gateway_events_total',
		help: 'Gateway dispatch events received, by type.',
		type: 'counter',
		collect: () => sources.events.samples()
	});

	metrics.add({
		name: 'tika_commands_total',
		help: 'Commands (slash, context menu and prefix) that ran, by command name and outcome (success or error).',
		type: 'counter',
		collect: () =>
			(sources.commands()?.snapshot() ?? []).flatMap((row) => [
				{ labels: { command: row.name, outcome: 'success' }, value: row.runs - row.errors },
				{ labels: { command: row.name, outcome: 'error' }, value: row.errors }
			])
	});
	metrics.add({
		name: 'tika_commands_denied_total',
		help: 'Commands refused before running (preconditions, cooldowns, permissions).',
		type: 'counter',
		collect: () => [{ value: sources.commands()?.totals().denied ?? 0 }]
	});

	const handlers = () => sources.router()?.histograms() ?? [];
	metrics.add({
		name: 'tika_router_handler_duration_seconds',
		help: 'Time each message handler took per message (feature-disabled skips excluded). One message in 8 is timed and counted 8 times; tika_router_handler_calls_total is the exact count.',
		type: 'histogram',
		collect: () =>
			handlers().flatMap(({ name, plugin, histogram }) =>
				histogramSamples('tika_router_handler_duration_seconds', histogram, { handler: name, plugin: plugin ?? 'core' })
			)
	});
	for (const [suffix, help, read] of [
		['calls_total', 'Messages a handler ran on (exact).', (stats) => stats.calls],
		['handled_total', 'Messages a handler reported as handled (routing stopped there).', (stats) => stats.handled],
		['errors_total', 'Messages on which a handler threw.', (stats) => stats.errors],
		['skipped_total', 'Messages a handler did not see because its feature is off in the guild (or the check failed).', (stats) => stats.skipped]
	] as const satisfies readonly (readonly [string, string, (stats: ReturnType<typeof handlers>[number]['stats']) => number])[]) {
		metrics.add({
			name: `tika_router_handler_${suffix}`,
			help,
			type: 'counter',
			collect: () => handlers().map(({ name, plugin, stats }) => ({ labels: { handler: name, plugin: plugin ?? 'core' }, value: read(stats) }))
		});
	}

	metrics.add({
		name: 'tika_db_query_duration_seconds',
		help: "Database statement round trips through Prisma's driver adapter, by statement kind (select, insert, update, delete, other).",
		type: 'histogram',
		collect: () => sources.queries.samples('tika_db_query_duration_seconds')
	});

	registerPluginMetrics(metrics, sources.plugins ?? (() => null));

	const schedulerStats = sharedWithinScrape(async (): Promise<SchedulerStats | null> => (await sources.scheduler()?.stats()) ?? null);
	const fromScheduler = (pick: (stats: SchedulerStats) => Sample[]) => async () => {
		const stats = await schedulerStats();
		return stats ? pick(stats) : [];
	};
	metrics.add({
		name: 'tika_scheduler_tasks',
		help: 'Scheduled tasks in the database by status (all processes).',
		type: 'gauge',
		collect: fromScheduler((stats) => (['pending', 'running', 'dead'] as const).map((status) => ({ labels: { status }, value: stats[status] })))
	});
	metrics.add({
		name: 'tika_scheduler_dead_letters',
		help: 'Tasks that failed scheduler.max_attempts times and were given up (kept in the database, listed in /stats).',
		type: 'gauge',
		collect: fromScheduler((stats) => [{ value: stats.dead }])
	});
	metrics.add({
		name: 'tika_scheduler_lag_seconds',
		help: 'How late this process started its recent task runs after they fell due (p50 and p99 over the last runs).',
		type: 'gauge',
		collect: fromScheduler((stats) => [
			{ labels: { quantile: '0.5' }, value: stats.lagP50Ms / 1000 },
			{ labels: { quantile: '0.99' }, value: stats.lagP99Ms / 1000 }
		])
	});
	metrics.add({
		name: 'tika_scheduler_runs_total',
		help: 'Task runs this process finished, successful or not.',
		type: 'counter',
		collect: fromScheduler((stats) => [{ value: stats.ran }])
	});
	metrics.add({
		name: 'tika_scheduler_failures_total',
		help: 'Task runs this process finished with an error (retried, or dead at the last attempt).',
		type: 'counter',
		collect: fromScheduler((stats) => [{ value: stats.failed }])
	});
}

/**
 * The per-plugin figures of /stats: handler time per routed message, command latency p50/p95 and attributed memory.
 * Read at scrape time from counters the router and the command stats keep anyway: nothing is added per message. The
 * rows are put together once per scrape and shared by the three metrics.
 */
function registerPluginMetrics(metrics: MetricsRegistry, read: () => readonly PluginStatsRow[] | null | undefined): void {
	const rows = sharedWithinScrape(() => Promise.resolve(read() ?? []));
	metrics.add({
		name: 'tika_plugin_handler_seconds_per_message',
		help: "Time a plugin's message handlers took, in all, divided by every message routed (since start): its cost per message.",
		type: 'gauge',
		collect: async () =>
			(await rows()).filter((row) => row.handlers > 0).map((row) => ({ labels: { plugin: row.plugin }, value: row.msPerMessage / 1000 }))
	});
	metrics.add({
		name: 'tika_plugin_command_latency_seconds',
		help: "Latency of a plugin's commands together (p50 and p95 over each command's recent successful runs).",
		type: 'gauge',
		collect: async () =>
			(await rows()).flatMap((row) =>
				row.p50Ms === null || row.p95Ms === null
					? []
					: [
							{ labels: { plugin: row.plugin, quantile: '0.5' }, value: row.p50Ms / 1000 },
							{ labels: { plugin: row.plugin, quantile: '0.95' }, value: row.p95Ms / 1000 }
						]
			)
	});
	metrics.add({
		name: 'tika_plugin_memory_bytes',
		help: "Memory a plugin reports holding (its manifest's memory hook: estimates, typed arrays exact), by item.",
		type: 'gauge',
		collect: async () =>
			(await rows()).flatMap((row) => Object.entries(row.memory).map(([item, value]) => ({ labels: { plugin: row.plugin, item }, value })))
	});
}
