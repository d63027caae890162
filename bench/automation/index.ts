/**
 * bench/automation — messages per CPU-second through Tika's message router with message_automation on (250 mixed
 * auto-reply triggers, link fixing on) against the same router with the plugin off, in the same run. Target ≥ 0.6×.
 *
 * Usage: npm run bench:automation [-- --messages 20000 --rounds 3] (--quick or BENCH_QUICK=1: 2,000 messages, 2 rounds)
 *
 * Each side is the real Tika (startTika, every plugin, feature checks on) in its own process, fed by the Discord
 * double over a real gateway connection, alternating sides per round. Sides: the plugin off; on with no triggers
 * (the link fixer alone); on with 250 triggers (40 exact, 40 starts_with, 60 word, 50 contains, 40 wildcard, 20 regex
 * run in the time-limited sandbox). The messages are ordinary chat that fires nothing, one in ten carrying a link to a
 * site Tika does not fix: what the plugin sees almost all the time. A fired reply or a fixed link costs REST calls,
 * not matching, and is measured by the e2e tests' behaviour rather than here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy, openDatabase } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { CHAT_WITH_LINK as CHAT, sendChat } from '../lib/chat';
import { benchCli } from '../lib/cli';
import { seedAutoReplies } from '../lib/seed';
import { median, printResult, ratioSpread } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:automation [-- --messages 20000 --rounds 3] [-- --quick]
  Messages per CPU-second through Tika's router with message_automation on (link fixing alone, and with 250 auto-reply
  triggers) against the plugin off, same run. Target ≥ 0.6×. --quick (or BENCH_QUICK=1): 2,000 messages, 2 rounds.`);
const MESSAGES = cli.number('messages', 20_000, 2_000);
const ROUNDS = cli.number('rounds', 3, 2);

type Side = 'off' | 'empty' | 'full';
const SIDES: Side[] = ['off', 'empty', 'full'];
const LABEL: Record<Side, string> = {
	off: 'message_automation off',
	empty: 'on, link fixing only (no triggers)',
	full: 'on, 250 triggers + link fixing'
};

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-automation-'));
	const double = await new DiscordDouble().start();
	const author = double.createUser({ username: 'chatty' });
	const guild = double.createGuild({ name: 'Bench', ownerId: author });
	const channel = guild.createChannel('general');

	const urls = {} as Record<Side, string>;
	for (const side of SIDES) {
		urls[side] = `file:${join(dir, `${side}.db`)}`;
		await deploy(urls[side]);
		if (side !== 'full') continue;
		const database = await openDatabase(urls[side]);
		await seedAutoReplies(database.prisma, guild.id, author.id);
		await database.disconnect();
	}

	const rates: Record<Side, number[]> = { off: [], empty: [], full: [] };
	for (let round = 0; round < ROUNDS; round++) {
		for (const side of round % 2 === 0 ? SIDES : [...SIDES].reverse()) {
			const { child, waitFor } = spawnWorker(join(__dirname, 'worker.ts'), [], {
				DISCORD_TOKEN: double.token,
				DISCORD_API_URL: double.apiUrl,
				DATABASE_URL: urls[side],
				BENCH_MESSAGES: String(MESSAGES),
				BENCH_AUTOMATION: side === 'off' ? 'off' : 'on'
			});
			await waitFor('READY');
			const done = waitFor('DONE');
			await sendChat(double, channel, author, MESSAGES, (i) => `${CHAT[i % CHAT.length]} ${i}`);
			const [, , cpuMs] = (await done).split(' ').map(Number);
			const timed = MESSAGES - Math.max(1, Math.floor(MESSAGES / 10));
			rates[side].push(timed / (cpuMs! / 1000));
			await stopWorker(child);
		}
	}
	// Nothing fired: a reply in the bench would mean a trigger matched ordinary chat.
	const replies = double.requests.filter((request) => request.method === 'POST' && request.route === '/channels/:channel/messages').length;
	await double.stop();
	rmSync(dir, { recursive: true, force: true });

	const baseline = median(rates.off);
	for (const side of SIDES)
		console.log(`${LABEL[side]}: ${rates[side].map((rate) => rate.toFixed(0)).join(', ')} msg/CPU-s (median ${median(rates[side]).toFixed(0)})`);
	for (const side of ['empty', 'full'] as const) {
		const ratios = rates[side].map((rate, index) => (rate / rates.off[index]!).toFixed(2));
		const figure = median(rates[side]);
		console.log(
			`router with ${LABEL[side]}: ${figure.toFixed(0)} vs off ${baseline.toFixed(0)} msg/CPU-s → ratio ${(figure / baseline).toFixed(2)}× (per round ${ratios.join(', ')}; target ≥ 0.6×)`
		);
		printResult({
			bench: 'automation',
			metric: `router with message_automation ${LABEL[side]}`,
			figure,
			unit: 'msg/CPU-s',
			baseline,
			baselineName: 'plugin off',
			target: '≥ 0.6×',
			met: figure / baseline >= 0.6,
			note: `${ratioSpread(rates[side], rates.off)}${replies ? `; ${replies} messages posted, expected 0` : ''}`
		});
	}
	console.log(`messages Tika posted during the bench: ${replies} (expected 0)`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
