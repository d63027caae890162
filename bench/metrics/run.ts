/**
 * bench/metrics — what the metrics endpoint costs: messages per CPU-second through the real Tika (bench/router's 10
 * handlers in 3 plugins on top of every shipped plugin) with `metrics.enabled: true` against the default (off), both fed
 * by the Discord double over a real gateway connection, in separate processes running side by side, same run. The "on" side is
 * scraped every 500 ms during the run (Prometheus usually scrapes every 15 to 60 s), so the scrapes' own cost is counted.
 * Target ≥ 0.95×.
 *
 * Usage: npm run bench:metrics [-- --messages 40000 --rounds 5] (--quick or BENCH_QUICK=1: 3,000 messages, 2 rounds)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { sendChat } from '../lib/chat';
import { benchCli } from '../lib/cli';
import { median, printResult, ratioSpread } from '../lib/stats';
import { buildTika } from '../lib/build';
import { spawnWorker, stopWorker } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:metrics [-- --messages 40000 --rounds 5] [-- --quick]
  Messages per CPU-second through Tika's router with the metrics endpoint on (scraped every 500 ms) against off, both
  sides side by side, same run. Target ≥ 0.95×. --quick (or BENCH_QUICK=1): 3,000 messages, 2 rounds.`);
const MESSAGES = cli.number('messages', 40_000, 3_000);
const ROUNDS = cli.number('rounds', 5, 2);

type Mode = 'off' | 'on';

function scrape(url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		get(`${url}/metrics`, (response) => {
			let bytes = 0;
			response.on('data', (chunk: Buffer) => (bytes += chunk.length));
			response.on('end', () => resolve(bytes));
		}).on('error', reject);
	});
}

async function main() {
	// The workers run the compiled bot, as shipped (bench/lib/build.ts).
	buildTika();
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-metrics-'));
	const databaseUrls: Record<Mode, string> = { off: `file:${join(dir, 'off.db')}`, on: `file:${join(dir, 'on.db')}` };
	for (const url of Object.values(databaseUrls)) await deploy(url);
	const double = await new DiscordDouble().start();
	const author = double.createUser({ username: 'chatty' });
	const guild = double.createGuild({ name: 'Bench', ownerId: author });
	const channel = guild.createChannel('general');

	const rates: Record<Mode, number[]> = { off: [], on: [] };
	let scrapes = 0;
	let scrapeBytes = 0;
	for (let round = 0; round < ROUNDS; round++) {
		// Both sides at once, each with its own database, fed the same messages by the double: whatever else the machine
		// is doing slows both alike, so their ratio stays meaningful on a busy host.
		const sides = (['off', 'on'] as const).map((mode) => {
			const worker = spawnWorker(
				join(__dirname, 'worker.ts'),
				[mode],
				{
					DISCORD_TOKEN: double.token,
					DISCORD_API_URL: double.apiUrl,
					DATABASE_URL: databaseUrls[mode],
					BENCH_MESSAGES: String(MESSAGES)
				},
				{ compiled: true }
			);
			return { mode, ...worker, ready: worker.waitFor('READY'), done: worker.waitFor('DONE') };
		});
		const url = (await Promise.all(sides.map((side) => side.ready)))[1]!.split(' ')[1]!;
		const scraper = setInterval(() => {
			// A scrape still in flight when the worker is stopped fails; that one is simply not counted.
			scrape(url).then(
				(bytes) => {
					scrapes++;
					scrapeBytes = bytes;
				},
				() => undefined
			);
		}, 500);
		await sendChat(double, channel, author, MESSAGES, (i) => `hello there ${i}`);
		for (const side of sides) {
			const [, , cpuMs] = (await side.done).split(' ').map(Number);
			const timed = MESSAGES - Math.max(1, Math.floor(MESSAGES / 10));
			rates[side.mode].push(timed / (cpuMs! / 1000));
		}
		clearInterval(scraper);
		await Promise.all(sides.map((side) => stopWorker(side.child)));
	}
	await double.stop();
	rmSync(dir, { recursive: true, force: true });

	const off = median(rates.off);
	const on = median(rates.on);
	// Each round's two sides ran at the same time: their ratio is the one least exposed to the machine's load.
	const paired = rates.on.map((rate, index) => rate / rates.off[index]!);
	console.log(
		`runs (messages per CPU-second): off ${rates.off.map((rate) => rate.toFixed(0)).join(', ')} | on ${rates.on.map((rate) => rate.toFixed(0)).join(', ')}`
	);
	console.log(`scrapes during the "on" runs: ${scrapes} (last one ${(scrapeBytes / 1024).toFixed(1)} KiB)`);
	console.log(
		`router with metrics on: ${on.toFixed(0)} msg/CPU-s vs off ${off.toFixed(0)} msg/CPU-s → ratio ${(on / off).toFixed(3)}×; ` +
			`median of the per-round ratios ${median(paired).toFixed(3)}× (target ≥ 0.95×)`
	);
	console.log(`ratio per round (on/off, run side by side): ${paired.map((ratio) => ratio.toFixed(3)).join(', ')}`);
	// The per-round ratio's median is the figure judged: each round's two sides shared the machine's load.
	printResult({
		bench: 'metrics',
		metric: 'router with the metrics endpoint on, scraped every 500 ms',
		figure: on,
		unit: 'msg/CPU-s',
		baseline: off,
		baselineName: 'metrics off',
		ratio: median(paired),
		target: '≥ 0.95×',
		met: median(paired) >= 0.95,
		note: `median of per-round ratios; ${ratioSpread(rates.on, rates.off)}`
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
