import { container } from '@sapphire/framework';
import { percentileOfSorted } from '#core/router/stats';
import type { HandlerStatsSnapshot } from '#core/router/types';

/**
 * Per-plugin figures for `/stats` and the metrics endpoint, put together when someone asks (nothing here runs per
 * message): the router's per-handler counters summed per plugin, the command timings grouped by the plugin that owns
 * each command, and the plugin's own memory report (its manifest's `memory` hook).
 */
export interface PluginStatsRow {
	plugin: string;
	/** Message handlers the plugin has (or had) in the router. */
	handlers: number;
	/** Milliseconds its handlers spent, in all, since start (or the last reset of the router's stats). */
	handlerMs: number;
	/** `handlerMs` over every message routed (not only those its handlers saw): its cost per message to the bot. */
	msPerMessage: number;
	/** Its commands' runs (successful and failed). */
	commandRuns: number;
	/** Timings the percentiles come from (recent successful runs, up to each command's window). */
	timed: number;
	/** Over its commands' recent successful runs together; null when none ran. */
	p50Ms: number | null;
	p95Ms: number | null;
	/** Bytes by item from its memory hook; empty when it has none (or nothing is loaded). */
	memory: Readonly<Record<string, number>>;
	memoryBytes: number;
	/** The memory hook threw: the figure is unknown, not zero. */
	memoryFailed: boolean;
}

export interface PluginStatsInput {
	/** Plugins to report on, in order; plugins seen only in `handlers` or `commands` are added after them. */
	plugins: readonly string[];
	/** Messages the router routed (MessageRouter.routedMessages). */
	routed: number;
	handlers: readonly Pick<HandlerStatsSnapshot, 'plugin' | 'totalMs'>[];
	commands: readonly { name: string; runs: number; samples: ArrayLike<number> }[];
	/** The plugin owning a command, `core` for a command outside plugins, null when it is unknown (unloaded). */
	commandPlugin: (command: string) => string | null;
	/** The plugin's memory report, or null when it declares none. May throw. */
	memory: (plugin: string) => Readonly<Record<string, number>> | null;
}

/** The name handlers and commands outside any plugin are reported under (as in the router's metrics). */
export const CORE_PLUGIN = 'core';

/**
 * One row per plugin, busiest first: by time per message, then command runs, then memory, then name. A plugin with no
 * handler, no command run and no memory still gets a row (zeros), so the table lists every plugin that is on.
 */
export function aggregatePluginStats(input: PluginStatsInput): PluginStatsRow[] {
	const rows = new Map<string, { handlers: number; handlerMs: number; runs: number; samples: ArrayLike<number>[] }>();
	const row = (plugin: string) => {
		let found = rows.get(plugin);
		if (!found) rows.set(plugin, (found = { handlers: 0, handlerMs: 0, runs: 0, samples: [] }));
		return found;
	};
	for (const plugin of input.plugins) row(plugin);
	for (const handler of input.handlers) {
		const target = row(handler.plugin ?? CORE_PLUGIN);
		target.handlers++;
		target.handlerMs += handler.totalMs;
	}
	for (const command of input.commands) {
		const plugin = input.commandPlugin(command.name);
		if (plugin === null) continue;
		const target = row(plugin);
		target.runs += command.runs;
		target.samples.push(command.samples);
	}

	const out: PluginStatsRow[] = [];
	for (const [plugin, { handlers, handlerMs, runs, samples }] of rows) {
		const merged = mergeSorted(samples);
		let memory: Readonly<Record<string, number>> = {};
		let memoryFailed = false;
		try {
			memory = cleanMemory(input.memory(plugin));
		} catch {
			memoryFailed = true;
		}
		out.push({
			plugin,
			handlers,
			handlerMs,
			msPerMessage: input.routed > 0 ? handlerMs / input.routed : 0,
			commandRuns: runs,
			timed: merged.length,
			p50Ms: merged.length ? percentileOfSorted(merged, 50) : null,
			p95Ms: merged.length ? percentileOfSorted(merged, 95) : null,
			memory,
			memoryBytes: Object.values(memory).reduce((sum, bytes) => sum + bytes, 0),
			memoryFailed
		});
	}
	return out.sort(
		(a, b) =>
			b.msPerMessage - a.msPerMessage || b.commandRuns - a.commandRuns || b.memoryBytes - a.memoryBytes || a.plugin.localeCompare(b.plugin)
	);
}

/** Every enabled plugin's figures from the running bot: the router, the command stats, the plugins' memory hooks. */
export function collectPluginStats(): PluginStatsRow[] {
	const { router, stats, plugins, stores } = container;
	const commands = stores.get('commands');
	const enabled = plugins.list().filter((plugin) => plugins.isEnabled(plugin.manifest.name));
	return aggregatePluginStats({
		plugins: enabled.map((plugin) => plugin.manifest.name),
		routed: router.routedMessages,
		handlers: router.stats(),
		commands: stats.timings(),
		commandPlugin: (name) => {
			const command = commands.get(name);
			if (!command) return null;
			return plugins.pluginOf(command)?.manifest.name ?? CORE_PLUGIN;
		},
		memory: (name) => {
			const hook = plugins.get(name)?.manifest.memory;
			return hook && plugins.isEnabled(name) ? hook() : null;
		}
	});
}

/** Finite, non-negative byte counts only; zero items are left out (nothing loaded yet). */
function cleanMemory(report: Readonly<Record<string, number>> | null): Readonly<Record<string, number>> {
	if (!report) return {};
	const out: Record<string, number> = {};
	for (const [item, bytes] of Object.entries(report)) if (Number.isFinite(bytes) && bytes > 0) out[item] = Math.round(bytes);
	return out;
}

function mergeSorted(windows: readonly ArrayLike<number>[]): Float64Array {
	let length = 0;
	for (const window of windows) length += window.length;
	const merged = new Float64Array(length);
	let at = 0;
	for (const window of windows) {
		merged.set(window, at);
		at += window.length;
	}
	return merged.sort();
}
