/**
 * One side of bench/scheduler, in its own process (BENCH_MODE):
 * - `start`: the real Tika; prints `READY <ms since process start> <rss bytes after gc>` once the scheduler's first
 *   claim round is done (the schedule has been looked at).
 * - `lag`: the real Tika; once started, writes BENCH_TASKS reminders (spread over the channels in BENCH_CHANNELS) due
 *   at one instant 4 s ahead, prints `DUE <epoch ms>`, and delivers them.
 * - `idle`: the real Tika; counts the scheduler's database queries over BENCH_IDLE_SECONDS: `IDLE <queries> <seconds>`.
 * - `bare`: a bare discord.js client that posts the same messages itself at the same kind of instant: the baseline.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client, GatewayIntentBits, type TextChannel } from 'discord.js';
import type * as Framework from '@sapphire/framework';
import type {} from '#core/client';
import type {} from '#core/scheduler/setup';
import { runWorker, startBenchTika } from '../lib/bench-worker';

const MODE = process.env.BENCH_MODE ?? 'start';
const TASKS = Number(process.env.BENCH_TASKS ?? 1_000);
const CHANNELS = (process.env.BENCH_CHANNELS ?? '').split(',').filter(Boolean);
const GUILD = process.env.BENCH_GUILD ?? '';
const OWNERS = (process.env.BENCH_OWNERS ?? '').split(',').filter(Boolean);
const LEAD_MS = 4_000;

function rssAfterGc(): number {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	gc();
	gc();
	return process.memoryUsage().rss;
}

/** V8's young generation as committed now: 1–32 MiB depending on where start-up's last scavenge fell (see docs). */
function newSpaceBytes(): number {
	return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

async function tika() {
	await startBenchTika(mkdtempSync(join(tmpdir(), 'tika-bench-sched-plugins-')), 'benchSchedulerTick', () => undefined);
	const { container } = require('@sapphire/framework') as typeof Framework;
	await container.schedule.started;
	return container;
}

runWorker(async () => {
	if (MODE === 'bare') {
		const client = new Client({
			// Tika's message intents: this client too gets its own messages back, as any bot that reads chat does.
			intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
			rest: { api: process.env.DISCORD_API_URL!, globalRequestsPerSecond: 10_000 }
		});
		await client.login(process.env.DISCORD_TOKEN);
		const channels = await Promise.all(CHANNELS.map((id) => client.channels.fetch(id) as Promise<TextChannel>));
		const due = Date.now() + LEAD_MS;
		console.log(`DUE ${due}`);
		await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
		await Promise.all(
			Array.from({ length: TASKS }, (_, index) =>
				channels[index % channels.length]!.send({ content: `bench-due #${index}`, allowedMentions: { parse: [] } })
			)
		);
		return;
	}
	const container = await tika();
	if (MODE === 'start') {
		const rss = rssAfterGc();
		const { heapUsed, external } = process.memoryUsage();
		console.log(`READY ${performance.now().toFixed(1)} ${rss} ${newSpaceBytes()} ${heapUsed} ${external}`);
		return;
	}
	if (MODE === 'idle') {
		const seconds = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
		const before = container.schedule.queries;
		await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
		console.log(`IDLE ${container.schedule.queries - before} ${seconds}`);
		return;
	}
	// lag: reminders as /remind writes them (a row and its keyed task), all due at one instant.
	const due = new Date(Date.now() + LEAD_MS);
	const rows = Array.from({ length: TASKS }, (_, index) => ({
		ownerId: OWNERS[index % OWNERS.length]!,
		guildId: GUILD,
		channelId: CHANNELS[index % CHANNELS.length]!,
		target: 'here',
		kind: 'reminder',
		text: `bench-due #${index}`,
		zone: 'UTC',
		dueAt: due
	}));
	await container.prisma.reminderEntry.createMany({ data: rows });
	const ids = await container.prisma.reminderEntry.findMany({ select: { id: true } });
	await container.prisma.scheduledTask.createMany({
		data: ids.map(({ id }: { id: number }) => ({
			kind: 'reminderDue',
			key: `reminder:${id}`,
			guildId: GUILD,
			runAt: due,
			dueAt: due,
			payload: { reminderId: id }
		}))
	});
	container.schedule.poke();
	console.log(`DUE ${due.getTime()}`);
	// Done when every task ran: exit normally (so a --cpu-prof profile is written).
	while ((await container.prisma.scheduledTask.count()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
	process.exit(0);
});
