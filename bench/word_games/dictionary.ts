/**
 * bench/word_games — the word-chain dictionary: what the compact form (one sorted buffer + offsets, binary search)
 * keeps alive against the `Set<string>` it replaced, both built in the same run from the same words.txt, each in a
 * fresh process started with --expose-gc so one side's garbage does not count against the other.
 *
 * Memory is *retained* memory: V8 heap used + external (ArrayBuffer backing stores) after two full GCs with the
 * dictionary still referenced, minus the same figure before the load. RSS growth is shown too (noisier: it also holds
 * the load's freed garbage until the allocator gives it back). Also: first-load time (baseline: reading the file into
 * a string, the least any dictionary costs) and look-up time per word, the per-message cost.
 *
 * Usage: npm run bench:wordgames [-- --rounds 5] [-- --quick] (--quick: 2 rounds, fewer look-ups)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { benchCli, type BenchCli } from '../lib/cli';
import { median, printResult, ratioLine } from '../lib/stats';
import { dictionaryPath, loadDictionary } from '../../src/plugins/word_games/lib/dictionary';
import { wordListLines, type WordLookup } from '../../src/plugins/word_games/lib/compactWords';

type Mode = 'read' | 'set' | 'compact';

interface Sample {
	loadMs: number;
	retainedMb: number;
	rssMb: number;
	lookupNs: number;
	words: number;
}

const MB = 1024 * 1024;
/** A measuring child is started as `dictionary.ts --child <mode> <look-ups>` (run() below), not from the command line. */
const IS_CHILD = process.argv[2] === '--child';
const USAGE = `Usage: npm run bench:wordgames [-- --rounds 5] [-- --quick]
  The word-chain dictionary: memory the compact form keeps alive against a Set of the same words (target ≤ 8 MB),
  first-load and look-up times, each side in a fresh process. Prints RESULT lines.
  --rounds N   fresh-process runs of each form (default 5; 2 with --quick or BENCH_QUICK=1)
  --quick      short run (also fewer look-ups)
`;
const PROBES = ['apple', 'zebra', 'eggz', 'extraordinarily', 'qwerty', 'tomato', 'giraffe', 'xylophone'];

/** Heap in use + memory outside the heap (typed arrays' backing stores), after full collections. */
function retained(): number {
	global.gc!();
	global.gc!();
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.external;
}

/** The dictionary as it was before the compact form: every line, trimmed, in a Set. */
async function loadSet(): Promise<WordLookup> {
	const { readFile } = await import('node:fs/promises');
	return new Set(wordListLines(await readFile(dictionaryPath(), 'utf8')));
}

let kept: unknown;

async function child(mode: Mode, lookups: number): Promise<void> {
	if (!global.gc) throw new Error('run with --expose-gc');
	const before = retained();
	const rssBefore = process.memoryUsage().rss;
	const started = performance.now();
	let words: WordLookup | null = null;
	if (mode === 'read') kept = readFileSync(dictionaryPath(), 'utf8');
	else kept = words = mode === 'set' ? await loadSet() : await loadDictionary();
	const loadMs = performance.now() - started;
	const retainedMb = (retained() - before) / MB;
	const rssMb = (process.memoryUsage().rss - rssBefore) / MB;

	let lookupNs = 0;
	if (words) {
		let hits = 0;
		const begun = process.hrtime.bigint();
		for (let i = 0; i < lookups; i++) if (words.has(PROBES[i & 7]!)) hits++;
		lookupNs = Number(process.hrtime.bigint() - begun) / lookups;
		const expected = (lookups / PROBES.length) * PROBES.filter((probe) => words!.has(probe)).length;
		if (hits !== expected) throw new Error(`unexpected hits: ${hits}, expected ${expected}`);
	}
	const sample: Sample = { loadMs, retainedMb, rssMb, lookupNs, words: words?.size ?? 0 };
	process.stdout.write(JSON.stringify(sample));
	if (typeof kept === 'undefined') throw new Error('unreachable');
}

function run(mode: Mode, lookups: number): Sample {
	const out = execFileSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', __filename, '--child', mode, String(lookups)], {
		encoding: 'utf8'
	});
	return JSON.parse(out) as Sample;
}

function main(cli: BenchCli): void {
	const rounds = cli.number('rounds', 5, 2);
	const lookups = cli.quick ? 400_000 : 2_000_000;
	const samples: Record<Mode, Sample[]> = { read: [], set: [], compact: [] };
	for (let i = 0; i < rounds; i++) {
		// Interleave the three so disk cache and CPU noise hit them alike.
		for (const mode of ['read', 'set', 'compact'] as const) samples[mode].push(run(mode, lookups));
	}
	const m = (mode: Mode, key: keyof Sample) => median(samples[mode].map((sample) => sample[key]));
	const min = (mode: Mode, key: keyof Sample) => Math.min(...samples[mode].map((sample) => sample[key]));
	const max = (mode: Mode, key: keyof Sample) => Math.max(...samples[mode].map((sample) => sample[key]));
	if (m('compact', 'words') !== m('set', 'words')) throw new Error('the compact dictionary and the Set hold different word counts');

	console.log(`word-chain dictionary: ${m('compact', 'words')} words, ${rounds} rounds in fresh processes, medians`);
	console.log(ratioLine('retained memory, compact vs Set', m('compact', 'retainedMb'), m('set', 'retainedMb'), 'MB', '≤ 8 MB'));
	console.log(ratioLine('RSS growth, compact vs Set', m('compact', 'rssMb'), m('set', 'rssMb'), 'MB', 'informational'));
	console.log(ratioLine('first load, compact vs reading the file', m('compact', 'loadMs'), m('read', 'loadMs'), 'ms', 'one-off; < 1 s'));
	console.log(`first load of the Set: ${m('set', 'loadMs').toFixed(1)} ms`);
	console.log(ratioLine('look-up, compact vs Set', m('compact', 'lookupNs'), m('set', 'lookupNs'), 'ns', 'informational'));

	const retainedCompact = m('compact', 'retainedMb');
	printResult({
		bench: 'wordgames',
		metric: 'dictionary retained memory',
		figure: retainedCompact,
		unit: 'MB',
		baseline: m('set', 'retainedMb'),
		baselineName: 'a Set of the same words',
		target: '≤ 8 MB',
		met: retainedCompact <= 8,
		note: `${min('compact', 'retainedMb').toFixed(1)}–${max('compact', 'retainedMb').toFixed(1)} MB over ${rounds} runs`
	});
	printResult({
		bench: 'wordgames',
		metric: 'dictionary first load',
		figure: m('compact', 'loadMs'),
		unit: 'ms',
		baseline: m('read', 'loadMs'),
		baselineName: 'reading words.txt',
		target: '< 1,000 ms',
		met: m('compact', 'loadMs') < 1000
	});
	printResult({
		bench: 'wordgames',
		metric: 'dictionary look-up',
		figure: m('compact', 'lookupNs'),
		unit: 'ns',
		baseline: m('set', 'lookupNs'),
		baselineName: 'Set.has',
		target: '',
		met: null
	});
}

if (IS_CHILD) void child(process.argv[3] as Mode, Number(process.argv[4]));
else main(benchCli(USAGE));
