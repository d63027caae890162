import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The word-chain dictionary: `word-list` 4.1.0 (MIT, Sindre Sorhus), ~274k lowercase English words, one per line.
 * The package is ESM-only and exports no file paths, so its words.txt is found next to its entry point.
 * Loaded lazily on the first word played, once per process, into a Set (a ~2–3 MB text file; see docs for the memory
 * it takes). Concurrent first calls share one load.
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
}

let loading: Promise<ReadonlySet<string>> | null = null;
let stats: DictionaryStats | null = null;

export function loadDictionary(path = dictionaryPath()): Promise<ReadonlySet<string>> {
	loading ??= (async () => {
		const before = process.memoryUsage();
		const started = performance.now();
		const text = await readFile(path, 'utf8');
		const words = new Set<string>();
		for (const line of text.split('\n')) {
			const word = line.trim();
			if (word) words.add(word);
		}
		const after = process.memoryUsage();
		stats = {
			words: words.size,
			loadMs: performance.now() - started,
			rssDelta: after.rss - before.rss,
			heapDelta: after.heapUsed - before.heapUsed
		};
		return words;
	})();
	loading.catch(() => (loading = null));
	return loading;
}

/** Measurements of the load, once it happened. */
export function dictionaryStats(): DictionaryStats | null {
	return stats;
}
