/**
 * Worker side of the process-per-side benches: a message counter timed from the message at 10% to the N-th, a bare
 * discord.js client, and the real Tika (startTika) with a bench's plugins. Tika is required inside startBenchTika, not
 * imported at the top, so a bare side never loads it.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join, resolve } from 'node:path';
import type * as Framework from '@sapphire/framework';
import type * as Bootstrap from '#core/bootstrap';
import type * as ConfigLoader from '#core/config/loader';
import type * as Env from '#core/env';
import type * as Logging from '#core/logging/index';

const ROOT = resolve(__dirname, '../..');

/**
 * Counts messages up to `total`. The first 10% warm the JIT up and are not timed, for both sides alike; `onStart` runs
 * at the message at 10%, `onDone` gets the wall and CPU milliseconds since then at the N-th. CPU time is what the
 * ratios use: the sender (the double, in another process) may be slower than the receiver, and then wall time would
 * measure the sender; CPU time only counts work this process did.
 */
/** How often a worker reports how many messages it has processed (`AT <n>` lines). */
export const PROGRESS_EVERY = 100;

export function messageCounter(total: number, onDone: (wallMs: number, cpuMs: number) => void, onStart?: () => void) {
	const warmup = Math.max(1, Math.floor(total / 10));
	let seen = 0;
	let started = 0;
	let cpuAtStart: NodeJS.CpuUsage | undefined;
	const profile = process.env.BENCH_PROFILE_DIR ? timedSectionProfiler(process.env.BENCH_PROFILE_DIR) : null;
	const tick = () => {
		seen++;
		// Progress for a sender that waits for the receiver (sendChatFrom's `processed`); one line per 100 messages, both sides alike.
		if (seen % PROGRESS_EVERY === 0) console.log(`AT ${seen}`);
		if (seen === warmup) {
			started = performance.now();
			cpuAtStart = process.cpuUsage();
			profile?.start();
			onStart?.();
		}
		if (seen === total) {
			const cpu = process.cpuUsage(cpuAtStart);
			const wallMs = performance.now() - started;
			const cpuMs = (cpu.user + cpu.system) / 1000;
			if (profile) void profile.stop().then(() => onDone(wallMs, cpuMs));
			else onDone(wallMs, cpuMs);
		}
	};
	return { tick, warmedUp: () => seen >= warmup };
}

/**
 * BENCH_PROFILE_DIR=/tmp/prof: a CPU profile of the timed section only (not start-up), written as
 * `<dir>/<side>-<pid>.cpuprofile` before DONE is printed; open it in Chrome's DevTools or summarise it with
 * `tsx bench/lib/profile-summary.ts <file>`. With BENCH_PROFILE_KIND=alloc, a sampling heap profile of the same section
 * instead (`.heapprofile`: what was allocated, by function, whether or not it lived; DevTools' Memory tab reads it).
 */
function timedSectionProfiler(dir: string) {
	const session = new Session();
	session.connect();
	const post = (method: string, params?: object) =>
		new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
	const name = `${process.argv[2] ?? 'worker'}-${process.pid}`;
	if (process.env.BENCH_PROFILE_KIND === 'alloc')
		return {
			start: () =>
				void post('HeapProfiler.enable').then(() =>
					post('HeapProfiler.startSampling', {
						samplingInterval: 4096,
						includeObjectsCollectedByMajorGC: true,
						includeObjectsCollectedByMinorGC: true
					})
				),
			stop: async () => {
				const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: object };
				mkdirSync(dir, { recursive: true });
				writeFileSync(join(dir, `${name}.heapprofile`), JSON.stringify(profile));
			}
		};
	return {
		start: () =>
			void post('Profiler.enable')
				.then(() => post('Profiler.setSamplingInterval', { interval: 100 }))
				.then(() => post('Profiler.start')),
		stop: async () => {
			const { profile } = (await post('Profiler.stop')) as { profile: object };
			mkdirSync(dir, { recursive: true });
			writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
		}
	};
}

/** Prints `DONE <wall ms> <cpu ms>`, followed by any extra fields. */
export function printDone(wallMs: number, cpuMs: number, ...extra: (string | number)[]) {
	console.log(['DONE', wallMs.toFixed(1), cpuMs.toFixed(1), ...extra].join(' '));
}

/** A discord.js client with a single messageCreate listener calling `tick`; prints READY once connected. */
export async function startBareClient(tick: () => void) {
	const client = new Client({
		intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
		rest: { api: process.env.DISCORD_API_URL!, globalRequestsPerSecond: 10_000 }
	});
	client.on(Events.MessageCreate, (message) => {
		if (message.author.bot) return;
		tick();
	});
	client.once(Events.ClientReady, () => console.log('READY'));
	await client.login(process.env.DISCORD_TOKEN);
}

/**
 * The real Tika (every default plugin plus those in `pluginsDir`), logging at warn, with `tick` published as
 * `globalThis[tickName]` for the bench's plugins to call; `configure` adjusts config.yml first (a side with a plugin off).
 * Resolves once commands are registered; prints nothing.
 */
export async function startBenchTika(pluginsDir: string, tickName: string, tick: () => void, configure?: (config: ConfigLoader.TikaConfig) => void) {
	const { startTika } = require('#core/bootstrap') as typeof Bootstrap;
	const { parseConfig } = require('#core/config/loader') as typeof ConfigLoader;
	const { createLogger } = require('#core/logging/index') as typeof Logging;
	const { parseEnv } = require('#core/env') as typeof Env;
	const { LogLevel } = require('@sapphire/framework') as typeof Framework;
	const configPath = join(ROOT, 'config.yml');
	const config = parseConfig(readFileSync(configPath, 'utf8'), configPath);
	config.logging.level = LogLevel.Warn;
	configure?.(config);
	const logger = createLogger(config.logging, { file: false });
	(globalThis as Record<string, unknown>)[tickName] = tick;
	const env = parseEnv({ ...process.env, TIKA_PLUGIN_PATHS: pluginsDir }, { requireToken: true });
	const instance = await startTika({ env, config, logger, rest: { globalRequestsPerSecond: 10_000 } });
	await instance.client.commandsRegistered;
	return instance;
}

/** Runs a worker's entry point, exiting with 1 on failure. */
export function runWorker(main: () => Promise<unknown>) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
