/**
 * bench/chapel — 1,000 reactions a second across 100 chapel posts. Reports, for Tika (the real bot: every default plugin,
 * chapel with its production debounce) and for a naive starboard (a bare discord.js client editing the post on every
 * reaction), measured in the same run in separate processes: CPU per reaction, and the post edits each sent to Discord.
 * Target: Tika's edits ≤ 0.1× the naive edits.
 *
 * A third side, the same Tika with no chapel in its database, receives the same events: the difference is what the
 * chapel itself costs per reaction (the rest is discord.js handling the gateway events).
 *
 * Usage: npm run bench:chapel [-- --reactions 10000 --rate 1000 --messages 100 --voters 500] (--quick or BENCH_QUICK=1:
 * 1,000 reactions across 50 posts, 200 voters)
 *
 * The reaction stream is the same for both sides (seeded): each reaction goes to the next message in turn; four in five
 * add a new voter's ⭐, one in five takes a voter's ⭐ back (never one of the three that put the message on the chapel,
 * so posts stay posted and every change is a count edit). Tika's side first blesses each message with three reactions
 * (not timed) and waits for its 100 posts; the naive side's posts exist from the start.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy, openDatabase } from '#core/database/index';
import type { APIMessage } from 'discord-api-types/v10';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import { benchCli } from '../lib/cli';
import { printResult } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:chapel [-- --reactions 10000 --rate 1000 --messages 100 --voters 500] [-- --quick]
  A stream of reactions across chapel posts: the post edits Tika sends against a naive edit-per-reaction starboard,
  and CPU per reaction, same run. Target edits ≤ 0.1× the naive ones. --quick (or BENCH_QUICK=1): 1,000 reactions
  across 50 posts, 200 voters.`);
const REACTIONS = cli.number('reactions', 10_000, 1_000);
const RATE = cli.number('rate', 1_000);
const MESSAGES = cli.number('messages', 100, 50);
const VOTERS = cli.number('voters', 500, 200);
const BLESSING = 3;

type Op = { message: number; voter: number; add: boolean };

/** mulberry32: the same stream for both sides. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function stream(): Op[] {
	const next = random(42);
	const voted = Array.from({ length: MESSAGES }, () => new Set<number>(Array.from({ length: BLESSING }, (_, index) => index)));
	const ops: Op[] = [];
	for (let index = 0; index < REACTIONS; index++) {
		const message = index % MESSAGES;
		const mine = voted[message]!;
		const removable = [...mine].filter((voter) => voter >= BLESSING);
		if (removable.length > 0 && (next() < 0.2 || mine.size >= VOTERS)) {
			const voter = removable[Math.floor(next() * removable.length)]!;
			mine.delete(voter);
			ops.push({ message, voter, add: false });
			continue;
		}
		let voter: number;
		do voter = BLESSING + Math.floor(next() * (VOTERS - BLESSING));
		while (mine.has(voter));
		mine.add(voter);
		ops.push({ message, voter, add: true });
	}
	return ops;
}

/** Sends the ops at RATE per second, in 10 ms slices; returns the rate achieved. */
async function send(double: DiscordDouble, ops: Op[], messages: { id: string }[], voters: UserHandle[]): Promise<number> {
	const perSlice = Math.max(1, Math.round(RATE / 100));
	const started = performance.now();
	for (let offset = 0; offset < ops.length; offset += perSlice) {
		const due = started + (offset / RATE) * 1000;
		const wait = due - performance.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		await Promise.all(
			ops.slice(offset, offset + perSlice).map((op) => {
				const reaction = { message: messages[op.message]!, user: voters[op.voter]!, emoji: '⭐' };
				return op.add ? double.react(reaction) : double.unreact(reaction);
			})
		);
	}
	return ops.length / ((performance.now() - started) / 1000);
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`bench/chapel: timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

const edits = (double: DiscordDouble, chapel: ChannelHandle) =>
	double.requestsTo('PATCH', new RegExp(`^/channels/${chapel.id}/messages/\\d+$`)).length;

interface SideResult {
	rate: number;
	cpuMs: number;
	wallMs: number;
	edits: number;
	statements: number;
	counters?: string;
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-chapel-'));
	const databaseUrl = `file:${join(dir, 'tika.db')}`;
	const emptyDatabaseUrl = `file:${join(dir, 'no-chapel.db')}`;
	await deploy(databaseUrl);
	await deploy(emptyDatabaseUrl);
	const double = await new DiscordDouble().start();
	const owner = double.createUser({ username: 'owner' });
	const guild = double.createGuild({ name: 'Chapel Bench', ownerId: owner });
	const voters = guild.addMembers(VOTERS, { usernamePrefix: 'voter' }).map((member) => member.user);
	const generalA = guild.createChannel('general-tika');
	const chapelA = guild.createChannel('chapel-tika');
	const generalB = guild.createChannel('general-naive');
	const chapelB = guild.createChannel('chapel-naive');
	const generalC = guild.createChannel('general-off');

	const database = await openDatabase(databaseUrl);
	await database.prisma.chapelBoard.create({
		data: {
			guildId: guild.id,
			channelId: chapelA.id,
			emojis: ['⭐'],
			threshold: BLESSING,
			ignoredChannels: [],
			autostarChannels: [],
			createdBy: owner.id
		}
	});
	await database.disconnect();

	const messagesA: APIMessage[] = [];
	const messagesB: APIMessage[] = [];
	const messagesC: APIMessage[] = [];
	const postsFile = join(dir, 'posts.json');
	const writeMessages = async () => {
		const postsB: [string, string][] = [];
		for (let index = 0; index < MESSAGES; index++) {
			messagesA.push(await double.sendMessage({ channel: generalA, author: owner, content: `a message worth blessing #${index}` }));
			const source = await double.sendMessage({ channel: generalB, author: owner, content: `a message worth blessing #${index}` });
			messagesB.push(source);
			const post = await double.sendMessage({ channel: chapelB, author: double.bot, content: `⭐ **${BLESSING}**` });
			postsB.push([source.id, post.id]);
			messagesC.push(await double.sendMessage({ channel: generalC, author: owner, content: `a message worth blessing #${index}` }));
		}
		writeFileSync(postsFile, JSON.stringify(postsB));
	};
	const ops = stream();

	const results = {} as Record<'tika' | 'naive' | 'off', SideResult>;
	const messagesOf = { tika: messagesA, naive: messagesB, off: messagesC };
	for (const mode of ['tika', 'naive', 'off'] as const) {
		const warmup = mode === 'tika' ? MESSAGES * BLESSING : 0;
		const { child, waitFor } = spawnWorker(join(__dirname, 'worker.ts'), [mode], {
			DISCORD_TOKEN: double.token,
			DISCORD_API_URL: double.apiUrl,
			DATABASE_URL: mode === 'off' ? emptyDatabaseUrl : databaseUrl,
			BENCH_WARMUP: String(warmup),
			BENCH_REACTIONS: String(REACTIONS),
			BENCH_POSTS: postsFile,
			BENCH_CHAPEL_ID: chapelB.id
		});
		await waitFor('READY');
		// The double sends messages only to a connected client: the world is written once the first side is up.
		if (mode === 'tika') await writeMessages();
		const counters = waitFor('COUNTERS');
		const done = waitFor('DONE');
		const chapel = mode === 'tika' ? chapelA : chapelB;
		if (mode === 'tika') {
			for (const message of messagesA)
				for (let voter = 0; voter < BLESSING; voter++) await double.react({ message, user: voters[voter]!, emoji: '⭐' });
			await waitUntil(() => double.messagesIn(chapelA).length === MESSAGES, `${MESSAGES} posts`);
		}
		double.clearRequests();
		const rate = await send(double, ops, messagesOf[mode], voters);
		const [, wallMs, cpuMs, statements] = (await done).split(' ').map(Number);
		results[mode] = {
			rate,
			cpuMs: cpuMs!,
			wallMs: wallMs!,
			edits: edits(double, chapel),
			statements: statements!,
			...(mode === 'naive' ? {} : { counters: (await counters).slice('COUNTERS '.length) })
		};
		await stopWorker(child);
	}
	await double.stop();
	rmSync(dir, { recursive: true, force: true });

	const { tika, naive, off } = results;
	const line = (label: string, side: SideResult) =>
		`${label}: ${side.rate.toFixed(0)} reactions/s sent, ${((side.cpuMs * 1000) / REACTIONS).toFixed(0)} µs CPU per reaction (${side.cpuMs.toFixed(0)} ms CPU over ${(side.wallMs / 1000).toFixed(1)} s), ${side.edits} post edits`;
	console.log(`${REACTIONS} reactions across ${MESSAGES} posts at ${RATE}/s, ${VOTERS} voters`);
	console.log(line('naive (edit per reaction)', naive));
	console.log(`${line('Tika chapel (debounced)', tika)}, ${((tika.statements / REACTIONS) * 1000).toFixed(0)} SQL statements per 1,000 reactions`);
	console.log(line('Tika without a chapel (same events, nothing to count)', off));
	console.log(`Tika engine: ${tika.counters}`);
	console.log(
		`edits: Tika ${tika.edits} vs naive ${naive.edits} → ratio ${(tika.edits / naive.edits).toFixed(3)}× (target ≤ 0.1×); CPU per reaction ${(tika.cpuMs / naive.cpuMs).toFixed(2)}× the naive client's; the chapel's own share ${(((tika.cpuMs - off.cpuMs) * 1000) / REACTIONS).toFixed(0)} µs per reaction`
	);
	const perReaction = (side: SideResult) => (side.cpuMs * 1000) / REACTIONS;
	printResult({
		bench: 'chapel',
		metric: `post edits for ${REACTIONS.toLocaleString('en')} reactions across ${MESSAGES} posts at ${RATE}/s`,
		figure: tika.edits,
		unit: 'edits',
		baseline: naive.edits,
		baselineName: 'naive edit per reaction',
		target: '≤ 0.1×',
		met: tika.edits / naive.edits <= 0.1
	});
	printResult({
		bench: 'chapel',
		metric: 'CPU per reaction',
		figure: perReaction(tika),
		unit: 'µs',
		baseline: perReaction(naive),
		baselineName: 'naive starboard',
		target: '',
		met: null,
		note: `chapel's own share ${(perReaction(tika) - perReaction(off)).toFixed(0)} µs`
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
