/**
 * bench/commands — per-command latency of the real Tika, every shipped plugin on (config.yml as shipped, SQLite, a
 * fresh database), against the Discord double. The double runs in this process, Tika in a worker process
 * (worker.ts), so the bot's event loop holds only the bot.
 *
 * Latency of one command = from the double dispatching INTERACTION_CREATE to the bot's first response reaching the
 * double's REST API (the interaction callback). For image commands the figure is the time until the image reaches
 * the double (the reply itself, or the edit after a deferral), since that is what a member waits for.
 * Commands run one at a time, interleaved (every round runs each command once, in a rotating order), so machine noise
 * hits every command alike; /ping is the baseline measured in the same rounds.
 * Targets (issue #18): p50 ≤ 3× /ping p50; image commands p50 ≤ 30 ms.
 * /rank is drawn anew every time (each round's member is another); /leaderboard image is measured twice: the board
 * as last drawn (served by the cache of rendered boards) and after `/xp add` (run just before, untimed) changed one of
 * the top 10 (drawn and encoded anew). The double has no CDN, so the avatars are initials (a failed download is
 * remembered for a minute).
 *
 * The guild is seeded so every command does real work: members with XP (rows written before start), auto-replies,
 * reminders and a chapel with posts (made through the commands and reactions, as members would).
 * Each round's commands are run by a different member (a member can play one game per channel).
 *
 * Usage: npm run bench:commands [-- --rounds 200 --warmup 5 --members 300] [-- --quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy, openDatabase } from '#core/database/index';
import { levelForXp } from '../../src/plugins/progression/lib/curve';
import { DiscordDouble, type InteractionRecord, type OptionValue, type SlashCommandOptions } from '../../src/playground/double';
import { percentile, printResult } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const USAGE = `Usage: npm run bench:commands [-- --rounds 200 --warmup 5 --members 300] [-- --quick]
  Per-command latency (p50, p99) of the real Tika through the Discord double: /ping (baseline), /rank,
  /leaderboard, /leaderboard image (the same board again, and after a row changed), /game tictactoe, /remind,
  /autoreply list, /chapel top. Prints RESULT lines.
  --rounds N     timed rounds; each runs every command once (default 200; 20 with --quick or BENCH_QUICK=1)
  --warmup N     untimed rounds first (default 5; 2 with --quick)
  --members N    members of the guild, each with XP (default rounds + warmup + 50)
  --quick        small run
  --show         print each command's first reply (to check that it did real work)
`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
	process.stdout.write(USAGE);
	process.exit(0);
}

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
	const arg = process.argv[i]!;
	if (!arg.startsWith('--')) continue;
	const next = process.argv[i + 1];
	const value = next === undefined || next.startsWith('--') ? '' : next;
	args.set(arg.slice(2), value);
	if (value) i++;
}
const QUICK = process.env.BENCH_QUICK === '1' || args.has('quick');
const ROUNDS = Number(args.get('rounds') ?? (QUICK ? 20 : 200));
const WARMUP = Number(args.get('warmup') ?? (QUICK ? 2 : 5));
const MEMBERS = Number(args.get('members') ?? ROUNDS + WARMUP + 50);
const AUTO_REPLIES = 25;
const REMINDERS = 20;
const CHAPEL_POSTS = 20;
const IMAGE_TARGET_MS = 30;
const RATIO_TARGET = 3;

/** One measured command: how to run it as the member of a round. `image`: measured to the image, not the first byte. */
interface Bench {
	label: string;
	image?: boolean;
	command: (user: string, round: number) => Omit<SlashCommandOptions, 'channel'>;
	/** A command run just before, untimed (by the owner): changes what the measured one shows, so no cache can answer. */
	before?: (round: number) => Omit<SlashCommandOptions, 'channel' | 'user'>;
}

/** The top 10 by XP (filled in by main): `/xp add` gives one of them 1 XP before the uncached board. */
const topTen: string[] = [];

