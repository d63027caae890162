/**
 * npm run bench — every `bench:*` script of package.json, one after the other, then one markdown table on stdout:
 * bench, figure, baseline, ratio, target, met?. Each bench prints `RESULT {json}` lines (bench/lib/stats.ts
 * printResult) next to its human lines; those are the rows. A bench's own output goes to stderr as it runs, so stdout
 * is only the table. A bench that fails or prints no RESULT line gets a row saying so.
 *
 * Usage: npm run bench [-- --quick] [-- --only startup,wordgames]
 *   --quick   small sizes: sets BENCH_QUICK=1 and passes --quick to the benches that read it (see QUICK_AWARE)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchResult } from './lib/stats';

const USAGE = `Usage: npm run bench [-- --quick] [-- --only startup,wordgames]
  Runs every bench:* script of package.json in turn and prints one markdown table (bench, figure, baseline, ratio,
  target, met?) on stdout; each bench's own output goes to stderr.
  --quick        small sizes (BENCH_QUICK=1)
  --only a,b     only these benches (names after "bench:")
`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
	process.stdout.write(USAGE);
	process.exit(0);
}

const ROOT = resolve(__dirname, '..');
const QUICK = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const ONLY = onlyIndex > 0 ? new Set(process.argv[onlyIndex + 1]!.split(',')) : null;
/** Benches whose argument parsers accept `--quick` (others read BENCH_QUICK or run at full size). */
const QUICK_AWARE = new Set([
	'startup',
	'wordgames',
	'commands',
	'event-loop',
	'router',
	'metrics',
	'xp',
	'leaderboard',
	'rank-card',
	'games',
	'chapel',
	'wordfilter',
	'automation',
	'server-tools',
	'ai-chat',
	'playground',
	'scheduler'
]);

interface Row {
	script: string;
	results: BenchResult[];
	exitCode: number | null;
	seconds: number;
}

function scripts(): string[] {
	const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
	return Object.keys(pkg.scripts)
		.filter((name) => name.startsWith('bench:'))
		.filter((name) => !ONLY || ONLY.has(name.slice('bench:'.length)));
}

/** RESULT lines out of a bench's output. */
export function parseResults(output: string): BenchResult[] {
	return output
		.split('\n')
		.filter((line) => line.startsWith('RESULT {'))
		.map((line) => JSON.parse(line.slice('RESULT '.length)) as BenchResult);
}

function runOne(script: string): Promise<Row> {
	const name = script.slice('bench:'.length);
	const started = performance.now();
	const args = ['run', '-s', script, ...(QUICK && QUICK_AWARE.has(name) ? ['--', '--quick'] : [])];
	const child = spawn('npm', args, {
		cwd: ROOT,
		env: { ...process.env, ...(QUICK ? { BENCH_QUICK: '1' } : {}) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
		process.stderr.write(chunk);
	});
	child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
	return new Promise((resolvePromise) =>
		child.on('close', (exitCode) =>
			resolvePromise({ script, results: parseResults(output), exitCode, seconds: (performance.now() - started) / 1000 })
		)
	);
}

function figure(value: number | undefined, unit: string): string {
	if (value === undefined || !Number.isFinite(value)) return '—';
	const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
	return `${value.toFixed(digits)} ${unit}`.trim();
}

export function table(rows: readonly Row[]): string {
	const lines = ['| Bench | Figure | Baseline | Ratio | Target | Met? |', '| --- | --- | --- | --- | --- | --- |'];
	for (const row of rows) {
		if (row.results.length === 0) {
			const why = row.exitCode === 0 ? 'no RESULT line yet' : `failed (exit ${row.exitCode})`;
			lines.push(`| \`${row.script}\` | ${why} | | | | — |`);
			continue;
		}
		for (const result of row.results) {
			const baseline =
				result.baseline === undefined
					? '—'
					: `${figure(result.baseline, result.unit)}${result.baselineName ? ` (${result.baselineName})` : ''}`;
			const ratio = result.ratio === undefined ? '—' : `${result.ratio.toFixed(2)}×`;
			const met = result.met === null ? '—' : result.met ? 'yes' : '**no**';
			const what = `\`${row.script}\` ${result.metric}${result.note ? ` (${result.note})` : ''}`;
			lines.push(`| ${what} | ${figure(result.figure, result.unit)} | ${baseline} | ${ratio} | ${result.target || '—'} | ${met} |`);
		}
	}
	return lines.join('\n');
}

async function main(): Promise<void> {
	const rows: Row[] = [];
	for (const script of scripts()) {
		process.stderr.write(`\n=== ${script}${QUICK ? ' (quick)' : ''} ===\n`);
		const row = await runOne(script);
		process.stderr.write(`=== ${script}: exit ${row.exitCode}, ${row.seconds.toFixed(0)} s, ${row.results.length} result(s) ===\n`);
		rows.push(row);
	}
	console.log(table(rows));
	if (rows.some((row) => row.exitCode !== 0)) process.exitCode = 1;
}

if (require.main === module) void main();
