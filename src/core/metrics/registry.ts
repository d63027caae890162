import type * as PromClient from 'prom-client';
import type { Metric, Registry } from 'prom-client';
import type { LatencyHistogram } from './histogram';

/** One exposition line's worth: labels and a value (a histogram's `_bucket`/`_sum`/`_count` lines name themselves). */
export interface Sample {
	labels?: Readonly<Record<string, string | number>>;
	value: number;
	metricName?: string;
}

export type MetricType = 'gauge' | 'counter' | 'histogram';

export interface ScrapeMetricDefinition {
	name: string;
	help: string;
	type: MetricType;
	/** Read at scrape time; a collector that throws only loses its own lines (logged once), never the scrape. */
	collect: () => readonly Sample[] | Promise<readonly Sample[]>;
}

/** What a plugin registers: its numbers, read when Prometheus scrapes (nothing runs between scrapes). */
export interface PluginMetricDefinition {
	/** The plugin's name; the metric is exposed as `tika_<plugin>_<name>`. */
	plugin: string;
	/** snake_case; a counter's name ends in `_total`. */
	name: string;
	help: string;
	type?: 'gauge' | 'counter';
	/** A single value, or one sample per label set. */
	collect: () => number | readonly Sample[] | Promise<number | readonly Sample[]>;
}

export interface MetricsRegistryOptions {
	enabled: boolean;
	logger?: { warn(message: string): void };
}

const NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Tika's metrics: `container.metrics`. Always present, so plugins can register without checking whether the endpoint
 * is on; when it is off (`enabled` false) registrations are kept but never read, and no default process metrics or
 * histograms are collected.
 *
 * Everything here is read at scrape time from counters the code keeps anyway (router and command stats, the
 * scheduler, the gateway): the only work added per event is in the few histograms and the gateway event counter,
 * and only when the endpoint is on.
 */
export class MetricsRegistry {
	public readonly enabled: boolean;
	readonly #logger: MetricsRegistryOptions['logger'];
	readonly #failing = new Set<string>();
	/** Every registered metric by name (the newest wins), kept whether or not prom-client's registry exists yet. */
	readonly #metrics = new Map<string, ScrapeMetric>();
	#registry: Registry | null = null;

	public constructor(options: MetricsRegistryOptions) {
		this.enabled = options.enabled;
		this.#logger = options.logger;
		if (this.enabled) void this.registry;
	}

	/**
	 * prom-client's registry, built (and prom-client loaded) on first use: at construction when the endpoint is on,
	 * never when it is off, so a bot without metrics does not pay for the package at start-up.
	 */
	public get registry(): Registry {
		if (this.#registry) return this.#registry;
		const { Registry: PromRegistry, collectDefaultMetrics } = require('prom-client') as typeof PromClient;
		const registry = new PromRegistry();
		// Process metrics (CPU, memory, event-loop delay, GC, handles) under their conventional names, so stock
		// Node.js dashboards work. They sample the event loop only while enabled.
		if (this.enabled) collectDefaultMetrics({ register: registry });
		for (const metric of this.#metrics.values()) registry.registerMetric(metric as unknown as Metric);
		return (this.#registry = registry);
	}

	/** Adds a metric read at scrape time. Returns its removal. */
	public add(definition: ScrapeMetricDefinition): () => void {
		if (!NAME.test(definition.name)) throw new RangeError(`Metric names are snake_case: ${definition.name}`);
		if (definition.type === 'counter' && !definition.name.endsWith('_total'))
			throw new RangeError(`A counter's name ends in _total: ${definition.name}`);
		const metric = new ScrapeMetric(definition, (name, error) => this.#report(name, error));
		// A reloaded piece registers its fresh metric before the old piece unloads: the newest wins, and the old piece's
		// removal below then leaves it alone.
		this.#metrics.set(definition.name, metric);
		this.#registry?.removeSingleMetric(definition.name);
		this.#registry?.registerMetric(metric as unknown as Metric);
		return () => {
			if (this.#metrics.get(definition.name) !== metric) return;
			this.#metrics.delete(definition.name);
			this.#registry?.removeSingleMetric(definition.name);
		};
	}

	/**
	 * A plugin's gauge or counter, exposed as `tika_<plugin>_<name>`. Register it when the piece loads and call the
	 * returned function when it unloads (see docs/operations.md, "Metrics from a plugin").
	 */
	public register(definition: PluginMetricDefinition): () => void {
		if (!NAME.test(definition.plugin)) throw new RangeError(`Not a plugin name: ${definition.plugin}`);
		const { collect } = definition;
		return this.add({
			name: `tika_${definition.plugin}_${definition.name}`,
			help: definition.help,
			type: definition.type ?? 'gauge',
			collect: async () => {
				const value = await collect();
				return typeof value === 'number' ? [{ value }] : value;
			}
		});
	}

	/** The exposition text (Prometheus text format 0.0.4). */
	public async scrape(): Promise<string> {
		return this.registry.metrics();
	}

	public get contentType(): string {
		return this.registry.contentType;
	}

	/** A failing collector is logged once per failure streak (a scrape every 15 s must not flood the log). */
	#report(name: string, error: unknown): void {
		if (error === null) {
			this.#failing.delete(name);
			return;
		}
		if (this.#failing.has(name)) return;
		this.#failing.add(name);
		const reason = error instanceof Error ? error.message : String(error);
		this.#logger?.warn(`[metrics] ${name} could not be read (left out of the scrape until it recovers): ${reason}`);
	}
}

/** Duck-typed prom-client metric (prom-client's Registry only calls `get()` and reads `name`). */
class ScrapeMetric {
	public readonly name: string;
	public readonly help: string;
	public readonly type: MetricType;
	public readonly aggregator = 'sum';
	readonly #collect: ScrapeMetricDefinition['collect'];
	/** Called with null after a good read. */
	readonly #onError: (name: string, error: unknown) => void;

	public constructor(definition: ScrapeMetricDefinition, onError: (name: string, error: unknown) => void) {
		this.name = definition.name;
		this.help = definition.help;
		this.type = definition.type;
		this.#collect = definition.collect;
		this.#onError = onError;
	}

	public async get() {
		let values: readonly Sample[] = [];
		try {
			values = await this.#collect();
			this.#onError(this.name, null);
		} catch (error) {
			this.#onError(this.name, error);
		}
		return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: [...values] };
	}

	public reset(): void {
		// Values live in their owners; nothing to reset here.
	}
}

/** The exposition samples of one histogram (seconds, as Prometheus expects), with `labels` on every line. */
export function histogramSamples(name: string, histogram: LatencyHistogram, labels: Readonly<Record<string, string>> = {}): Sample[] {
	const cumulative = histogram.cumulative();
	const samples: Sample[] = [];
	histogram.bounds.forEach((bound, index) => {
		samples.push({ metricName: `${name}_bucket`, labels: { ...labels, le: bound / 1000 }, value: cumulative[index]! });
	});
	samples.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: histogram.count });
	samples.push({ metricName: `${name}_sum`, labels, value: histogram.sumMs / 1000 });
	samples.push({ metricName: `${name}_count`, labels, value: histogram.count });
	return samples;
}
