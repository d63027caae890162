/**
 * bench/startup — how quickly Tika becomes usable, and what it costs in memory.
 *
 * 1. Start-up: process spawn → the bulk command registration (PUT /applications/:id/commands)
 *    reaching the Discord double. Tika (compiled, `node dist/index.js`, already-migrated SQLite)
 *    against a bare SapphireClient with one command (bare-sapphire.cjs). Runs alternate so
 *    machine noise hits both alike; medians compared. Target ≤ 1.5×.
 * 2. Memory: RSS after ready, idle and after a full GC, with 1,000 guilds × 50 members served by the double, Tika
 *    against a bare discord.js client with default caching (bare-discordjs.cjs). Target ≤ 1.0×. The V8 heap in use
 *    after the same GCs (heapUsed, reported by gc-on-signal.cjs) is printed beside it, informational.
 *
 * Usage: npm run bench:startup [-- --runs 9 --guilds 1000 --members 50 --settle 5 --only startup|memory] [-- --quick]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deploy } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { benchCli } from '../lib/cli';
import { median, printResult, ratioLine, ratioSpread } from '../lib/stats';
import { onLines } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:startup [-- --runs 9 --guilds 1000 --members 50 --settle 5 --only startup|memory] [-- --quick]
  Builds Tika (npm run build), then: start-up time (spawn to the command registration reaching the Discord double)
  against a bare SapphireClient (target ≤ 1.5×), and RSS after ready and a full GC with N guilds × M members against a
  bare discord.js client (target ≤ 1.0×). Prints RESULT lines.
  --runs N       runs of each side, alternating (default 9; 3 with --quick or BENCH_QUICK=1); the memory half runs half as many
  --guilds N     guilds the double serves for the memory half (default 1000; 200 with --quick)
  --members N    members per guild (default 50)
  --settle S     seconds idle after ready before RSS is read (default 5)
  --only NAME    only the startup or the memory half
  --quick        small run
`);

const ROOT = resolve(__dirname, '../..');
const RUNS = cli.number('runs', 9, 3);
const GUILDS = cli.number('guilds', 1000, 200);
const MEMBERS = cli.number('members', 50);
const SETTLE_MS = cli.number('settle', 5) * 1000;
/** `--only startup` or `--only memory` runs one half. */
const ONLY = cli.has('only') ? cli.string('only', '') : undefined;

interface Subject {
	name: string;
	argv: string[];
	/** How we know it is ready: the command registration (Sapphire) or a "Ready" line (bare discord.js). */
	ready: 'commands' | 'stdout';
}

const tika: Subject = { name: 'Tika', argv: [join(ROOT, 'dist/index.js')], ready: 'commands' };
const bareSapphire: Subject = { name: 'bare SapphireClient', argv: [join(__dirname, 'bare-sapphire.cjs')], ready: 'commands' };
const bareDiscordJs: Subject = { name: 'bare discord.js', argv: [join(__dirname, 'bare-discordjs.cjs')], ready: 'stdout' };

interface Launched {
	child: ChildProcess;
	ready: Promise<number>;
	/** The next `HEAP {json}` line (gc-on-signal.cjs answers SIGUSR2 with one): heapUsed after the GCs, MiB. */
	nextHeapUsed(): Promise<number>;
}

