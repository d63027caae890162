/**
 * bench/scheduler — the durable scheduler with a large schedule, against baselines measured in the same run:
 * - start-up with 100,000 pending reminders against an empty schedule (process start → the scheduler's first claim
 *   round done): extra time (target ≤ 100 ms) and extra RSS after GC (target ≤ 10 MB), printed with each run's RSS,
 *   V8's young generation, heapUsed and external memory beside it (a process's RSS varies by ±10 MiB from run to run
 *   off the JS heap, so the medians of two sides can differ by that much while the heap is the same);
 * - delivery lag of 1,000 reminders due in the same second, spread over 100 channels (the time each POST reached the
 *   double − the due time): p50/p99 (target p99 ≤ 2 s), against a bare discord.js client posting the same 1,000
 *   messages itself at its due instant (the floor any bot has on this machine);
 * - idle database queries per minute with 100,000 pending (target ≤ 2);
 * - a backlog of 100,000 tasks due at once draining (the scheduler alone, in this process): its time per task against
 *   a backlog of 1,000 (target ≤ 1.5×), and the event loop's p99 delay meanwhile.
 *
 * Usage: npm run bench:scheduler [-- --rounds 5 --pending 100000 --tasks 1000 --idle-seconds 60 --backlog 100000]
 * [-- --part backlog] (--quick or BENCH_QUICK=1: 2 rounds, 10,000 pending, 200 tasks, 10 idle seconds, a backlog of
 * 10,000; --part backlog runs only the backlog drain)
 *
 * Each side is its own process (the real Tika, every plugin, SQLite), fed by the Discord double; start-up sides
 * alternate per round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '#core/config/loader';
import { deploy, openDatabase } from '#core/database/index';
import { Scheduler } from '#core/scheduler/Scheduler';
import { DiscordDouble } from '../../src/playground/double';
import { benchCli } from '../lib/cli';
import { median, percentile, printResult, ratioSpread } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:scheduler [-- --rounds 5 --pending 100000 --tasks 1000 --idle-seconds 60 --backlog 100000]
  [-- --part backlog] [-- --quick]
  The durable scheduler with a large schedule: start-up time and RSS with N pending reminders against an empty
  schedule (targets ≤ +100 ms, ≤ +10 MB), delivery lag of a burst of reminders against a bare client posting them
  (target p99 ≤ 2 s), idle queries per minute (target ≤ 2), and a backlog due at once draining: time per task against
  a backlog of 1,000 (target ≤ 1.5×). --part backlog: only the backlog. --quick (or BENCH_QUICK=1): 2 rounds,
  10,000 pending, 200 tasks, 10 idle seconds, a backlog of 10,000.`);
const ROUNDS = cli.number('rounds', 5, 2);
const PENDING = cli.number('pending', 100_000, 10_000);
const TASKS = cli.number('tasks', 1_000, 200);
const IDLE_SECONDS = cli.number('idle-seconds', 60, 10);
const BACKLOG = cli.number('backlog', 100_000, 10_000);
const CHANNEL_COUNT = 100;

const MiB = 1024 * 1024;

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-scheduler-'));
	if (cli.string('part', 'all') === 'backlog') {
		await backlog(dir);
		rmSync(dir, { recursive: true, force: true });
		return;
	}
	const double = await new DiscordDouble().start();
	const owner = double.createUser({ username: 'owner' });
	const members = Array.from({ length: 50 }, (_, index) => double.createUser({ username: `member${index}` }));
	const guild = double.createGuild({ name: 'Bench', ownerId: owner });
	const channels = Array.from({ length: CHANNEL_COUNT }, (_, index) => guild.createChannel(`room-${index}`));
	for (const member of members) guild.addMember(member);

	const empty = `file:${join(dir, 'empty.db')}`;
	const full = `file:${join(dir, 'full.db')}`;
	await deploy(empty);
	await deploy(full);
	const seeding = performance.now();
	const database = await openDatabase(full);
	const far = Date.now() + 365 * 24 * 3600 * 1000;
	for (let start = 0; start < PENDING; start += 10_000) {
		const count = Math.min(10_000, PENDING - start);
		// Spread over a year, from a year ahead: pending, none due during the bench.
		const dueAt = (index: number) => new Date(far + (start + index) * 60_000);
		await database.prisma.reminderEntry.createMany({
			data: Array.from({ length: count }, (_, index) => ({
				ownerId: members[(start + index) % members.length]!.id,
				guildId: guild.id,
				channelId: channels[(start + index) % channels.length]!.id,
				text: `pending #${start + index}`,
				zone: 'UTC',
				dueAt: dueAt(index)
			}))
		});
	}
	const ids = await database.prisma.reminderEntry.findMany({ select: { id: true, dueAt: true } });
	for (let start = 0; start < ids.length; start += 10_000) {
		await database.prisma.scheduledTask.createMany({
			data: ids.slice(start, start + 10_000).map(({ id, dueAt }) => ({
				kind: 'reminderDue',
				key: `reminder:${id}`,
				guildId: guild.id,
				runAt: dueAt,
				dueAt,
				payload: { reminderId: id }
			}))
		});
	}
	await database.disconnect();
	console.log(`seeded ${PENDING.toLocaleString('en')} pending reminders in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

	const env = (url: string, extra: Record<string, string> = {}) => ({
		DISCORD_TOKEN: double.token,
		DISCORD_API_URL: double.apiUrl,
		DATABASE_URL: url,
		...extra
	});

	// ---- start-up ----
	const startup = { empty: [] as number[], full: [] as number[] };
	const rss = { empty: [] as number[], full: [] as number[] };
	const young = { empty: [] as number[], full: [] as number[] };
	const heap = { empty: [] as number[], full: [] as number[] };
	const external = { empty: [] as number[], full: [] as number[] };
	for (let round = 0; round < ROUNDS; round++) {
		for (const side of round % 2 === 0 ? (['empty', 'full'] as const) : (['full', 'empty'] as const)) {
			const { child, waitFor } = spawnWorker(join(__dirname, 'worker.ts'), [], env(side === 'empty' ? empty : full, { BENCH_MODE: 'start' }));
			const [, ms, bytes, newSpace, heapUsed, externalBytes] = (await waitFor('READY')).split(' ').map(Number);
			heap[side].push(heapUsed!);
			external[side].push(externalBytes!);
			startup[side].push(ms!);
			rss[side].push(bytes!);
			young[side].push(newSpace!);
			await stopWorker(child);
		}
	}
	const extraMs = median(startup.full) - median(startup.empty);
	const extraMiB = (median(rss.full) - median(rss.empty)) / MiB;
	const extraHeapMiB = (median(heap.full) - median(heap.empty)) / MiB;
	const signed = (value: number, digits = 0) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
	const spread = (values: number[]) => `${(Math.min(...values) / MiB).toFixed(0)}–${(Math.max(...values) / MiB).toFixed(0)}`;
	console.log(`start-up, empty schedule: ${startup.empty.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${median(startup.empty).toFixed(0)})`);
	console.log(
		`start-up, ${PENDING.toLocaleString('en')} pending: ${startup.full.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${median(startup.full).toFixed(0)})`
	);
	console.log(
		`start-up cost of ${PENDING.toLocaleString('en')} pending: ${signed(extraMs)} ms → ratio ${(median(startup.full) / median(startup.empty)).toFixed(2)}× (target ≤ +100 ms) ${extraMs <= 100 ? 'met' : 'MISSED'}`
	);
	const mib = (values: number[]) => values.map((bytes) => (bytes / MiB).toFixed(0)).join(', ');
	console.log(`RSS after GC per run (MiB), empty: ${mib(rss.empty)}; pending: ${mib(rss.full)}`);
	console.log(`V8 young generation committed per run (MiB), empty: ${mib(young.empty)}; pending: ${mib(young.full)}`);
	console.log(`heapUsed per run (MiB), empty: ${mib(heap.empty)}; pending: ${mib(heap.full)}`);
	console.log(`external per run (MiB), empty: ${mib(external.empty)}; pending: ${mib(external.full)}`);
	console.log(
		`RSS after GC: empty ${(median(rss.empty) / MiB).toFixed(1)} MiB, ${PENDING.toLocaleString('en')} pending ${(median(rss.full) / MiB).toFixed(1)} MiB → ${signed(extraMiB, 1)} MiB (target ≤ +10 MB) ${extraMiB * 1.048576 <= 10 ? 'met' : 'MISSED'}`
	);
	printResult({
		bench: 'scheduler',
		metric: `start-up with ${PENDING.toLocaleString('en')} pending reminders (median)`,
		figure: median(startup.full),
		unit: 'ms',
		baseline: median(startup.empty),
		baselineName: 'empty schedule',
		target: '≤ +100 ms',
		met: extraMs <= 100,
		note: `${signed(extraMs)} ms; ${ratioSpread(startup.full, startup.empty)}`
	});
	printResult({
		bench: 'scheduler',
		metric: `RSS after GC with ${PENDING.toLocaleString('en')} pending reminders (median)`,
		figure: median(rss.full) / MiB,
		unit: 'MiB',
		baseline: median(rss.empty) / MiB,
		baselineName: 'empty schedule',
		target: '≤ +10 MB',
		met: extraMiB * 1.048576 <= 10,
		note: `${signed(extraMiB, 1)} MiB (${spread(rss.empty)} vs ${spread(rss.full)}); heapUsed ${signed(extraHeapMiB, 1)} MiB`
	});

	// ---- delivery lag: Tika delivering, then the bare client posting ----
	const lagOf = async (mode: 'lag' | 'bare', url: string) => {
		const arrivals: number[] = [];
		const seen = new Set<string>();
		let resolveAll!: () => void;
		const all = new Promise<void>((resolve) => (resolveAll = resolve));
		const stop = double.onRequest((request) => {
			if (request.method !== 'POST' || request.route !== '/channels/:channel/messages' || request.status !== 200) return;
			const match = /bench-due #(\d+)/.exec(JSON.stringify(request.body));
			if (!match || seen.has(match[1]!)) return;
			seen.add(match[1]!);
			arrivals.push(request.time);
			if (seen.size === TASKS) resolveAll();
		});
		const { child, waitFor } = spawnWorker(
			join(__dirname, 'worker.ts'),
			[],
			env(url, {
				BENCH_MODE: mode,
				BENCH_TASKS: String(TASKS),
				BENCH_CHANNELS: channels.map((channel) => channel.id).join(','),
				BENCH_GUILD: guild.id,
				BENCH_OWNERS: members.map((member) => member.id).join(',')
			})
		);
		const exited = new Promise((resolve) => child.once('exit', resolve));
		const due = Number((await waitFor('DUE')).split(' ')[1]);
		await all;
		stop();
		if (mode === 'lag') await exited;
		else await stopWorker(child);
		return arrivals.map((time) => time - due);
	};
	const lagDb = `file:${join(dir, 'lag.db')}`;
	const tikaLags: number[][] = [];
	const bareLags: number[][] = [];
	for (let round = 0; round < Math.max(1, Math.ceil(ROUNDS / 2)); round++) {
		rmSync(lagDb.slice('file:'.length), { force: true });
		await deploy(lagDb);
		tikaLags.push(await lagOf('lag', lagDb));
		bareLags.push(await lagOf('bare', empty));
	}
	const p = (runs: number[][], q: number) => median(runs.map((lags) => percentile(lags, q)));
	console.log(
		`delivery lag of ${TASKS.toLocaleString('en')} reminders due in one second: p50 ${p(tikaLags, 50).toFixed(0)} ms, p99 ${p(tikaLags, 99).toFixed(0)} ms ` +
			`vs a bare client posting them itself p50 ${p(bareLags, 50).toFixed(0)} ms, p99 ${p(bareLags, 99).toFixed(0)} ms → ratio ${(p(tikaLags, 99) / p(bareLags, 99)).toFixed(2)}× at p99 (target p99 ≤ 2000 ms) ${p(tikaLags, 99) <= 2000 ? 'met' : 'MISSED'}`
	);

	printResult({
		bench: 'scheduler',
		metric: `delivery lag of ${TASKS.toLocaleString('en')} reminders due in one second, p99`,
		figure: p(tikaLags, 99),
		unit: 'ms',
		baseline: p(bareLags, 99),
		baselineName: 'bare client posting them itself',
		target: '≤ 2000 ms',
		met: p(tikaLags, 99) <= 2000,
		note: `p50 ${p(tikaLags, 50).toFixed(0)} ms`
	});

	// ---- idle queries ----
	const { child, waitFor } = spawnWorker(
		join(__dirname, 'worker.ts'),
		[],
		env(full, { BENCH_MODE: 'idle', BENCH_IDLE_SECONDS: String(IDLE_SECONDS) })
	);
	const [, queries, seconds] = (await waitFor('IDLE')).split(' ').map(Number);
	await stopWorker(child);
	const perMinute = (queries! / seconds!) * 60;
	console.log(
		`idle scheduler queries with ${PENDING.toLocaleString('en')} pending: ${queries} in ${seconds} s → ${perMinute.toFixed(1)} per minute (target ≤ 2) ${perMinute <= 2 ? 'met' : 'MISSED'}`
	);
	printResult({
		bench: 'scheduler',
		metric: `idle database queries with ${PENDING.toLocaleString('en')} pending, over ${seconds} s`,
		figure: perMinute,
		unit: 'per min',
		target: '≤ 2 per min',
		met: perMinute <= 2
	});

	// ---- a backlog draining ----
	await backlog(dir);

	await double.stop();
	rmSync(dir, { recursive: true, force: true });
}

/**
 * Tasks due all at once after a long stop, drained by the scheduler (shipped settings, a handler that does nothing, on
 * SQLite, in this process): the cost per task with a backlog of BACKLOG against one of 1,000, and the event loop's p99
 * delay while the large one drains. A claim that read every due row would make each task of a large backlog cost more.
 */
