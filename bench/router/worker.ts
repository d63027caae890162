/**
 * One side of bench/router, run in its own process: `bare` is a discord.js client with a single
 * messageCreate listener; `tika` is the real Tika (startTika) with bench/router/plugins loaded:
 * 10 no-op message handlers in 3 plugins, feature checks on. Both print READY, then DONE <ms>
 * <cpu ms> once they have processed N messages (timed from the message at 10% to the N-th).
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as Framework from '@sapphire/framework';
import type * as Bootstrap from '#core/bootstrap';
import type * as ConfigLoader from '#core/config/loader';
import type * as Env from '#core/env';
import type * as Logging from '#core/logging/index';

const ROOT = resolve(__dirname, '../..');
const mode = process.argv[2];
const total = Number(process.env.BENCH_MESSAGES ?? 20_000);
const warmup = Math.max(1, Math.floor(total / 10));

let seen = 0;
let started = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;
/**
 * Reports wall time and CPU time between the first and the N-th message. CPU time is what the
 * ratio uses: the sender (the double, in another process) may be slower than the receiver, and
 * then wall time would measure the sender; CPU time only counts work this process did.
 */
function tick() {
	seen++;
	// The first 10% warm the JIT up and are not timed, for both sides alike.
	if (seen === warmup) {
		started = performance.now();
		cpuAtStart = process.cpuUsage();
	}
	if (seen === total) {
		const cpu = process.cpuUsage(cpuAtStart);
		console.log(`DONE ${(performance.now() - started).toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)}`);
	}
}

async function bare() {
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

async function tika() {
	// Required here, not imported at the top, so the bare side never loads Tika.
	const { startTika } = require('#core/bootstrap') as typeof Bootstrap;
	const { parseConfig } = require('#core/config/loader') as typeof ConfigLoader;
	const { createLogger } = require('#core/logging/index') as typeof Logging;
	const { parseEnv } = require('#core/env') as typeof Env;
	const { LogLevel } = require('@sapphire/framework') as typeof Framework;
	const configPath = join(ROOT, 'config.yml');
	const config = parseConfig(readFileSync(configPath, 'utf8'), configPath);
	config.logging.level = LogLevel.Warn;
	const logger = createLogger(config.logging, { file: false });
	(globalThis as { benchRouterTick?: () => void }).benchRouterTick = tick;
	const env = parseEnv({ ...process.env, TIKA_PLUGIN_PATHS: join(__dirname, 'plugins') }, { requireToken: true });
	const instance = await startTika({ env, config, logger, rest: { globalRequestsPerSecond: 10_000 } });
	await instance.client.commandsRegistered;
	console.log('READY');
}

(mode === 'bare' ? bare() : tika()).catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
