/**
 * One side of bench/xp-pipeline, in its own process. `bare`: a discord.js client with one messageCreate listener.
 * `tika`: the real Tika (startTika, every default plugin, progression on with cooldown 0) plus a last-priority
 * handler that counts messages after progression saw them. Prints READY, then DONE <wall ms> <cpu ms> <statements>.
 * Statements are counted at the driver: every better-sqlite3 `prepare` (Prisma's adapter prepares each query).
 */
import { join } from 'node:path';
import type * as Framework from '@sapphire/framework';
import { messageCounter, printDone, runWorker, startBareClient, startBenchTika } from '../lib/bench-worker';
import type * as Runtime from '../../src/plugins/progression/lib/runtime';

const mode = process.argv[2];

let statements = 0;
let statementsAtStart = 0;
const sqlSeen = new Map<string, number>();
let onDone: (() => Promise<void>) | null = null;

const { tick, warmedUp } = messageCounter(
	Number(process.env.BENCH_MESSAGES ?? 10_000),
	(wallMs, cpuMs) =>
		void (onDone ?? (async () => undefined))().then(
			() =>
				(process.env.BENCH_SQL_DEBUG && console.error([...sqlSeen].sort((a, b) => b[1] - a[1]).slice(0, 15))) ||
				printDone(wallMs, cpuMs, statements - statementsAtStart)
		),
	() => (statementsAtStart = statements)
);

async function tika() {
	const Database = require('better-sqlite3') as { prototype: { prepare: (...args: unknown[]) => unknown } };
	const prepare = Database.prototype.prepare;
	Database.prototype.prepare = function (this: unknown, ...args: unknown[]) {
		statements++;
		if (process.env.BENCH_SQL_DEBUG && warmedUp())
			sqlSeen.set(String(args[0]).slice(0, 60), (sqlSeen.get(String(args[0]).slice(0, 60)) ?? 0) + 1);
		return prepare.apply(this, args);
	};
	await startBenchTika(join(__dirname, 'plugins'), 'benchXpTick', tick);
	const { container } = require('@sapphire/framework') as typeof Framework;
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

runWorker(() => (mode === 'bare' ? startBareClient(tick) : tika()));
