import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lazyAsync } from '#core/lazy';
import { CompactWordSet, type WordLookup } from './compactWords';

/**
 * The word-chain dictionary: `word-list` 4.1.0 (MIT, Sindre Sorhus), ~274k lowercase English words, one per line.
 * The package is ESM-only and exports no file paths, so its words.txt is found next to its entry point.
 * Loaded lazily on the first word played, once per process, into a {@link CompactWordSet} (one sorted buffer and its
 * offsets, ≈ 3.8 MB; the Set it replaced retained ≈ 20 MB and grew RSS by ≈ 41 MB). Concurrent first calls share one load.
 */
export function dictionaryPath(): string {
	return join(dirname(require.resolve('word-list')), 'words.txt');
}

export interface DictionaryStats {
	words: number;
	loadMs: number;
	/** Resident-set growth across the load (bytes); noisy, but the right order of magnitude. */
	rssDelta: number;
	heapDelta: number;
	/** What the compact form keeps alive (bytes). */
	bytes: number;
}

let stats: DictionaryStats | null = null;

/** The dictionary, loaded on the first call (core's `lazyAsync`: concurrent first calls share one load; a failed load is retried). */
export const loadDictionary = lazyAsync(async (): Promise<WordLookup> => {
	const before = process.memoryUsage();
	const started = performance.now();
	const words = CompactWordSet.fromWordList(await readFile(dictionaryPath()));
	const after = process.memoryUsage();
	stats = {
		words: words.size,
		loadMs: performance.now() - started,
		rssDelta: after.rss - before.rss,
		heapDelta: after.heapUsed - before.heapUsed,
		bytes: words.byteLength
	};
	return words;
});

/** Measurements of the load, once it happened. */
export function dictionaryStats(): DictionaryStats | null {
	return stats;
}
