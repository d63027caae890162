/**
 * bench/word_games — the word-chain dictionary: how long the lazy first load takes and how much memory the Set holds,
 * each round in a fresh process (so RSS is not polluted by earlier rounds). Baseline, measured in the same run: reading
 * the same words.txt into one string (the least any dictionary costs). Also times Set look-ups, the per-message cost.
 *
 * Usage: npx tsx bench/word_games/dictionary.ts [--rounds 5]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median, ratioLine } from '../lib/stats';
import { dictionaryPath, dictionaryStats, loadDictionary } from '../../src/plugins/word_games/lib/dictionary';

interface Sample {
	loadMs: number;
	rssMb: number;
	heapMb: number;
	readMs: number;
	readRssMb: number;
	lookupNs: number;
	words: number;
}

const MB = 1024 * 1024;

async function child(): Promise<void> {
	const mode = process.argv[3];
	if (mode === 'read') {
		global.gc?.();
		const before = process.memoryUsage().rss;
		const started = performance.now();
		const text = readFileSync(dictionaryPath(), 'utf8');
		const readMs = performance.now() - started;
		process.stdout.write(JSON.stringify({ readMs, readRssMb: (process.memoryUsage().rss - before) / MB, length: text.length }));
		return;
	}
	global.gc?.();
	const words = await loadDictionary();
	const stats = dictionaryStats()!;
	const probes = ['apple', 'zebra', 'eggz', 'extraordinarily', 'qwerty', 'tomato', 'giraffe', 'xylophone'];
	const rounds = 2_000_000;
	let hits = 0;
	const started = process.hrtime.bigint();
	for (let i = 0; i < rounds; i++) if (words.has(probes[i & 7]!)) hits++;
	const lookupNs = Number(process.hrtime.bigint() - started) / rounds;
	process.stdout.write(
		JSON.stringify({ loadMs: stats.loadMs, rssMb: stats.rssDelta / MB, heapMb: stats.heapDelta / MB, lookupNs, words: words.size, hits })
	);
}

function run(mode: string): Record<string, number> {
	const out = execFileSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', __filename, '--child', mode], { encoding: 'utf8' });
	return JSON.parse(out) as Record<string, number>;
}

function main(): void {
	const roundsIndex = process.argv.indexOf('--rounds');
	const rounds = roundsIndex > 0 ? Number(process.argv[roundsIndex + 1]) : 5;
	const samples: Sample[] = [];
	for (let i = 0; i < rounds; i++) {
		// Alternate the two sides so disk cache and CPU noise hit both alike.
		const read = run('read');
		const load = run('load');
		samples.push({
			loadMs: load.loadMs!,
			rssMb: load.rssMb!,
			heapMb: load.heapMb!,
			lookupNs: load.lookupNs!,
			words: load.words!,
			readMs: read.readMs!,
			readRssMb: read.readRssMb!
		});
	}
	const m = (key: keyof Sample) => median(samples.map((sample) => sample[key]));
	console.log(`word-chain dictionary: ${m('words')} words, ${rounds} rounds, medians`);
	console.log(ratioLine('first load (read + split + Set)', m('loadMs'), m('readMs'), 'ms', 'one-off; < 1 s'));
	console.log(ratioLine('RSS growth', m('rssMb'), m('readRssMb'), 'MB', 'informational'));
	console.log(`heap growth: ${m('heapMb').toFixed(1)} MB`);
	console.log(`Set look-up: ${m('lookupNs').toFixed(1)} ns per word`);
}

if (process.argv[2] === '--child') void child();
else main();
