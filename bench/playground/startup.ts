/**
 * bench/playground/startup — how long `npm run playground` takes from the command to the page answering, the figure a
 * person waits for (target ≤ 5 s on the project's machines).
 *
 * Each run spawns the command in its own process group, waits for the URL it prints, and fetches the page until it
 * answers 200; then Ctrl-C (SIGINT to the group) stops it. Baselines measured in the same run, alternating with the
 * subject so machine noise hits all alike: `node -e 0` (a bare process) and the Discord double alone through tsx
 * (bare-double.ts), which is the floor the playground builds on. Medians are compared.
 *
 * Usage: npm run bench:playground [-- --runs 5] (--quick or BENCH_QUICK=1: 2 runs)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchCli } from '../lib/cli';
import { median, printResult, ratioLine, ratioSpread } from '../lib/stats';

const ROOT = resolve(__dirname, '../..');
const cli = benchCli(`Usage: npm run bench:playground [-- --runs 5] [-- --quick]
  How long \`npm run playground\` takes from the command to the page answering (target ≤ 5 s), against the Discord
  double alone and \`node -e 0\`, alternating, same run. --quick (or BENCH_QUICK=1): 2 runs.`);
const RUNS = cli.number('runs', 5, 2);

interface Subject {
	name: string;
	command: string;
	args: string[];
	/** Whether to wait for a printed URL that must answer 200 (else: the process exiting is the end). */
	url: boolean;
}

const dataDir = mkdtempSync(join(tmpdir(), 'tika-bench-playground-'));
const subjects: Subject[] = [
	{ name: 'npm run playground', command: 'npm', args: ['run', '--silent', 'playground', '--', '--data-dir', dataDir], url: true },
	{ name: 'the double alone (tsx)', command: 'npx', args: ['tsx', join(__dirname, 'bare-double.ts')], url: true },
	{ name: 'node -e 0', command: process.execPath, args: ['-e', '0'], url: false }
];

async function once(subject: Subject): Promise<number> {
	const started = performance.now();
	const child = spawn(subject.command, subject.args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
	const exited = new Promise<void>((resolvePromise) => child.on('exit', () => resolvePromise()));
	if (!subject.url) {
		await exited;
		return performance.now() - started;
	}
	let out = '';
	child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
	const deadline = Date.now() + 60_000;
	let url: string | undefined;
	for (;;) {
		url ??= /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
		if (url) {
			const answered = await fetch(url)
				.then((response) => response.status < 500)
				.catch(() => false);
			if (answered) break;
		}
		if (Date.now() > deadline) throw new Error(`${subject.name} never answered:\n${out}`);
		await new Promise((resolvePromise) => setTimeout(resolvePromise, 10));
	}
	const elapsed = performance.now() - started;
	// Ctrl-C reaches the whole foreground group in a terminal; so here.
	process.kill(-child.pid!, 'SIGINT');
	await exited;
	return elapsed;
}

async function main(): Promise<void> {
	const times = new Map<string, number[]>(subjects.map((subject) => [subject.name, []]));
	// One unmeasured round: the first tsx run fills its transform cache, as any second run of the command finds it.
	for (const subject of subjects) await once(subject);
	for (let run = 0; run < RUNS; run++) {
		for (const subject of subjects) times.get(subject.name)!.push(await once(subject));
	}
	const [playground, double, bare] = subjects.map((subject) => median(times.get(subject.name)!)) as [number, number, number];
	for (const subject of subjects) {
		console.log(
			`${subject.name}: ${times
				.get(subject.name)!
				.map((ms) => ms.toFixed(0))
				.join(', ')} ms (median ${median(times.get(subject.name)!).toFixed(0)} ms)`
		);
	}
	console.log(`start-up, command → page answering: median ${(playground / 1000).toFixed(2)} s over ${RUNS} runs (target ≤ 5 s)`);
	console.log(ratioLine('npm run playground vs the double alone', playground, double, 'ms', 'what Tika and the page add'));
	console.log(ratioLine('npm run playground vs node -e 0', playground, bare, 'ms', 'a bare process'));
	printResult({
		bench: 'playground',
		metric: 'npm run playground, command → page answering (median)',
		figure: playground,
		unit: 'ms',
		baseline: double,
		baselineName: 'the double alone (tsx)',
		target: '≤ 5 s',
		met: playground <= 5_000,
		note: ratioSpread(times.get(subjects[0]!.name)!, times.get(subjects[1]!.name)!)
	});
	rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
