/**
 * bench/automation — messages per CPU-second through Tika's message router with message_automation on (250 mixed
 * auto-reply triggers, link fixing on) against the same router with the plugin off, in the same run. Target ≥ 0.6×.
 *
 * Run: npm run bench:automation [-- --messages 20000 --rounds 3]
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
import { buildDraft } from '../../src/plugins/message_automation/lib/autoreply/draft';
import type { MatchKind } from '../../src/plugins/message_automation/lib/autoreply/kinds';
import { DiscordDouble } from '../../src/playground/double';
import { benchArgs, CHAT as BASE_CHAT, fakeWord, sendChat } from '../lib/chat';
import { median } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const { messages: MESSAGES, rounds: ROUNDS } = benchArgs();

type Side = 'off' | 'empty' | 'full';
const SIDES: Side[] = ['off', 'empty', 'full'];
const LABEL: Record<Side, string> = {
	off: 'message_automation off',
	empty: 'on, link fixing only (no triggers)',
	full: 'on, 250 triggers + link fixing'
};

/** 250 triggers of every kind, validated and normalised by the plugin's own draft builder, as /autoreply add would. */
function triggers(): { trigger: string; match: MatchKind }[] {
	const out: { trigger: string; match: MatchKind }[] = [];
	const kinds: [MatchKind, number][] = [
		['exact', 40],
		['starts_with', 40],
		['word', 60],
		['contains', 50],
		['wildcard', 40],
		['regex', 20]
	];
	let seed = 0;
	for (const [match, count] of kinds) {
		for (let i = 0; i < count; i++, seed++) {
			const word = fakeWord(seed, 'q');
			const trigger =
				match === 'wildcard'
					? `${word.slice(0, 3)}*${word.slice(-3)}`
					: match === 'regex'
						? `${word.slice(0, 4)}\\w{2,5}${word.slice(-2)}`
						: match === 'starts_with' || match === 'exact'
							? `${word} ${fakeWord(seed + 1000, 'q')}`
							: word;
			out.push({ trigger, match });
		}
	}
	return out;
}

/** Ordinary chat, one line in ten with a link to a site Tika does not fix. */
const CHAT = [...BASE_CHAT.slice(0, 9), 'look at this https://example.com/articles/2026/weather-report?ref=home'];

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
		const lookup = { channel: () => true, role: () => true };
		const data = triggers().map(({ trigger, match }) => {
			const built = buildDraft({ trigger, match, response: `You said ${trigger.slice(0, 20)}, {user}` }, null, lookup);
			if (!built.ok) throw new Error(`bench trigger ${match} ${trigger} refused: ${built.reason}`);
			const { draft } = built;
			return {
				guildId: guild.id,
				trigger: draft.trigger,
				normalized: draft.normalized,
				match: draft.match,
				responses: draft.responses as unknown as object,
				mode: draft.mode,
				deleteTrigger: draft.deleteTrigger,
				chance: draft.chance,
				cooldownSeconds: draft.cooldownSeconds,
				cooldownScope: draft.cooldownScope,
				scope: draft.scope as unknown as object,
				createdBy: author.id
			};
		});
		const database = await openDatabase(urls[side]);
		await database.prisma.autoReplyTrigger.createMany({ data });
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
		console.log(
			`router with ${LABEL[side]}: ${median(rates[side]).toFixed(0)} vs off ${baseline.toFixed(0)} msg/CPU-s → ratio ${(median(rates[side]) / baseline).toFixed(2)}× (per round ${ratios.join(', ')}; target ≥ 0.6×)`
		);
	}
	console.log(`messages Tika posted during the bench: ${replies} (expected 0)`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