function launch(subject: Subject, double: DiscordDouble, databaseUrl: string): Launched {
	const started = performance.now();
	double.clearRequests();
	// No V8 flags: Tika's module pack carries a code cache V8 accepts only under the flags it was built with (Node's defaults).
	const child = spawn(process.execPath, ['--require', join(__dirname, 'gc-on-signal.cjs'), ...subject.argv], {
		cwd: ROOT,
		env: {
			PATH: process.env.PATH ?? '',
			NODE_ENV: 'production',
			DISCORD_TOKEN: double.token,
			DISCORD_API_URL: double.apiUrl,
			DATABASE_URL: databaseUrl
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let output = '';
	const heapWaiters: ((mib: number) => void)[] = [];
	onLines(child.stdout!, (line) => {
		if (!line.startsWith('HEAP {')) return;
		const { heapUsed } = JSON.parse(line.slice('HEAP '.length)) as { heapUsed: number };
		heapWaiters.shift()?.(heapUsed / 1024 / 1024);
	});
	const ready =
		subject.ready === 'commands'
			? double
					.waitForRequest({ method: 'PUT', path: '/applications/:id/commands' }, { timeout: 120_000 })
					.then(() => performance.now() - started)
			: new Promise<number>((resolvePromise) =>
					child.stdout!.on('data', (chunk: Buffer) => {
						output += chunk.toString();
						if (output.includes('Ready')) resolvePromise(performance.now() - started);
					})
				);
	const nextHeapUsed = () => new Promise<number>((resolvePromise) => heapWaiters.push(resolvePromise));
	return { child, ready, nextHeapUsed };
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
	child.kill('SIGTERM');
	await exited;
}

/** Resident set size of a process, from /proc (Linux), in MiB. */
function rssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
	return kib / 1024;
}

async function settledMemory({ child, nextHeapUsed }: Launched): Promise<{ rss: number; heapUsed: number }> {
	// Idle steady state: the same wait for both subjects, then two full GCs (gc-on-signal.cjs) so that what is
	// compared is live memory, not when V8 last happened to collect; then the median of a few samples.
	await new Promise((resolvePromise) => setTimeout(resolvePromise, SETTLE_MS));
	const heapUsed = nextHeapUsed();
	child.kill('SIGUSR2');
	await new Promise((resolvePromise) => setTimeout(resolvePromise, 1_000));
	const samples: number[] = [];
	for (let i = 0; i < 5; i++) {
		samples.push(rssMiB(child.pid!));
		await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
	}
	return { rss: median(samples), heapUsed: await heapUsed };
}

async function main() {
	console.log('Building Tika (npm run build)…');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-startup-'));
	const databaseUrl = `file:${join(dir, 'tika.db')}`;
	await deploy(databaseUrl);

	const times: Record<string, number[]> = { [tika.name]: [], [bareSapphire.name]: [] };
	if (ONLY !== 'memory') {
		// Phase 1: start-up time, small world (what is measured is the framework, not the guild count).
		const small = await new DiscordDouble().start();
		const owner = small.createUser({ username: 'owner' });
		for (let i = 0; i < 5; i++) small.createGuild({ name: `Guild ${i}`, ownerId: owner }).addMembers(20);
		for (let run = 0; run < RUNS; run++) {
			for (const subject of run % 2 === 0 ? [tika, bareSapphire] : [bareSapphire, tika]) {
				const { child, ready } = launch(subject, small, databaseUrl);
				times[subject.name]!.push(await ready);
				await stop(child);
			}
		}
		await small.stop();
		console.log(
			`start-up runs (ms): Tika ${times[tika.name]!.map(Math.round).join(', ')} | bare ${times[bareSapphire.name]!.map(Math.round).join(', ')}`
		);
	}

	const rss: Record<string, number[]> = { [tika.name]: [], [bareDiscordJs.name]: [] };
	const heap: Record<string, number[]> = { [tika.name]: [], [bareDiscordJs.name]: [] };
	if (ONLY !== 'startup') {
		// Phase 2: memory with a large world.
		const big = await new DiscordDouble().start();
		const bigOwner = big.createUser({ username: 'owner' });
		for (let i = 0; i < GUILDS; i++) big.createGuild({ name: `Guild ${i}`, ownerId: bigOwner }).addMembers(MEMBERS - 2);
		for (let run = 0; run < Math.max(1, Math.ceil(RUNS / 2)); run++) {
			for (const subject of run % 2 === 0 ? [tika, bareDiscordJs] : [bareDiscordJs, tika]) {
				const launched = launch(subject, big, databaseUrl);
				await launched.ready;
				const memory = await settledMemory(launched);
				rss[subject.name]!.push(memory.rss);
				heap[subject.name]!.push(memory.heapUsed);
				await stop(launched.child);
			}
		}
		await big.stop();
		console.log(
			`RSS runs (MiB): Tika ${rss[tika.name]!.map((v) => v.toFixed(0)).join(', ')} | bare ${rss[bareDiscordJs.name]!.map((v) => v.toFixed(0)).join(', ')}`
		);
		console.log(
			`heapUsed runs (MiB): Tika ${heap[tika.name]!.map((v) => v.toFixed(1)).join(', ')} | bare ${heap[bareDiscordJs.name]!.map((v) => v.toFixed(1)).join(', ')}`
		);
	}
	rmSync(dir, { recursive: true, force: true });

	console.log('');
	if (ONLY !== 'memory')
		report('start → commands registered', 'ms', times[tika.name]!, times[bareSapphire.name]!, 'bare SapphireClient, one command', 1.5);
	if (ONLY !== 'startup')
		report(
			`RSS after ready + full GC, ${GUILDS} guilds × ${MEMBERS} members`,
			'MiB',
			rss[tika.name]!,
			rss[bareDiscordJs.name]!,
			'bare discord.js, default caching',
			1.0
		);
	// Informational: the V8 heap in use after the GCs. Steadier than RSS, which also counts the heap V8 keeps
	// reserved (it varies by tens of MB from run to run) and native memory (Prisma's wasm, ICU data, code).
	if (ONLY !== 'startup')
		report(
			`heapUsed after ready + full GC, ${GUILDS} guilds × ${MEMBERS} members`,
			'MiB',
			heap[tika.name]!,
			heap[bareDiscordJs.name]!,
			'bare discord.js, default caching'
		);
}

/** The human line and the RESULT line (with the per-run spread) of one figure: medians, ratio target `limit`× (none: informational). */
function report(metric: string, unit: string, subjects: number[], baselines: number[], baselineName: string, limit?: number): void {
	const [subject, baseline] = [median(subjects), median(baselines)];
	const target = limit === undefined ? '' : `≤ ${limit.toFixed(1)}×`;
	console.log(ratioLine(`${metric} (median)`, subject, baseline, unit, target || 'informational'));
	printResult({
		bench: 'startup',
		metric,
		figure: subject,
		unit,
		baseline,
		baselineName,
		target,
		met: limit === undefined ? null : subject / baseline <= limit,
		note: ratioSpread(subjects, baselines)
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
