/**
 * bench/metrics — what the metrics endpoint costs: messages per CPU-second through the real Tika (bench/router's 10
 * handlers in 3 plugins on top of every shipped plugin) with `metrics.enabled: true` against the default (off), both fed
 * by the Discord double over a real gateway connection, in separate processes, alternating, same run. The "on" side is
 * scraped every 500 ms during the run (Prometheus usually scrapes every 15 to 60 s), so the scrapes' own cost is counted.
 * Target ≥ 0.95×.
 *
 * Usage: npm run bench:metrics [-- --messages 40000 --rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { median } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const MESSAGES = Number(args.get('messages') ?? 40_000);
const ROUNDS = Number(args.get('rounds') ?? 5);

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
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-metrics-'));
	const databaseUrl = `file:${join(dir, 'tika.db')}`;
	await deploy(databaseUrl);
	const double = await new DiscordDouble().start();
	const author = double.createUser({ username: 'chatty' });
	const guild = double.createGuild({ name: 'Bench', ownerId: author });
	const channel = guild.createChannel('general');

	const rates: Record<Mode, number[]> = { off: [], on: [] };
	let scrapes = 0;
	let scrapeBytes = 0;
	for (let round = 0; round < ROUNDS; round++) {
		for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
			const { child, waitFor } = spawnWorker(join(__dirname, 'worker.ts'), [mode], {
				DISCORD_TOKEN: double.token,
				DISCORD_API_URL: double.apiUrl,
				DATABASE_URL: databaseUrl,
				BENCH_MESSAGES: String(MESSAGES)
			});
			const url = (await waitFor('READY')).split(' ')[1];
			const done = waitFor('DONE');
			const scraper = url
				? setInterval(() => {
						// A scrape still in flight when the worker is stopped fails; that one is simply not counted.
						scrape(url).then(
							(bytes) => {
								scrapes++;
								scrapeBytes = bytes;
							},
							() => undefined
						);
					}, 500)
				: null;
			for (let sent = 0; sent < MESSAGES; sent += 500) {
				const batch = [];
				for (let i = sent; i < Math.min(MESSAGES, sent + 500); i++)
					batch.push(double.sendMessage({ channel, author, content: `hello there ${i}` }));
				await Promise.all(batch);
			}
			const [, , cpuMs] = (await done).split(' ').map(Number);
			if (scraper) clearInterval(scraper);
			const timed = MESSAGES - Math.max(1, Math.floor(MESSAGES / 10));
			rates[mode].push(timed / (cpuMs! / 1000));
			await stopWorker(child);
		}
	}
	await double.stop();
	rmSync(dir, { recursive: true, force: true });

	const off = median(rates.off);
	const on = median(rates.on);
	// Each round's two sides ran back to back: their ratio is less exposed to the machine's drift than the medians'.
	const paired = rates.on.map((rate, index) => rate / rates.off[index]!);
	console.log(
		`runs (messages per CPU-second): off ${rates.off.map((rate) => rate.toFixed(0)).join(', ')} | on ${rates.on.map((rate) => rate.toFixed(0)).join(', ')}`
	);
	console.log(`scrapes during the "on" runs: ${scrapes} (last one ${(scrapeBytes / 1024).toFixed(1)} KiB)`);
	console.log(
		`router with metrics on: ${on.toFixed(0)} msg/CPU-s vs off ${off.toFixed(0)} msg/CPU-s → ratio ${(on / off).toFixed(3)}×; ` +
			`median of the per-round ratios ${median(paired).toFixed(3)}× (target ≥ 0.95×)`
	);
	console.log(`ratio per round (on/off, back to back): ${paired.map((ratio) => ratio.toFixed(3)).join(', ')}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