const BENCHES: Bench[] = [
	{ label: '/ping', command: (user) => ({ user, name: 'ping' }) },
	{ label: '/rank', image: true, command: (user) => ({ user, name: 'rank' }) },
	{ label: '/leaderboard', command: (user) => ({ user, name: 'leaderboard' }) },
	// The same board as the last time it was drawn: answered from the 60 s cache of rendered boards.
	{ label: '/leaderboard image', image: true, command: (user) => ({ user, name: 'leaderboard', options: { image: true } }) },
	// A row of the top 10 changed since (1 XP more for one of them, untimed): the board is drawn and encoded anew.
	{
		label: '/leaderboard image (rows changed)',
		image: true,
		command: (user) => ({ user, name: 'leaderboard', options: { image: true } }),
		before: (round) => ({ name: 'xp', subcommand: 'add', options: { member: topTen[round % topTen.length]!, amount: 1 } })
	},
	{ label: '/game tictactoe', command: (user) => ({ user, name: 'game', subcommand: 'tictactoe' }) },
	{
		label: '/remind',
		command: (user, round) => ({ user, name: 'remind', options: { when: 'in 3 days', what: `water the plants (${round})` } })
	},
	// Needs Manage Server: run by the owner (filled in by main).
	{ label: '/autoreply list', command: (user) => ({ user, name: 'autoreply', subcommand: 'list' }) },
	{ label: '/chapel top', command: (user) => ({ user, name: 'chapel', subcommand: 'top' }) }
];

/** Member `index`'s XP before start, as a server that has been chatting for a while: skewed, many small, a few large. */
function seededXp(index: number): number {
	return Math.floor(Math.pow(((index * 7919) % MEMBERS) / MEMBERS, 3) * 200_000) + 10;
}

interface Sample {
	first: number;
	full: number;
	/** What the member saw (content, embed, files), for --show. */
	seen: string;
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-commands-'));
	const databaseUrl = `file:${join(dir, 'tika.db')}`;
	await deploy(databaseUrl);

	const double = await new DiscordDouble({ timeout: 30_000 }).start();
	const owner = double.createUser({ username: 'owner' });
	const guild = double.createGuild({ name: 'Bench', ownerId: owner });
	const general = guild.createChannel('general');
	const chapelChannel = guild.createChannel('chapel');
	const members = guild.addMembers(MEMBERS, { usernamePrefix: 'member' });

	// XP rows before start (seededXp).
	const db = await openDatabase(databaseUrl);
	await db.prisma.memberXp.createMany({
		data: members.map((member, index) => {
			const xp = seededXp(index);
			return { guildId: guild.id, userId: member.id, xp, level: levelForXp(xp), messages: Math.ceil(xp / 20) };
		})
	});
	await db.disconnect();
	const byXp = members.map((member, index) => ({ id: member.id, xp: seededXp(index) })).sort((a, b) => b.xp - a.xp);
	topTen.push(...byXp.slice(0, 10).map((member) => member.id));

	const { child, waitFor } = spawnWorker(join(__dirname, 'worker.ts'), [], {
		DISCORD_TOKEN: double.token,
		DISCORD_API_URL: double.apiUrl,
		DATABASE_URL: databaseUrl
	});
	try {
		await waitFor('READY');

		// Times of the first callback and of the visible reply, by interaction id (the listener sees them as they land).
		const firstAt = new Map<string, number>();
		const fullAt = new Map<string, number>();
		double.events.on('interaction', (record: InteractionRecord) => {
			const now = performance.now();
			if (!firstAt.has(record.id)) firstAt.set(record.id, now);
			if (record.originalReady && !fullAt.has(record.id)) fullAt.set(record.id, now);
		});
		const run = async (options: SlashCommandOptions): Promise<Sample> => {
			const started = performance.now();
			const handle = await double.slashCommand(options);
			await handle.response();
			const reply = await handle.reply();
			if (reply.content.startsWith('⚠️') || /something went wrong/i.test(reply.content))
				throw new Error(`${handle.payload.id}: ${reply.content}`);
			const embed = reply.embeds?.[0];
			const seen = [reply.content, embed?.title, embed?.description, ...(reply.attachments ?? []).map((file) => `[${file.filename}]`)]
				.filter(Boolean)
				.join(' | ');
			return { first: firstAt.get(handle.id)! - started, full: fullAt.get(handle.id)! - started, seen };
		};
		const say = (user: string, content: string, channel = general) => double.sendMessage({ channel, author: user, content });

		// Seed through the commands, as the guild's owner and members would.
		const seedStarted = performance.now();
		await run({ channel: general, user: owner.id, name: 'chapel', subcommand: 'setup', options: { channel: chapelChannel, threshold: 1 } });
		for (let i = 0; i < AUTO_REPLIES; i++) {
			const options: Record<string, OptionValue> = { trigger: `bench trigger ${i}`, response: `answer number ${i}` };
			await run({ channel: general, user: owner.id, name: 'autoreply', subcommand: 'add', options });
		}
		for (let i = 0; i < REMINDERS; i++) {
			const options = { when: `in ${i + 2} days`, what: `seeded reminder ${i}` };
			await run({ channel: general, user: members[i % members.length]!.id, name: 'remind', options });
		}
		for (let i = 0; i < CHAPEL_POSTS; i++) {
			const author = members[i % members.length]!;
			const message = await say(author.id, `a message worth blessing, number ${i}`);
			await double.react({ message, user: members[(i + 1) % members.length]!.id, emoji: '⭐' });
		}
		const deadline = Date.now() + 30_000;
		while (double.messagesIn(chapelChannel).length < CHAPEL_POSTS && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 50));
		const posts = double.messagesIn(chapelChannel).length;
		if (posts < CHAPEL_POSTS) throw new Error(`only ${posts} of ${CHAPEL_POSTS} chapel posts appeared`);
		console.log(
			`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${MEMBERS} members with XP, ${AUTO_REPLIES} auto-replies, ${REMINDERS} reminders, ${posts} chapel posts`
		);

