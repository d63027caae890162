import type { SchedulerStats } from '#core/scheduler/types';
/**
 * Formatting for /stats: plain functions from numbers to the lines the embeds show, so the wording and rounding are
 * unit-tested without a client.
 */
import type { CommandStatsSnapshot } from '#core/stats/CommandStats';
import type { PluginStatsRow } from '#core/stats/PluginStats';
import { EmbedLimits } from '#shared/ui/limits';

/** A cache's counters as /stats needs them (DataManager, settings and feature caches all provide at least these). */
export interface CacheCounters {
	hits: number;
	misses: number;
	size?: number;
	maxSize?: number;
}

/** One command's figures, exactly as the core's CommandStats reports them. */
export type CommandRow = Pick<CommandStatsSnapshot, 'name' | 'runs' | 'errors' | 'timed' | 'meanMs' | 'p95Ms'>;

export interface HandlerRow {
	name: string;
	plugin: string | null;
	calls: number;
	handled: number;
	errors: number;
	meanMs: number;
	p95Ms: number;
}

/** How many commands the full /stats lists: the busiest ones, which are the ones worth watching. */
export const TOP_COMMANDS = 10;

/** `93784000` → `1d 2h 3m`; under a minute, seconds (`42s`). Whole units only: nobody needs the milliseconds of uptime. */
export function formatUptime(ms: number): string {
	const totalSeconds = Math.max(0, Math.floor(ms / 1000));
	if (totalSeconds < 60) return `${totalSeconds}s`;
	const days = Math.floor(totalSeconds / 86_400);
	const hours = Math.floor((totalSeconds % 86_400) / 3600);
	const minutes = Math.floor((totalSeconds % 3600) / 60);
	return [days && `${days}d`, (days || hours) && `${hours}h`, `${minutes}m`].filter(Boolean).join(' ');
}

