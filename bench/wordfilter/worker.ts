/**
 * One side of bench/wordfilter, run in its own process: the real Tika (startTika, every plugin of src/plugins plus
 * bench/wordfilter/plugins) against the database it is given (with or without filter rules). Prints READY, then
 * DONE <ms> <cpu ms> once it has routed N messages (timed from the message at 10% to the N-th).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LogLevel } from '@sapphire/framework';
import { startTika } from '#core/bootstrap';
import { parseConfig } from '#core/config/loader';
import { parseEnv } from '#core/env';
import { createLogger } from '#core/logging/index';

const ROOT = resolve(__dirname, '../..');
const total = Number(process.env.BENCH_MESSAGES ?? 20_000);
const warmup = Math.max(1, Math.floor(total / 10));

let seen = 0;
let started = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;
function tick() {
	seen++;
	if (seen === warmup) {
		started = performance.now();
		cpuAtStart = process.cpuUsage();
	}
	if (seen === total) {
		const cpu = process.cpuUsage(cpuAtStart);
		console.log(`DONE ${(performance.now() - started).toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)}`);
	}
}

async function main() {
	const configPath = join(ROOT, 'config.yml');
	const config = parseConfig(readFileSync(configPath, 'utf8'), configPath);
	config.logging.level = LogLevel.Warn;
	const logger = createLogger(config.logging, { file: false });
	(globalThis as { benchWordFilterTick?: () => void }).benchWordFilterTick = tick;
	const env = parseEnv({ ...process.env, TIKA_PLUGIN_PATHS: join(__dirname, 'plugins') }, { requireToken: true });
	const instance = await startTika({ env, config, logger, rest: { globalRequestsPerSecond: 10_000 } });
	await instance.client.commandsRegistered;
	console.log('READY');
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
