/**
 * bench/router — messages per CPU-second through Tika's message router against a bare discord.js messageCreate
 * listener, all fed by the Discord double over a real gateway connection, in separate processes, alternating, same
 * run. Target (issue #18) ≥ 0.8× with every shipped plugin enabled in the guild:
 *
 * - every plugin: XP (progression, default settings), the word filter with 200 rules (20 of them regexes), auto-replies
 *   with 250 triggers, link fixing, activity counting, word chain (a game running in another channel), AI chat (on,
 *   never mentioned; its model is a local double that must receive no request) and chapel (a board, no autostar
 *   channel). After each run the worker reports the router's per-handler counters: every shipped handler must have
 *   been called for every message and skipped none (a skipped call means its feature was off), and the filter and
 *   auto-reply caches must hold their 200 rules and 250 triggers; the bench fails otherwise.
 * - router only, as before: config.yml as shipped, an empty database, and 10 no-op handlers in 3 plugins
 *   (bench/router/plugins), feature checks on. Informational.
 *
 * The messages are ordinary chat from 100 members, one in ten with a link to a site Tika does not fix: nothing fires,
 * which is what these handlers see almost all the time. The spread is the per-round ratio range.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy, openDatabase } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { OpenAIDouble } from '../../tests/support/openai-double';
import { CHAT_WITH_LINK, sendChatFrom } from '../lib/chat';
import { benchCli } from '../lib/cli';
import { seedAutoReplies, seedFilterRules } from '../lib/seed';
import { median, printResult, ratioSpread } from '../lib/stats';
import { buildTika } from '../lib/build';
import { spawnWorker, stopWorker } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:router [-- --messages 20000 --rounds 5] [-- --quick]
  Messages per CPU-second through Tika's router with every shipped plugin enabled and configured (and, beside it, the
  router with 10 no-op handlers) against a bare messageCreate listener, same run. Target ≥ 0.8×.
  --quick (or BENCH_QUICK=1): 3,000 messages, 2 rounds.`);
const MESSAGES = cli.number('messages', 20_000, 3_000);
const ROUNDS = cli.number('rounds', 5, 2);
const AUTHORS = 100;

type Side = 'bare' | 'tika' | 'full';
const SIDES: Side[] = ['bare', 'tika', 'full'];
/** The shipped message handlers the `full` side must have run for every message, by plugin. */
const EXPECTED = ['moderation', 'message_automation', 'progression', 'server_tools', 'word_games', 'ai_chat', 'chapel'];

interface HandlerRow {
	name: string;
	plugin: string | null;
	calls: number;
	handled: number;
	errors: number;
	skipped: number;
	/** Median wall time per call in ms, over the router's recent timed calls (one message in 8). */
	p50Ms: number;
}
interface Stats {
	handlers: HandlerRow[];
	filterRules: number | null;
	autoReplyTriggers: number | null;
}

/** What is wrong with the `full` side's run, if anything: a plugin that did not run, or a cache without its rules. */
function problems(stats: Stats): string[] {
	const out: string[] = [];
	for (const plugin of EXPECTED) {
		const rows = stats.handlers.filter((row) => row.plugin === plugin);
		if (rows.length === 0) out.push(`${plugin}: no message handler loaded`);
		for (const row of rows) {
			if (row.calls < MESSAGES) out.push(`${row.name}: ${row.calls} calls for ${MESSAGES} messages`);
			if (row.skipped > 0) out.push(`${row.name}: skipped ${row.skipped} (feature off?)`);
			if (row.errors > 0) out.push(`${row.name}: ${row.errors} errors`);
		}
	}
	if (stats.filterRules !== 200) out.push(`word filter holds ${stats.filterRules} rules, not 200`);
	if (stats.autoReplyTriggers !== 250) out.push(`auto-replies hold ${stats.autoReplyTriggers} triggers, not 250`);
	return out;
}

