import type { Message } from 'discord.js';
import { LatencyHistogram } from '#core/metrics/histogram';
import { DEFAULT_SAMPLE_WINDOW, HandlerStats } from './stats';
import type {
	FeatureGate,
	HandlerResult,
	HandlerStatsSnapshot,
	RoutableMessage,
	RouteContext,
	RouteEntry,
	RouteOptions,
	RouterLogger
} from './types';

export interface MessageRouterOptions<M extends RoutableMessage> {
	/**
	 * The current handlers. Called once per message, so it must be cheap: return the same array until the
	 * handlers change (the router recompiles its tables only when it gets a different array).
	 */
	source: () => readonly RouteEntry<M>[];
	/** Looked up per message because the feature manager may arrive after the router; absent means everything is enabled. */
	features?: () => FeatureGate | null | undefined;
	/** True once shutdown began: no new message is routed. */
	isClosing?: () => boolean;
	/** Whether the content starts with a prefix or a mention of the bot. */
	isCommand?: (content: string) => boolean;
	logger?: () => RouterLogger;
	/** Milliseconds, monotonic; tests inject a fake one to check the stats. */
	clock?: () => number;
	/** How many recent timings per handler the p95 is computed from. */
	sampleWindow?: number;
	/**
	 * Times the handlers of one routed message in N (default 8; 1 times every message). Reading the clock twice per
	 * handler per message was a tenth of the router's own cost with every plugin on (bench:router); one message in 8
	 * still gives a p95 over a recent window, and the counters (calls, handled, errors, skipped) stay exact. Total
	 * handler time is then the timed calls' mean times the calls, and each timing counts N times in the histograms.
	 */
	timeEvery?: number;
	/**
	 * Bucket bounds (ms) of a latency histogram per handler, for the metrics endpoint; absent (the default) keeps none.
	 * Read from {@link MessageRouter.histograms} at scrape time.
	 */
	latencyBuckets?: readonly number[] | null;
}

/** A handler with everything routing needs resolved ahead of time, so the per-message loop only reads fields. */
interface CompiledRoute<M> {
	readonly entry: RouteEntry<M>;
	readonly plugin: string | null;
	readonly stats: HandlerStats;
	/**
	 * The context this handler was last given. A guild's chat mostly arrives in runs, and the context is immutable (its
	 * fields are readonly, and frozen), so the next message of the same guild and kind gets the same object instead of a
	 * new one per handler per message (≈ 0.5 KB of garbage a message with ten handlers).
	 */
	lastContext: RouteContext | null;
}

interface RouteTable<M> {
	readonly all: readonly CompiledRoute<M>[];
	readonly dm: readonly CompiledRoute<M>[];
	readonly edits: readonly CompiledRoute<M>[];
	readonly dmEdits: readonly CompiledRoute<M>[];
}

/** The per-message facts shared by every handler of one route. */
interface RouteState<M> {
	readonly message: M;
	readonly guildId: string | null;
	readonly edited: boolean;
	readonly isCommand: boolean;
	/** Null in DMs (there is no guild to toggle a feature in) and when no gate is installed. */
	readonly gate: FeatureGate | null;
	/** The guild's feature states when the gate has them at hand, read once for the whole message. */
	readonly states: ReadonlyMap<string, boolean> | undefined;
	/** Whether this message's handlers are timed (one message in `timeEvery`). */
	readonly timed: boolean;
}

const enum Phase {
	Gate,
	Run
}

/** Where the synchronous loop stopped because a feature check or a handler returned a promise. */
class Suspension {
	public constructor(
		public readonly index: number,
		public readonly phase: Phase,
		public readonly pending: PromiseLike<unknown>,
		public readonly started: number
	) {}
}

/** The name of the handler that handled the message, or null when none did (or the message was not routed). */
export type RouteOutcome = string | null;

/** Handlers of one message in this many are timed by default (MessageRouterOptions.timeEvery). */
export const DEFAULT_TIME_EVERY = 8;
/** The start time of a call that is not timed. */
const UNTIMED = -1;

const EMPTY_TABLE: RouteTable<never> = Object.freeze({ all: [], dm: [], edits: [], dmEdits: [] });

/**
 * Runs every message through the message handlers in ascending priority until one reports it handled it.
 *
 * The loop runs synchronously for as long as handlers (and feature checks) answer synchronously, and only
 * switches to an async continuation at the first promise: the common case (cached toggles, cheap handlers)
 * then costs no microtask per handler. `route()` returns a plain value in that case and a promise otherwise.
 */
