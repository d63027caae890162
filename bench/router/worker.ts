/**
 * One side of bench/router, run in its own process: `bare` is a discord.js client with a single
 * messageCreate listener; `tika` is the real Tika (startTika) with bench/router/plugins loaded:
 * 10 no-op message handlers in 3 plugins, feature checks on. Both print READY, then DONE <ms>
 * <cpu ms> once they have processed N messages (timed from the message at 10% to the N-th).
 */
import { join } from 'node:path';
import { messageCounter, printDone, runWorker, startBareClient, startBenchTika } from '../lib/bench-worker';

const mode = process.argv[2];
const { tick } = messageCounter(Number(process.env.BENCH_MESSAGES ?? 20_000), printDone);

async function tika() {
	await startBenchTika(join(__dirname, 'plugins'), 'benchRouterTick', tick);
	console.log('READY');
}

runWorker(() => (mode === 'bare' ? startBareClient(tick) : tika()));
