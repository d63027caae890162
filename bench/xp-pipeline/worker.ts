/**
 * One side of bench/xp-pipeline, in its own process. `bare`: a discord.js client with one messageCreate listener.
 * `tika`: the real Tika (startTika, every default plugin, progression on with cooldown 0) plus a last-priority
 * handler that counts messages after progression saw them. Prints READY, then DONE <wall ms> <cpu ms> <statements>.
 * Statements are counted at the driver: every better-sqlite3 `prepare` (Prisma's adapter prepares each query).
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as Framework from '@sapphire/framework';
import type * as Bootstrap from '#core/bootstrap';
import type * as ConfigLoader from '#core/config/loader';
import type * as Env from '#core/env';
import type * as Logging from '#core/logging/index';
import type * as Runtime from '../../src/plugins/progression/lib/runtime';

const ROOT = resolve(__dirname, '../..');
const mode = process.argv[2];
const total = Number(process.env.BENCH_MESSAGES ?? 10_000);
const warmup = Math.max(1, Math.floor(total / 10));

let statements = 0;
let statementsAtStart = 0;
let seen = 0;
let started = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;
const sqlSeen = new Map<string, number>();
let onDone: (() => Promise<void>) | null = null;

function tick() {
	seen++;
	if (seen === warmup) {
		started = performance.now();
		cpuAtStart = process.cpuUsage();
		statementsAtStart = statements;
	}
	if (seen === total) {
		const cpu = process.cpuUsage(cpuAtStart);
		const wall = performance.now() - started;
		void (onDone ?? (async () => undefined))().then(
			() =>
				(process.env.BENCH_SQL_DEBUG && console.error([...sqlSeen].sort((a, b) => b[1] - a[1]).slice(0, 15))) ||
				console.log(`DONE ${wall.toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)} ${statements - statementsAtStart}`)
		);
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
	const Database = require('better-sqlite3') as { prototype: { prepare: (...args: unknown[]) => unknown } };
	const prepare = Database.prototype.prepare;
	Database.prototype.prepare = function (this: unknown, ...args: unknown[]) {
		statements++;
		if (process.env.BENCH_SQL_DEBUG && seen >= warmup)
			sqlSeen.set(String(args[0]).slice(0, 60), (sqlSeen.get(String(args[0]).slice(0, 60)) ?? 0) + 1);
		return prepare.apply(this, args);
	};
	const { startTika } = require('#core/bootstrap') as typeof Bootstrap;
	const { parseConfig } = require('#core/config/loader') as typeof ConfigLoader;
	const { createLogger } = require('#core/logging/index') as typeof Logging;
	const { parseEnv } = require('#core/env') as typeof Env;
	const { LogLevel, container } = require('@sapphire/framework') as typeof Framework;
	const configPath = join(ROOT, 'config.yml');
	const config = parseConfig(readFileSync(configPath, 'utf8'), configPath);
	config.logging.level = LogLevel.Warn;
	const logger = createLogger(config.logging, { file: false });
	(globalThis as { benchXpTick?: () => void }).benchXpTick = tick;
	const env = parseEnv({ ...process.env, TIKA_PLUGIN_PATHS: join(__dirname, 'plugins') }, { requireToken: true });
	const instance = await startTika({ env, config, logger, rest: { globalRequestsPerSecond: 10_000 } });
	await instance.client.commandsRegistered;
	// Default settings except the cooldown (every message earns XP) and no announcements (no REST noise).
	await container.data.updateGuildData(process.env.BENCH_GUILD_ID!, 'progression', (current: object | undefined) => ({
		...current,
		cooldownSeconds: 0,
		announce: 'none'
	}));
	// The run's statements include the final flush of everything buffered, so nothing is left out of the count.
	const { getBuffer } = require('../../src/plugins/progression/lib/runtime') as typeof Runtime;
	onDone = () => getBuffer().flush();
	console.log('READY');
}

(mode === 'bare' ? bare() : tika()).catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