/** Bytes in MiB with one decimal: memory figures are read at a glance, not compared to the byte. */
export function formatMiB(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Sub-millisecond handlers are common, so below 10 ms one decimal is kept; a negative ping means "not measured yet". */
export function formatMs(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) return 'n/a';
	return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function formatCount(value: number): string {
	return value.toLocaleString('en-US');
}

/** `Data: 80% hits (8 of 10 lookups), 5/1,000 entries`; `no lookups yet` before the first read. */
export function formatCache(label: string, stats: CacheCounters): string {
	const lookups = stats.hits + stats.misses;
	const rate =
		lookups === 0
			? 'no lookups yet'
			: `${Math.round((stats.hits / lookups) * 100)}% hits (${formatCount(stats.hits)} of ${formatCount(lookups)} lookups)`;
	const size = stats.size === undefined ? '' : `, ${formatCount(stats.size)}${stats.maxSize ? `/${formatCount(stats.maxSize)}` : ''} entries`;
	return `**${label}**: ${rate}${size}`;
}

export function commandLines(rows: readonly CommandRow[]): string[] {
	return rows.map((row) => {
		const failed = row.errors ? ` (${formatCount(row.errors)} failed)` : '';
		const latency = row.timed > 0 ? `mean ${formatMs(row.meanMs)} · p95 ${formatMs(row.p95Ms)}` : 'latency n/a';
		return `\`${row.name}\` ×${formatCount(row.runs)}${failed} · ${latency}`;
	});
}

export function handlerLines(rows: readonly HandlerRow[]): string[] {
	return rows.map(
		(row) =>
			`\`${row.name}\`${row.plugin ? ` (${row.plugin})` : ''}: ${formatCount(row.calls)} calls · ${formatCount(row.handled)} handled · ` +
			`${formatCount(row.errors)} errors · mean ${formatMs(row.meanMs)} · p95 ${formatMs(row.p95Ms)}`
	);
}

/** Reads a cache's counters from whatever a service returned, or null when it does not look like cache stats. */
export function asCacheCounters(value: unknown): CacheCounters | null {
	if (typeof value !== 'object' || value === null) return null;
	const { hits, misses, size, maxSize } = value as Record<string, unknown>;
	if (typeof hits !== 'number' || typeof misses !== 'number') return null;
	return {
		hits,
		misses,
		...(typeof size === 'number' ? { size } : {}),
		...(typeof maxSize === 'number' ? { maxSize } : {})
	};
}

/** The durable scheduler in one field: what waits, what runs, the dead letter (failed for good) and this process's lag. */
export function schedulerLine(stats: SchedulerStats): string {
	const dead = stats.dead > 0 ? `**${formatCount(stats.dead)} dead** (see the log)` : '0 dead';
	return (
		`${formatCount(stats.pending)} pending · ${formatCount(stats.running)} running · ${dead}\n` +
		`${formatCount(stats.ran)} run here (${formatCount(stats.failed)} failed) · lag p50 ${formatMs(stats.lagP50Ms)}, p99 ${formatMs(stats.lagP99Ms)}`
	);
}

/** What /stats needs of the shards' answers (core/sharding/summary.ts). */
export interface ShardsView {
	count: number;
	answered: { shards: number[]; guilds: number; pingMs: number; rssBytes: number; uptimeMs: number; commands: { runs: number } }[];
	missing: number[];
}

/** `2, all answering` or `3, #2 not answering`. */
export function shardCountLine(view: ShardsView): string {
	if (view.missing.length === 0) return `${formatCount(view.count)}, all answering`;
	return `${formatCount(view.count)}, ${view.missing.map((id) => `#${id}`).join(' ')} not answering`;
}

/** One line per shard, in shard order: `#0: 5 servers, 12 ms, 3 commands, RSS 180.0 MiB, up 3m`. */
export function shardLines(view: ShardsView): string[] {
	const lines = view.answered.map((shard) => ({
		id: shard.shards[0] ?? 0,
		text:
			`#${shard.shards.join(', #')}: ${formatCount(shard.guilds)} servers, ${formatMs(shard.pingMs)}, ` +
			`${formatCount(shard.commands.runs)} commands, RSS ${formatMiB(shard.rssBytes)}, up ${formatUptime(shard.uptimeMs)}`
	}));
	for (const id of view.missing) lines.push({ id, text: `#${id}: not answering (starting again?)` });
	const sorted = lines.sort((a, b) => a.id - b.id).map((line) => line.text);
	// An embed field holds 1,024 characters: a big bot's shards are summed above, and the first ones listed.
	return sorted.length > MAX_SHARD_LINES ? [...sorted.slice(0, MAX_SHARD_LINES - 1), `…and ${sorted.length - MAX_SHARD_LINES + 1} more`] : sorted;
}

const MAX_SHARD_LINES = 10;

/** `512 B`, `3.7 KiB`, `12 MiB`: memory estimates in three significant-ish figures, short enough for a table column. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${Math.round(bytes)} B`;
	const units = ['KiB', 'MiB', 'GiB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A short millisecond figure for the plugin table: 3 decimals below 0.1 ms (handlers are often microseconds), else 1 or 0. */
function shortMs(ms: number): string {
	if (ms < 0.1) return ms.toFixed(3);
	return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

const PLUGIN_HEADER = ['plugin', 'ms/msg', 'cmd p50/p95', 'memory'] as const;
/** Longest plugin name shown; longer ones are cut with an ellipsis so the table keeps its columns. */
const PLUGIN_NAME_WIDTH = 20;

/** The cells of one plugin's row: `-` where there is nothing to measure (no handler, no command run, no memory hook). */
export function pluginCells(row: PluginStatsRow): [string, string, string, string] {
	const name = row.plugin.length > PLUGIN_NAME_WIDTH ? `${row.plugin.slice(0, PLUGIN_NAME_WIDTH - 1)}…` : row.plugin;
	const perMessage = row.handlers > 0 ? shortMs(row.msPerMessage) : '-';
	const latency = row.p50Ms === null || row.p95Ms === null ? '-' : `${shortMs(row.p50Ms)}/${shortMs(row.p95Ms)}`;
	const memory = row.memoryFailed ? '?' : row.memoryBytes > 0 ? formatBytes(row.memoryBytes) : '-';
	return [name, perMessage, latency, memory];
}

/**
 * Every plugin's row as a fixed-width table in code blocks, each block within an embed field's 1,024 characters (a big
 * install gets several blocks, never a cut row). Columns: handler time per routed message (ms), the commands' p50/p95
 * (ms) and the memory the plugin reports.
 */
export function pluginTableBlocks(rows: readonly PluginStatsRow[]): string[] {
	const cells = rows.map(pluginCells);
	const widths = PLUGIN_HEADER.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
	const line = (row: readonly string[]) =>
		row
			.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
			.join('  ')
			.trimEnd();
	const header = line(PLUGIN_HEADER);
	const blocks: string[] = [];
	let current: string[] = [];
	const fence = (lines: readonly string[]) => `\`\`\`\n${[header, ...lines].join('\n')}\n\`\`\``;
	for (const row of cells) {
		const next = [...current, line(row)];
		if (current.length > 0 && fence(next).length > EmbedLimits.fieldValue) {
			blocks.push(fence(current));
			current = [line(row)];
		} else current = next;
	}
	if (current.length > 0 || blocks.length === 0) blocks.push(fence(current));
	return blocks;
}

/** The memory items behind the table's totals, largest first: `word_games.dictionary 3.7 MiB`, within one field. */
export function pluginMemoryLines(rows: readonly PluginStatsRow[], maxLength: number = EmbedLimits.fieldValue): string[] {
	const items = rows
		.flatMap((row) => Object.entries(row.memory).map(([item, bytes]) => ({ label: `${row.plugin}.${item}`, bytes })))
		.sort((a, b) => b.bytes - a.bytes || a.label.localeCompare(b.label));
	const lines: string[] = [];
	let length = 0;
	for (const [index, item] of items.entries()) {
		const text = `\`${item.label}\` ${formatBytes(item.bytes)}`;
		const more = `…and ${items.length - index} more`;
		// Room is kept for the "…and N more" line whenever more items follow.
		const needed = length + text.length + 1 + (index < items.length - 1 ? more.length + 1 : 0);
		if (needed > maxLength) {
			lines.push(more);
			break;
		}
		lines.push(text);
		length += text.length + 1;
	}
	return lines;
}
