/**
 * bench/event-loop — how late the event loop runs while Tika does her CPU-heavy work: p99 of
 * `perf_hooks.monitorEventLoopDelay` (resolution 1 ms) while each workload runs back to back for a few seconds, in this
 * process, through the real code paths:
 *
 * - Connect 4 hard AI: `tikaPlaysConnect4` (interactive_games/lib/ai.ts), Tika's answer to a human move, searched on
 *   the core's worker pool (150 ms budget per move). For comparison (informational), the same search run inline.
 * - rank card: `renderRankCard` (shared/images), the rendered-card cache cleared before each card (initials avatar).
 * - activity chart: `renderActivityChart` (server_tools) on 30 days × 20 channels of counts.
 * - JSON backup: `createBackup(database, { format: 'json' })` of a fresh SQLite database seeded with MemberXp rows (read
 *   and written in pages of 500 rows, the event loop served between pages).
 * - SQLite backup: `createBackup(database)`, SQLite's default `.db` snapshot (`VACUUM INTO`) of the same database, on the
 *   worker pool. For comparison (informational), the same snapshot on the main thread (`workers: null`).
 *
 * Baseline: the idle loop, same monitor, same duration, same run. Target (issue #18): p99 ≤ 10 ms for each workload.
 * Each workload is run once before it is measured, so one-time loads (canvas, fonts, the worker's start) are not
 * counted: they are start-up costs paid on first use, not lag of the steady state.
 */
import { container } from '@sapphire/framework';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createBackup } from '#core/backup/index';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { WorkerPool } from '#core/workers/index';
import { c4AiMove } from '../../src/plugins/interactive_games/lib/connect4';
import { tikaPlaysConnect4 } from '../../src/plugins/interactive_games/lib/ai';
import { act, C4_AI_BUDGET_MS, createGame } from '../../src/plugins/interactive_games/lib/session';
import { summarize, lastDays } from '../../src/plugins/server_tools/lib/activity';
import { renderActivityChart } from '../../src/plugins/server_tools/lib/chart';
import { clearRenderedCards, renderRankCard } from '../../src/shared/images/rankCard';
import { printResult } from '../lib/stats';

const USAGE = `Usage: npm run bench:event-loop [-- --seconds 5 --rows 50000] [-- --quick]
  p99 event-loop delay (monitorEventLoopDelay, 1 ms resolution) while the Connect 4 hard AI thinks, a rank card and an
  activity chart render, and a JSON and a SQLite (.db) backup run, each against the idle loop measured in the same run (target ≤ 10 ms).
  --seconds N   how long each workload (and the idle baseline) runs (default 5; 1 with --quick or BENCH_QUICK=1)
  --rows N      MemberXp rows in the backed-up database (default 50000; 5000 with --quick)
  --quick       short run
`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
	process.stdout.write(USAGE);
	process.exit(0);
}

const { values } = parseArgs({ options: { seconds: { type: 'string' }, rows: { type: 'string' }, quick: { type: 'boolean' } } });
const QUICK = values.quick === true || process.env.BENCH_QUICK === '1';
const SECONDS = Number(values.seconds ?? (QUICK ? 1 : 5));
const ROWS = Number(values.rows ?? (QUICK ? 5_000 : 50_000));
const TARGET_MS = 10;

interface Lag {
	p50: number;
	p99: number;
	max: number;
	iterations: number;
}

/** Runs `work` back to back for SECONDS while the monitor records; p50/p99/max delay in ms. */
async function measure(work: (() => Promise<unknown>) | null): Promise<Lag> {
	const histogram = monitorEventLoopDelay({ resolution: 1 });
	const end = performance.now() + SECONDS * 1000;
	let iterations = 0;
	histogram.enable();
	if (work)
		while (performance.now() < end) {
			await work();
			iterations++;
			// As in the bot, where each piece of work is an event of its own: timers get their turn in between.
			await new Promise(setImmediate);
		}
	else await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
	histogram.disable();
	const ms = (ns: number) => ns / 1e6;
	return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), iterations };
}

const say = (category: string) => `[${category}]`;

/** One human move and Tika's answer, as the button handler does it (interactive_games/lib/interactions.ts). */
async function connect4Move(inline: boolean): Promise<void> {
	const game = createGame({
		id: 'bench',
		kind: 'connect4',
		guildId: 'g',
		channelId: 'c',
		challengerId: 'alice',
		opponentId: null,
		botId: 'tika',
		difficulty: 'hard'
	});
	act(game, 'alice', { type: 'move', index: 3 }, say);
	if (inline) c4AiMove(game.c4, 2, { budgetMs: C4_AI_BUDGET_MS, difficulty: 'hard' });
	else if (!(await tikaPlaysConnect4(game, say))) throw new Error('Tika did not move');
}

