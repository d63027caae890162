/**
 * One side of bench/automation, run in its own process: the real Tika (startTika, every plugin of src/plugins plus
 * bench/automation/plugins) with message_automation switched off in every guild (`BENCH_AUTOMATION=off`) or on, its
 * mirror health probe off (no network here). Prints READY, then DONE <ms> <cpu ms> once it has routed N messages.
 */
import { join } from 'node:path';
import { messageCounter, printDone, runWorker, startBenchTika } from '../lib/bench-worker';

const { tick } = messageCounter(Number(process.env.BENCH_MESSAGES ?? 20_000), printDone);
const off = process.env.BENCH_AUTOMATION === 'off';

runWorker(async () => {
	await startBenchTika(join(__dirname, 'plugins'), 'benchAutomationTick', tick, (config) => {
		const name = 'message_automation';
		config.features.defaultEnabled = config.features.defaultEnabled.filter((feature) => feature !== name);
		if (off) config.features.defaultDisabled = [...config.features.defaultDisabled, name];
		else config.features.defaultEnabled = [...config.features.defaultEnabled, name];
		config.plugins = { ...config.plugins, settings: { [name]: { link_fix: { health_probe: { enabled: false } } } } };
	});
	console.log('READY');
});
