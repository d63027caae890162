/**
 * One side of bench/wordfilter, run in its own process: the real Tika (startTika, every plugin of src/plugins plus
 * bench/wordfilter/plugins) against the database it is given (with or without filter rules). Prints READY, then
 * DONE <ms> <cpu ms> once it has routed N messages (timed from the message at 10% to the N-th).
 */
import { join } from 'node:path';
import { messageCounter, printDone, runWorker, startBenchTika } from '../lib/bench-worker';

const { tick } = messageCounter(Number(process.env.BENCH_MESSAGES ?? 20_000), printDone);

runWorker(async () => {
	await startBenchTika(join(__dirname, 'plugins'), 'benchWordFilterTick', tick);
	console.log('READY');
});