export class MessageRouter<M extends RoutableMessage = Message> {
	readonly #source: () => readonly RouteEntry<M>[];
	readonly #features: () => FeatureGate | null | undefined;
	readonly #isClosing: () => boolean;
	readonly #isCommand: (content: string) => boolean;
	readonly #logger: () => RouterLogger;
	readonly #clock: () => number;
	readonly #window: number;
	readonly #buckets: readonly number[] | null;
	readonly #timeEvery: number;
	/** Counts routed messages down to the next timed one. */
	#untilTimed = 0;
	/** Keyed by handler name so a hot-reloaded handler keeps its history. */
	readonly #stats = new Map<string, HandlerStats>();
	/** The plugin each handler name last belonged to, so an unloaded handler's histogram keeps its label. */
	readonly #pluginOf = new Map<string, string | null>();
	#compiledFrom: readonly RouteEntry<M>[] | null = null;
	#routed = 0;
	#table: RouteTable<M> = EMPTY_TABLE;

	public constructor(options: MessageRouterOptions<M>) {
		this.#source = options.source;
		this.#features = options.features ?? (() => null);
		this.#isClosing = options.isClosing ?? (() => false);
		this.#isCommand = options.isCommand ?? (() => false);
		this.#logger = options.logger ?? (() => console);
		this.#clock = options.clock ?? (() => performance.now());
		this.#window = options.sampleWindow ?? DEFAULT_SAMPLE_WINDOW;
		this.#buckets = options.latencyBuckets ?? null;
		const every = options.timeEvery ?? DEFAULT_TIME_EVERY;
		if (!Number.isInteger(every) || every < 1) throw new RangeError(`timeEvery must be a positive integer, got ${every}`);
		this.#timeEvery = every;
	}

