/**
 * One side of bench/metrics, run in its own process: the real Tika with bench/router's plugins (10 no-op handlers in 3
 * plugins, feature checks on) and every shipped plugin, with the metrics endpoint `on` (port 0) or `off` (the default).
 * Prints READY [metrics url], then DONE <wall ms> <cpu ms> once it has processed N messages.
 */
import { join } from 'node:path';
import { messageCounter, printDone, runWorker, startBenchTika } from '../lib/bench-worker';

const mode = process.argv[2];
const { tick } = messageCounter(Number(process.env.BENCH_MESSAGES ?? 20_000), printDone);

runWorker(async () => {
	const instance = await startBenchTika(join(__dirname, '../router/plugins'), 'benchRouterTick', tick, (config) => {
		config.metrics.enabled = mode === 'on';
		config.metrics.port = 0;
	});
	console.log(['READY', instance.metricsUrl ?? ''].join(' ').trim());
});