		const samples = new Map<string, Sample[]>(BENCHES.map((bench) => [bench.label, []]));
		const cold = new Map<string, Sample>();
		for (let round = 0; round < WARMUP + ROUNDS; round++) {
			const member = members[round % members.length]!.id;
			for (let k = 0; k < BENCHES.length; k++) {
				const bench = BENCHES[(round + k) % BENCHES.length]!;
				const user = bench.label === '/autoreply list' ? owner.id : member;
				if (bench.before) await run({ channel: general, user: owner.id, ...bench.before(round) });
				const sample = await run({ channel: general, ...bench.command(user, round) });
				if (round === 0) cold.set(bench.label, sample);
				if (round >= WARMUP) samples.get(bench.label)!.push(sample);
			}
		}

		const p = (label: string, q: number, key: 'first' | 'full') =>
			percentile(
				samples.get(label)!.map((sample) => sample[key]),
				q
			);
		const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
		console.log(
			`first use after start (round 0, not timed; canvas, fonts, first queries are paid here): ${BENCHES.map((bench) => `${bench.label} ${fmt(cold.get(bench.label)!.full)}`).join(', ')}`
		);
		if (args.has('show'))
			for (const bench of BENCHES) console.log(`${bench.label}: ${cold.get(bench.label)!.seen.replace(/\s+/g, ' ').slice(0, 300)}`);
		const ping = p('/ping', 50, 'first');
		const width = Math.max(...BENCHES.map((bench) => bench.label.length));
		console.log(`${ROUNDS} rounds; p50 / p99, first response → visible reply:`);
		for (const bench of BENCHES) {
			console.log(
				`  ${bench.label.padEnd(width)} first ${fmt(p(bench.label, 50, 'first')).padStart(9)} / ${fmt(p(bench.label, 99, 'first')).padStart(9)}   reply ${fmt(p(bench.label, 50, 'full')).padStart(9)} / ${fmt(p(bench.label, 99, 'full')).padStart(9)}`
			);
		}
		printResult({
			bench: 'commands',
			metric: 'first /rank after start (informational)',
			figure: cold.get('/rank')!.full,
			unit: 'ms',
			target: '',
			met: null,
			note: 'canvas, fonts and first queries are paid on first use'
		});
		for (const bench of BENCHES.slice(1)) {
			const key = bench.image ? ('full' as const) : ('first' as const);
			const figure = p(bench.label, 50, key);
			const ratio = figure / ping;
			printResult({
				bench: 'commands',
				metric: `p50 latency: ${bench.label}${bench.image ? ' (to the image)' : ''}`,
				figure,
				unit: 'ms',
				baseline: ping,
				baselineName: '/ping p50',
				ratio,
				target: bench.image ? `≤ ${IMAGE_TARGET_MS} ms` : `≤ ${RATIO_TARGET}×`,
				met: bench.image ? figure <= IMAGE_TARGET_MS : ratio <= RATIO_TARGET,
				note: `p99 ${fmt(p(bench.label, 99, key))}; first response p50 ${fmt(p(bench.label, 50, 'first'))}; /ping p99 ${fmt(p('/ping', 99, 'first'))}; ${ROUNDS} rounds`
			});
		}
	} finally {
		await stopWorker(child);
		await double.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
