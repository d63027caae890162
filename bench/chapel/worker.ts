/**
 * One side of bench/chapel, in its own process. Prints READY once connected, then, after `BENCH_WARMUP` + `BENCH_REACTIONS`
 * reaction events and once every edit they cause has been sent, `DONE <wall ms> <cpu ms> <statements>` (timed from the
 * first reaction after the warm-up).
 *
 * - `tika`: the real Tika (startTika, every default plugin, chapel with its production debounce: 2 s quiet, 8 s at most).
 * - `naive`: a bare discord.js client doing what a naive starboard does: one edit of the post per reaction.
 * - `off`: the same Tika against a database without a chapel (the events cost discord.js and a map lookup).
 */
import { Client, GatewayDispatchEvents, GatewayIntentBits, Routes, type GatewayMessageReactionAddDispatchData } from 'discord.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printDone, runWorker, startBenchTika } from '../lib/bench-worker';
import type { ChapelEngine } from '../../src/plugins/chapel/lib/engine';

const mode = process.argv[2];
const WARMUP = Number(process.env.BENCH_WARMUP ?? 0);
const TOTAL = WARMUP + Number(process.env.BENCH_REACTIONS ?? 10_000);

let statements = 0;
let statementsAtStart = 0;
let seen = 0;
let started = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;
let idle: () => Promise<void> = async () => undefined;

function tick() {
	seen++;
	if (seen === WARMUP + 1 || (WARMUP === 0 && seen === 1)) {
		started = performance.now();
		cpuAtStart = process.cpuUsage();
		statementsAtStart = statements;
	}
	if (seen !== TOTAL) return;
	void idle().then(() => {
		const cpu = process.cpuUsage(cpuAtStart);
		printDone(performance.now() - started, (cpu.user + cpu.system) / 1000, statements - statementsAtStart);
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tika() {
	const Database = require('better-sqlite3') as { prototype: { prepare: (...args: unknown[]) => unknown } };
	const prepare = Database.prototype.prepare;
	Database.prototype.prepare = function (this: unknown, ...args: unknown[]) {
		statements++;
		return prepare.apply(this, args);
	};
	await startBenchTika(join(__dirname, 'plugins'), 'benchChapelTick', tick);
	const engine = () => (globalThis as unknown as Record<symbol, { engine: ChapelEngine } | undefined>)[Symbol.for('tika.chapel.engine')]?.engine;
	// Done when nothing waits for a flush any more: the trailing edits of the burst are part of the cost.
	idle = async () => {
		while ((engine()?.waiting ?? 0) > 0) await sleep(50);
		await engine()?.flushAll();
		console.log(`COUNTERS ${JSON.stringify(engine()?.counters ?? {})}`);
	};
	console.log('READY');
}

async function naive() {
	const posts = new Map<string, { postId: string; count: number }>(
		(JSON.parse(readFileSync(process.env.BENCH_POSTS!, 'utf8')) as [string, string][]).map(([messageId, postId]) => [
			messageId,
			{ postId, count: 0 }
		])
	);
	const chapelId = process.env.BENCH_CHAPEL_ID!;
	const client = new Client({
		intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
		rest: { api: process.env.DISCORD_API_URL!, globalRequestsPerSecond: 10_000 }
	});
	let inFlight = 0;
	const edit = (messageId: string, delta: number) => {
		const post = posts.get(messageId);
		if (!post) return;
		post.count += delta;
		inFlight++;
		void client.rest
			.patch(Routes.channelMessage(chapelId, post.postId), { body: { content: `⭐ **${post.count}**` } })
			.catch(() => undefined)
			.finally(() => inFlight--);
	};
	client.ws.on(GatewayDispatchEvents.MessageReactionAdd, (data: GatewayMessageReactionAddDispatchData) => {
		edit(data.message_id, 1);
		tick();
	});
	client.ws.on(GatewayDispatchEvents.MessageReactionRemove, (data: { message_id: string }) => {
		edit(data.message_id, -1);
		tick();
	});
	idle = async () => {
		while (inFlight > 0) await sleep(20);
	};
	client.once('clientReady', () => console.log('READY'));
	await client.login(process.env.DISCORD_TOKEN);
}

runWorker(() => (mode === 'naive' ? naive() : tika()));