	public route(message: M, options: RouteOptions): RouteOutcome | Promise<RouteOutcome> {
		if (this.#isClosing()) return null;
		if (message.partial || message.webhookId || message.system) return null;
		const { author } = message;
		if (!author || author.bot) return null;

		const table = this.#compile();
		const { guildId } = message;
		const edited = options.edited === true;
		const routes = guildId === null ? (edited ? table.dmEdits : table.dm) : edited ? table.edits : table.all;
		if (routes.length === 0) return null;
		this.#routed++;

		const gate = guildId === null ? null : (this.#features() ?? null);
		const timed = this.#untilTimed === 0;
		this.#untilTimed = timed ? this.#timeEvery - 1 : this.#untilTimed - 1;
		const state: RouteState<M> = {
			message,
			guildId,
			edited,
			isCommand: options.isCommand ?? this.#isCommand(message.content ?? ''),
			gate,
			states: gate === null ? undefined : gate.statesNow?.(guildId!),
			timed
		};
		const outcome = this.#runFrom(routes, state, 0, false);
		return outcome instanceof Suspension ? this.#resume(routes, state, outcome) : outcome;
	}

	/** Whether the content starts with a prefix or a mention of the bot (`RouteContext.isCommand`). */
	public isCommand(content: string): boolean {
		return this.#isCommand(content);
	}

	/** Whether any handler wants MESSAGE_UPDATE; lets the update listener skip fetching partial messages nobody would read. */
	public get acceptsEdits(): boolean {
		return !this.#isClosing() && this.#compile().edits.length > 0;
	}

	/**
	 * Messages (and edits) that reached the handlers since start or the last reset: the denominator of "handler time per
	 * message" in /stats and the plugin metrics. Messages from bots, webhooks and the system, and those no handler
	 * takes (a DM when no handler accepts DMs), are not counted.
	 */
	public get routedMessages(): number {
		return this.#routed;
	}

	/** Every current handler in routing order with its counters; the p95 is computed here, not per message. */
	public stats(): HandlerStatsSnapshot[] {
		return this.#compile().all.map(({ entry, plugin, stats }) => ({
			name: entry.name,
			plugin,
			priority: entry.priority,
			calls: stats.calls,
			handled: stats.handled,
			errors: stats.errors,
			skipped: stats.skipped,
			totalMs: stats.totalMs,
			meanMs: stats.meanMs,
			p50Ms: stats.percentile(50),
			p95Ms: stats.percentile(95),
			samples: stats.sampleCount
		}));
	}

	/**
	 * Every handler that ever ran (unloaded ones keep their history, like the stats), with its latency histogram and
	 * counters; empty unless the router was built with `latencyBuckets`. For the metrics endpoint.
	 */
	public histograms(): { name: string; plugin: string | null; stats: HandlerStats; histogram: LatencyHistogram }[] {
		if (this.#buckets === null) return [];
		this.#compile();
		const out = [];
		for (const [name, stats] of this.#stats) {
			if (stats.histogram) out.push({ name, plugin: this.#pluginOf.get(name) ?? null, stats, histogram: stats.histogram });
		}
		return out;
	}

	public resetStats(): void {
		this.#routed = 0;
		for (const stats of this.#stats.values()) stats.reset();
	}

	/**
	 * Runs handlers from `start` on while everything answers synchronously. Returns the outcome, or where it
	 * had to stop for a promise. `gateCleared` says the handler at `start` already passed its feature check.
	 */
	#runFrom(routes: readonly CompiledRoute<M>[], state: RouteState<M>, start: number, gateCleared: boolean): RouteOutcome | Suspension {
		for (let index = start; index < routes.length; index++) {
			const route = routes[index]!;
			if (state.gate !== null && route.plugin !== null && !(gateCleared && index === start)) {
				let enabled: boolean | Promise<boolean> | undefined = state.states?.get(route.plugin);
				if (enabled === undefined) {
					try {
						enabled = state.gate.isEnabled(state.guildId!, route.plugin);
					} catch (error) {
						this.#gateFailed(route, state, error);
						continue;
					}
				}
				if (typeof enabled !== 'boolean') return new Suspension(index, Phase.Gate, enabled, 0);
				if (!enabled) {
					route.stats.skipped++;
					continue;
				}
			}

			let context = route.lastContext;
			if (context === null || context.guildId !== state.guildId || context.edited !== state.edited || context.isCommand !== state.isCommand)
				context = route.lastContext = Object.freeze({
					edited: state.edited,
					isCommand: state.isCommand,
					guildId: state.guildId,
					plugin: route.plugin
				});
			const started = state.timed ? this.#clock() : UNTIMED;
			let result: HandlerResult | Promise<HandlerResult>;
			try {
				result = route.entry.run(state.message, context);
			} catch (error) {
				this.#handlerFailed(route, state, started, error);
				continue;
			}
			if (isThenable(result)) return new Suspension(index, Phase.Run, result, started);
			const handled = result === true;
			this.#finished(route, started, handled);
			if (handled) return route.entry.name;
		}
		return null;
	}

	async #resume(routes: readonly CompiledRoute<M>[], state: RouteState<M>, first: Suspension): Promise<RouteOutcome> {
		let next: RouteOutcome | Suspension = first;
		while (next instanceof Suspension) {
			const { index, phase, pending, started } = next;
			const route = routes[index]!;
			if (phase === Phase.Gate) {
				let enabled = false;
				try {
					enabled = (await pending) === true;
					if (!enabled) route.stats.skipped++;
				} catch (error) {
					this.#gateFailed(route, state, error);
				}
				// Shutdown may have begun while we waited; do not start more work.
				if (this.#isClosing()) return null;
				next = this.#runFrom(routes, state, enabled ? index : index + 1, enabled);
			} else {
				let handled = false;
				try {
					handled = (await pending) === true;
					this.#finished(route, started, handled);
				} catch (error) {
					this.#handlerFailed(route, state, started, error);
				}
				if (handled) return route.entry.name;
				if (this.#isClosing()) return null;
				next = this.#runFrom(routes, state, index + 1, false);
			}
		}
		return next;
	}

	#finished(route: CompiledRoute<M>, started: number, handled: boolean): void {
		if (started === UNTIMED) route.stats.count(handled);
		else route.stats.record(this.#clock() - started, handled, this.#timeEvery);
	}

	#handlerFailed(route: CompiledRoute<M>, state: RouteState<M>, started: number, error: unknown): void {
		route.stats.fail(started === UNTIMED ? null : this.#clock() - started, this.#timeEvery);
		this.#logger().error(
			`[router] Message handler "${route.entry.name}" (plugin ${route.plugin ?? 'none'}) failed on message ${state.message.id} ` +
				`in ${state.guildId === null ? 'a DM' : `guild ${state.guildId}`}:`,
			error
		);
	}

	/**
	 * A feature check that fails means we cannot tell whether the admin switched this feature off; the
	 * handler is skipped rather than run against the guild's wishes, and the skip is counted.
	 */
	#gateFailed(route: CompiledRoute<M>, state: RouteState<M>, error: unknown): void {
		route.stats.skipped++;
		this.#logger().error(
			`[router] Feature check for plugin ${route.plugin} failed in guild ${state.guildId}; skipped handler "${route.entry.name}" on message ${state.message.id}:`,
			error
		);
	}

	/** Rebuilds the routing tables when the source hands out a new array; otherwise one reference comparison. */
	#compile(): RouteTable<M> {
		const entries = this.#source();
		if (entries === this.#compiledFrom) return this.#table;

		// Stable sort: equal priorities keep the source's order, which the store makes deterministic (by name).
		const all = [...entries]
			.sort((a, b) => a.priority - b.priority)
			.map((entry): CompiledRoute<M> => ({ entry, plugin: entry.plugin, stats: this.#statsFor(entry.name, entry.plugin), lastContext: null }));
		this.#table = {
			all,
			dm: all.filter((route) => route.entry.dms),
			edits: all.filter((route) => route.entry.edits),
			dmEdits: all.filter((route) => route.entry.dms && route.entry.edits)
		};
		this.#compiledFrom = entries;
		return this.#table;
	}

	#statsFor(name: string, plugin: string | null): HandlerStats {
		this.#pluginOf.set(name, plugin);
		let stats = this.#stats.get(name);
		if (!stats) this.#stats.set(name, (stats = new HandlerStats(this.#window, this.#buckets && new LatencyHistogram(this.#buckets))));
		return stats;
	}
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
	return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
