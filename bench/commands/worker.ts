/**
 * The bot side of bench/commands, in its own process: the real Tika (startTika, every shipped plugin, config.yml as
 * shipped, logging at warn) against the Discord double of the parent process. Prints READY once commands are
 * registered; the parent then seeds the guild through commands and times them.
 */
import { runWorker, startBenchTika } from '../lib/bench-worker';

runWorker(async () => {
	// No bench plugins and no message counter: what is measured is the shipped commands, timed by the parent.
	await startBenchTika('', 'benchCommandsTick', () => undefined);
	console.log('READY');
});