async function main() {
	// The workers run the compiled bot, as shipped (bench/lib/build.ts).
	buildTika();
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-router-'));
	const double = await new DiscordDouble().start();
	const ai = await new OpenAIDouble({ apiKey: 'bench-key' }).start();
	const owner = double.createUser({ username: 'owner' });
	const guild = double.createGuild({ name: 'Bench', ownerId: owner });
	const channel = guild.createChannel('general');
	const wordChain = guild.createChannel('word-chain');
	const chapel = guild.createChannel('chapel');
	const authors = guild.addMembers(AUTHORS).map((member) => member.user);

	// Router only: an empty database. Every plugin: the guild configured as an active server would have it.
	const urls: Record<Exclude<Side, 'bare'>, string> = { tika: `file:${join(dir, 'empty.db')}`, full: `file:${join(dir, 'full.db')}` };
	for (const url of Object.values(urls)) await deploy(url);
	const database = await openDatabase(urls.full);
	await seedFilterRules(database.prisma, guild.id, owner.id);
	await seedAutoReplies(database.prisma, guild.id, owner.id);
	await database.prisma.wordChain.create({ data: { channelId: wordChain.id, guildId: guild.id, startedBy: owner.id } });
	await database.prisma.chapelBoard.create({
		data: {
			guildId: guild.id,
			channelId: chapel.id,
			emojis: ['⭐'],
			threshold: 3,
			ignoredChannels: [],
			autostarChannels: [],
			createdBy: owner.id
		}
	});
	await database.disconnect();

	// Messages per CPU-second of the receiving process (see bench/lib/bench-worker.ts), and per wall-clock second for reference.
	const rates: Record<Side, number[]> = { bare: [], tika: [], full: [] };
	const wall: Record<Side, number[]> = { bare: [], tika: [], full: [] };
	let stats: Stats | undefined;
	for (let round = 0; round < ROUNDS; round++) {
		for (const side of round % 2 === 0 ? SIDES : [...SIDES].reverse()) {
			const { child, waitFor, processed } = spawnWorker(
				join(__dirname, 'worker.ts'),
				[side],
				{
					DISCORD_TOKEN: double.token,
					DISCORD_API_URL: double.apiUrl,
					DATABASE_URL: side === 'full' ? urls.full : urls.tika,
					BENCH_MESSAGES: String(MESSAGES),
					BENCH_GUILD_ID: guild.id,
					AI_API_KEY: 'bench-key',
					BENCH_AI_URL: ai.baseURL
				},
				{ compiled: true }
			);
			await waitFor('READY');
			const done = waitFor('DONE');
			const statsLine = side === 'full' ? waitFor('STATS') : null;
			// Paced: the worker is never more than BACKLOG messages behind (see sendChatFrom).
			await sendChatFrom(double, channel, authors, MESSAGES, (i) => `${CHAT_WITH_LINK[i % CHAT_WITH_LINK.length]} ${i}`, processed);
			const [, wallMs, cpuMs] = (await done).split(' ').map(Number);
			const timed = MESSAGES - Math.max(1, Math.floor(MESSAGES / 10));
			rates[side].push(timed / (cpuMs! / 1000));
			wall[side].push(timed / (wallMs! / 1000));
			if (statsLine) {
				stats = JSON.parse((await statsLine).slice('STATS '.length)) as Stats;
				const wrong = problems(stats);
				if (wrong.length) throw new Error(`bench/router: not every plugin ran as configured:\n  ${wrong.join('\n  ')}`);
			}
			await stopWorker(child);
		}
	}
	// Nothing fired: a post would mean a trigger or a filter rule matched ordinary chat, a model request that AI chat answered.
	const posts = double.requests.filter((request) => request.method === 'POST' && request.route === '/channels/:channel/messages').length;
	const modelRequests = ai.requests.length;
	await ai.stop();
	await double.stop();
	rmSync(dir, { recursive: true, force: true });
	if (modelRequests > 0) throw new Error(`bench/router: AI chat called its model ${modelRequests} times; it must not`);

	const list = (values: number[]) => values.map((rate) => rate.toFixed(0)).join(', ');
	console.log(
		`wall-clock (messages/s, bounded by the sender): bare ${list(wall.bare)} | router only ${list(wall.tika)} | every plugin ${list(wall.full)}`
	);
	console.log(`runs (messages per CPU-second): bare ${list(rates.bare)} | router only ${list(rates.tika)} | every plugin ${list(rates.full)}`);
	console.log(
		`handler calls in the last "every plugin" run (${MESSAGES} messages): ` +
			stats!.handlers.map((row) => `${row.plugin ?? '?'}/${row.name} ${row.calls}${row.skipped ? ` (${row.skipped} skipped)` : ''}`).join(', ')
	);
	console.log(
		`median time per call at the end of the last "every plugin" run, as the router timed it (µs): ` +
			stats!.handlers.map((row) => `${row.name} ${(row.p50Ms * 1000).toFixed(1)}`).join(', ')
	);
	console.log(
		`loaded: ${stats!.filterRules} word filter rules, ${stats!.autoReplyTriggers} auto-reply triggers; posts during the bench ${posts} (expected 0); model requests ${modelRequests}`
	);
	const bare = median(rates.bare);
	for (const [side, label, target] of [
		['full', 'router, every shipped plugin on and configured', '≥ 0.8×'],
		['tika', 'router only: 10 no-op handlers in 3 plugins, shipped config, empty database', '']
	] as const) {
		const figure = median(rates[side]);
		console.log(
			`${label}: ${figure.toFixed(0)} msg/CPU-s vs bare listener ${bare.toFixed(0)} msg/CPU-s → ratio ${(figure / bare).toFixed(2)}×${target ? ` (target ${target})` : ''}`
		);
		printResult({
			bench: 'router',
			metric: label,
			figure,
			unit: 'msg/CPU-s',
			baseline: bare,
			baselineName: 'bare messageCreate listener',
			target,
			met: target ? figure / bare >= 0.8 : null,
			note: `${ratioSpread(rates[side], rates.bare)}${side === 'full' && posts ? `; ${posts} messages posted, expected 0` : ''}`
		});
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
