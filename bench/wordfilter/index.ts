/**
 * bench/wordfilter — messages per CPU-second through Tika's message router with the word filter holding 200 rules of
 * mixed kinds, against the same router with no rules, in the same run. Target ≥ 0.5×.
 *
 * Usage: npm run bench:wordfilter [-- --messages 20000 --rounds 3] (--quick or BENCH_QUICK=1: 2,000 messages, 2 rounds)
 *
 * Each side is the real Tika (startTika, every plugin, feature checks on) in its own process, fed by the Discord
 * double over a real gateway connection, alternating sides per round. Three databases: no rules (baseline),
 * 200 rules of which 20 are regexes (those run in the time-limited sandbox), and 200 rules without regexes.
 * Messages are ordinary clean chat (nothing is deleted), which is what a filter sees almost all the time; a hit costs
 * REST calls and database writes, not matching. Then, in this process: what loading 200 rules costs the main thread
 * (compile and the first match in every bucket) against the same matches warm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy, openDatabase } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { CHAT, sendChat } from '../lib/chat';
import { benchCli } from '../lib/cli';
import { compileRules } from '../../src/plugins/moderation/lib/filter/compile';
import type { MatchKind } from '../../src/plugins/moderation/lib/filter/validate';
import { filterRules, seedFilterRules } from '../lib/seed';
import { median, printResult, ratioSpread } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:wordfilter [-- --messages 20000 --rounds 3] [-- --quick]
  Messages per CPU-second through Tika's router with 200 word filter rules (with and without regex rules) against no
  rules, same run. Target ≥ 0.5×. --quick (or BENCH_QUICK=1): 2,000 messages, 2 rounds.`);
const MESSAGES = cli.number('messages', 20_000, 2_000);
const ROUNDS = cli.number('rounds', 3, 2);

type Mode = 'none' | 'mixed' | 'noRegex';
const MODES: Mode[] = ['none', 'mixed', 'noRegex'];
const LABEL: Record<Mode, string> = {
	none: 'no rules',
	mixed: '200 rules (80 word, 50 contains, 50 wildcard, 20 regex)',
	noRegex: '200 rules without regex'
};

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
		await seedFilterRules(database.prisma, guild.id, author.id, mode === 'mixed');
		await database.disconnect();
	}

	const rates: Record<Mode, number[]> = { none: [], mixed: [], noRegex: [] };
	for (let round = 0; round < ROUNDS; round++) {
		const order = round % 2 === 0 ? MODES : [...MODES].reverse();
		for (const mode of order) {
			const { child, waitFor } = worker(double, urls[mode]);
			await waitFor('READY');
			const done = waitFor('DONE');
			await sendChat(double, channel, author, MESSAGES, (i) => `${CHAT[i % CHAT.length]} ${i}`);
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
	coldRules();
	for (const mode of ['mixed', 'noRegex'] as const) {
		const figure = median(rates[mode]);
		console.log(
			`router with ${LABEL[mode]}: ${figure.toFixed(0)} msg/CPU-s vs no rules ${baseline.toFixed(0)} msg/CPU-s → ratio ${(figure / baseline).toFixed(2)}× (target ≥ 0.5×)`
		);
		printResult({
			bench: 'wordfilter',
			metric: `router with ${LABEL[mode]}`,
			figure,
			unit: 'msg/CPU-s',
			baseline,
			baselineName: 'no rules',
			target: '≥ 0.5×',
			met: figure / baseline >= 0.5,
			note: ratioSpread(rates[mode], rates.none)
		});
	}
}

/**
 * What a guild pays when its rules (re)load: compiling 200 rules, then the first match in every bucket (each rule's
 * pattern spelled with dots, so that every generated expression runs once), on the main thread; against the same
 * texts again once everything is compiled. Informational: it used to be ≈ 3 s (Unicode property classes compiled
 * per occurrence), see compile.ts.
 */
function coldRules(): void {
	const rules = filterRules(false).map((rule, index) => ({ id: index + 1, pattern: rule.pattern, match: rule.match as MatchKind }));
	const texts = rules.map((rule) => `well ${rule.pattern.replace(/[*?]/g, 'x').split('').join('.')} then`);
	const started = performance.now();
	const filter = compileRules(rules);
	for (const text of texts) filter.match(text);
	const cold = performance.now() - started;
	const warm: number[] = [];
	for (let round = 0; round < 5; round++) {
		const again = performance.now();
		for (const text of texts) filter.match(text);
		warm.push(performance.now() - again);
	}
	const baseline = median(warm);
	console.log(
		`rules loaded → first match in every bucket: ${cold.toFixed(1)} ms (compile included) vs ${baseline.toFixed(1)} ms for the same ${texts.length} texts warm → ${(cold / baseline).toFixed(1)}×`
	);
	printResult({
		bench: 'wordfilter',
		metric: '200 rules loaded: compile and first match in every bucket (main thread)',
		figure: cold,
		unit: 'ms',
		baseline,
		baselineName: 'the same texts, warm',
		target: '',
		met: null,
		note: `${texts.length} texts`
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
