/**
 * bench/wordfilter — messages per CPU-second through Tika's message router with the word filter holding 200 rules of
 * mixed kinds, against the same router with no rules, in the same run. Target ≥ 0.5×.
 *
 * Run: npx tsx bench/wordfilter/index.ts [--messages 20000 --rounds 3]
 *
 * Each side is the real Tika (startTika, every plugin, feature checks on) in its own process, fed by the Discord
 * double over a real gateway connection, alternating sides per round. Three databases: no rules (baseline),
 * 200 rules of which 20 are regexes (those run in the time-limited sandbox), and 200 rules without regexes.
 * Messages are ordinary clean chat (nothing is deleted), which is what a filter sees almost all the time; a hit costs
 * REST calls and database writes, not matching.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy, openDatabase } from '#core/database/index';
import { DiscordDouble } from '../../tests/support/discord-double';
import { median } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const MESSAGES = Number(args.get('messages') ?? 20_000);
const ROUNDS = Number(args.get('rounds') ?? 3);

type Mode = 'none' | 'mixed' | 'noRegex';
const MODES: Mode[] = ['none', 'mixed', 'noRegex'];
const LABEL: Record<Mode, string> = {
	none: 'no rules',
	mixed: '200 rules (80 word, 50 contains, 50 wildcard, 20 regex)',
	noRegex: '200 rules without regex'
};

/** Made-up words that ordinary chat never contains, so the filter scans every message fully and finds nothing. */
function fakeWord(seed: number): string {
	const consonants = 'bdfgkmnprtvz';
	const vowels = 'aeiou';
	let word = '';
	let value = seed * 7919 + 13;
	for (let i = 0; i < 3; i++) {
		word += consonants[value % consonants.length]! + vowels[Math.floor(value / 12) % vowels.length]!;
		value = Math.floor(value / 60) + i * 31 + seed;
	}
	return `${word}x${seed}`;
}

function rules(withRegex: boolean): { pattern: string; match: string }[] {
	const out: { pattern: string; match: string }[] = [];
	for (let i = 0; i < 200; i++) {
		const word = fakeWord(i);
		if (i < 80) out.push({ pattern: word, match: 'word' });
		else if (i < 130) out.push({ pattern: word, match: 'contains' });
		else if (i < 180)
			out.push({ pattern: i % 2 ? `${word.slice(0, 3)}*${word.slice(-3)}` : `*${word.slice(1, 5)}?${word.slice(-2)}`, match: 'wildcard' });
		else if (withRegex) out.push({ pattern: `${word.slice(0, 4)}\\w{2,5}${word.slice(-2)}`, match: 'regex' });
		else out.push({ pattern: `${word}y`, match: 'word' });
	}
	return out;
}

const CHAT = [
	'hello there, how is everyone doing today?',
	'I just had lunch, the pasta was great',
	'anyone up for a game tonight? I can host',
	'lol that meme is amazing 😂',
	'did you see the new update? the patch notes are long',
	'brb walking the dog',
	'Can someone help me with my homework? It is about fractions',
	'gg wp, that last round was close',
	'The weather here is terrible, rain all week',
	'check out my new drawing in #art, took me 6 hours'
];

function worker(double: DiscordDouble, databaseUrl: string) {
	return spawnWorker(join(__dirname, 'worker.ts'), [], {
		DISCORD_TOKEN: double.token,
		DISCORD_API_URL: double.apiUrl,
		DATABASE_URL: databaseUrl,
		BENCH_MESSAGES: String(MESSAGES)
	});
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-wordfilter-'));
	const double = await new DiscordDouble().start();
	const author = double.createUser({ username: 'chatty' });
	const guild = double.createGuild({ name: 'Bench', ownerId: author });
	const channel = guild.createChannel('general');

	const urls = {} as Record<Mode, string>;
	for (const mode of MODES) {
		urls[mode] = `file:${join(dir, `${mode}.db`)}`;
		await deploy(urls[mode]);
		if (mode === 'none') continue;
		const database = await openDatabase(urls[mode]);
		await database.prisma.wordFilterRule.createMany({
			data: rules(mode === 'mixed').map((rule) => ({ ...rule, guildId: guild.id, createdBy: author.id }))
		});
		await database.disconnect();
	}

	const rates: Record<Mode, number[]> = { none: [], mixed: [], noRegex: [] };
	for (let round = 0; round < ROUNDS; round++) {
		const order = round % 2 === 0 ? MODES : [...MODES].reverse();
		for (const mode of order) {
			const { child, waitFor } = worker(double, urls[mode]);
			await waitFor('READY');
			const done = waitFor('DONE');
			for (let sent = 0; sent < MESSAGES; sent += 500) {
				const batch = [];
				for (let i = sent; i < Math.min(MESSAGES, sent + 500); i++)
					batch.push(double.sendMessage({ channel, author, content: `${CHAT[i % CHAT.length]} ${i}` }));
				await Promise.all(batch);
			}
			const [, , cpuMs] = (await done).split(' ').map(Number);
			const timed = MESSAGES - Math.max(1, Math.floor(MESSAGES / 10));
			rates[mode].push(timed / (cpuMs! / 1000));
			await stopWorker(child);
		}
	}
	await double.stop();
	rmSync(dir, { recursive: true, force: true });

	const baseline = median(rates.none);
	for (const mode of MODES)
		console.log(`${LABEL[mode]}: ${rates[mode].map((rate) => rate.toFixed(0)).join(', ')} msg/CPU-s (median ${median(rates[mode]).toFixed(0)})`);
	for (const mode of ['mixed', 'noRegex'] as const)
		console.log(
			`router with ${LABEL[mode]}: ${median(rates[mode]).toFixed(0)} msg/CPU-s vs no rules ${baseline.toFixed(0)} msg/CPU-s → ratio ${(median(rates[mode]) / baseline).toFixed(2)}× (target ≥ 0.5×)`
		);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