async function backlog(dir: string): Promise<void> {
	const { scheduler: config } = loadConfig(join(__dirname, '..', '..', 'config.yml'));
	const drain = async (count: number) => {
		const url = `file:${join(dir, `backlog-${count}.db`)}`;
		await deploy(url);
		const database = await openDatabase(url, { migrate: false });
		const runAt = new Date(Date.now() - 60_000);
		for (let start = 0; start < count; start += 10_000) {
			const size = Math.min(10_000, count - start);
			await database.prisma.scheduledTask.createMany({
				data: Array.from({ length: size }, () => ({ kind: 'noop', runAt, dueAt: runAt, payload: {} }))
			});
		}
		let ran = 0;
		let done!: () => void;
		const drained = new Promise<void>((resolve) => (done = resolve));
		const handlers = new Map([['noop', { run: () => void (++ran === count && done()) }]]);
		const scheduler = new Scheduler({
			prisma: database.prisma,
			provider: database.provider,
			config,
			shards: null,
			handlers: () => handlers,
			logger: { debug: () => undefined, warn: () => undefined, error: (message) => console.error(message) }
		});
		const delay = monitorEventLoopDelay({ resolution: 1 });
		delay.enable();
		const started = performance.now();
		await scheduler.start();
		await drained;
		const ms = performance.now() - started;
		delay.disable();
		await scheduler.stop();
		await database.disconnect();
		return { perTaskUs: (ms * 1000) / count, ms, p99Ms: delay.percentile(99) / 1e6 };
	};
	const small = await drain(1_000);
	const large = await drain(BACKLOG);
	const ratio = large.perTaskUs / small.perTaskUs;
	console.log(
		`backlog drain: ${BACKLOG.toLocaleString('en')} due at once in ${(large.ms / 1000).toFixed(1)} s (${large.perTaskUs.toFixed(0)} µs a task, ` +
			`event-loop p99 ${large.p99Ms.toFixed(1)} ms) vs 1,000 in ${small.ms.toFixed(0)} ms (${small.perTaskUs.toFixed(0)} µs a task) → ${ratio.toFixed(2)}×`
	);
	printResult({
		bench: 'scheduler',
		metric: `backlog of ${BACKLOG.toLocaleString('en')} tasks due at once: scheduler time per task`,
		figure: large.perTaskUs,
		unit: 'µs',
		baseline: small.perTaskUs,
		baselineName: 'a backlog of 1,000',
		target: '≤ 1.5×',
		met: ratio <= 1.5,
		note: `drained in ${(large.ms / 1000).toFixed(1)} s, event-loop p99 ${large.p99Ms.toFixed(1)} ms`
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