let cardXp = 1_000;
function rankCard(): Promise<Buffer> {
	clearRenderedCards();
	cardXp += 7;
	return renderRankCard({
		displayName: 'Bench Member 🌸',
		username: 'bench_member',
		avatarUrl: null,
		level: 12,
		rank: 3,
		xp: cardXp,
		levelStartXp: 900,
		nextLevelXp: 2_000,
		messages: 4_321,
		bio: 'Measuring the event loop, one card at a time.',
		pronouns: 'they/them',
		accentColor: 0xeb459e,
		background: null
	});
}

const now = Date.now();
const chartRows = lastDays(30, now).flatMap((day, index) =>
	Array.from({ length: 20 }, (_, channel) => ({ guildId: 'g', day, channelId: `${channel}`, messages: ((index + 1) * (channel + 3)) % 97 }))
);
const channelNames = new Map(Array.from({ length: 20 }, (_, channel) => [`${channel}`, `#channel-${channel}`]));
function chart(): Promise<Buffer> {
	return renderActivityChart({ title: 'Bench Guild: messages per day', summary: summarize(chartRows, 30, now), channelNames });
}

async function seededDatabase(dir: string): Promise<TikaDatabase> {
	const database = await openDatabase(pathToFileURL(join(dir, 'bench.db')).href, { migrate: true });
	for (let from = 0; from < ROWS; from += 5_000) {
		const data = Array.from({ length: Math.min(5_000, ROWS - from) }, (_, index) => ({
			guildId: `${(from + index) % 20}`,
			userId: `${100_000_000_000_000_000n + BigInt(from + index)}`,
			xp: (from + index) * 13,
			level: (from + index) % 50,
			messages: from + index
		}));
		await database.prisma.memberXp.createMany({ data });
	}
	return database;
}

function report(name: string, lag: Lag, idle: Lag, note: string): void {
	console.log(
		`${name.padEnd(22)} p99 ${lag.p99.toFixed(1).padStart(6)} ms  p50 ${lag.p50.toFixed(1).padStart(5)} ms  max ${lag.max.toFixed(1).padStart(7)} ms  (${note}; idle p99 ${idle.p99.toFixed(1)} ms)`
	);
	printResult({
		bench: 'event-loop',
		metric: `p99 lag: ${name}`,
		figure: Number(lag.p99.toFixed(2)),
		unit: 'ms',
		baseline: Number(idle.p99.toFixed(2)),
		baselineName: 'idle loop',
		target: `≤ ${TARGET_MS} ms`,
		met: lag.p99 <= TARGET_MS,
		note
	});
}

async function main(): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-event-loop-'));
	const pool = new WorkerPool();
	container.workers = pool;
	const database = await seededDatabase(dir);
	const backup = () => createBackup(database, { format: 'json', directory: join(dir, 'backups'), keep: 1 });
	const snapshot = (inline: boolean) => createBackup(database, { directory: join(dir, 'backups'), keep: 1, ...(inline ? { workers: null } : {}) });
	try {
		console.log(`Event-loop delay, ${SECONDS} s per workload (worker pool: ${pool.size} threads, ${ROWS} rows backed up)`);
		// First uses (canvas and fonts, the worker's start, Prisma's first transaction) before any measurement.
		await Promise.all([connect4Move(false), rankCard(), chart()]);
		await backup();
		await snapshot(false);

		const idle = await measure(null);
		console.log(
			`idle loop              p99 ${idle.p99.toFixed(1).padStart(6)} ms  p50 ${idle.p50.toFixed(1).padStart(5)} ms  max ${idle.max.toFixed(1).padStart(7)} ms`
		);
		const inline = await measure(() => connect4Move(true));
		console.log(
			`(Connect 4 AI inline   p99 ${inline.p99.toFixed(1).padStart(6)} ms: the same search on the main thread, as before the pool; ${inline.iterations} moves)`
		);
		const ai = await measure(() => connect4Move(false));
		report('Connect 4 hard AI', ai, idle, `${ai.iterations} moves of ${C4_AI_BUDGET_MS} ms on the worker pool`);
		const cards = await measure(rankCard);
		report('rank card', cards, idle, `${cards.iterations} cards drawn and encoded (WebP)`);
		const charts = await measure(chart);
		report('activity chart', charts, idle, `${charts.iterations} charts drawn and encoded (PNG)`);
		const backups = await measure(backup);
		report('JSON backup', backups, idle, `${backups.iterations} backups of ${ROWS} MemberXp rows`);
		const inlineSnapshots = await measure(() => snapshot(true));
		console.log(
			`(SQLite backup inline  p99 ${inlineSnapshots.p99.toFixed(1).padStart(6)} ms: VACUUM INTO on the main thread, as before the pool; ${inlineSnapshots.iterations} backups)`
		);
		const snapshots = await measure(() => snapshot(false));
		report('SQLite backup', snapshots, idle, `${snapshots.iterations} .db snapshots (VACUUM INTO) of ${ROWS} MemberXp rows on the worker pool`);
	} finally {
		await pool.close();
		await database.disconnect();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
