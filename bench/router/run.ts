/**
 * bench/router — messages per second through Tika's message router (10 no-op handlers in 3
 * plugins, feature checks on) against a bare discord.js messageCreate listener, both fed by the
 * Discord double over a real gateway connection, in separate processes, alternating, same run.
 * Target ≥ 0.8×.
 *
 * Usage: npm run bench:router [-- --messages 20000 --rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { median, printResult, ratioSpread } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
/** BENCH_QUICK=1 (npm run bench -- --quick): 5,000 messages a round. */
const MESSAGES = Number(args.get('messages') ?? (process.env.BENCH_QUICK === '1' ? 5_000 : 20_000));
const ROUNDS = Number(args.get('rounds') ?? 3);

function worker(mode: 'bare' | 'tika', double: DiscordDouble, databaseUrl: string) {
	return spawnWorker(join(__dirname, 'worker.ts'), [mode], {
		DISCORD_TOKEN: double.token,
		DISCORD_API_URL: double.apiUrl,
		DATABASE_URL: databaseUrl,
		BENCH_MESSAGES: String(MESSAGES)
	});
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-router-'));
	const databaseUrl = `file:${join(dir, 'tika.db')}`;
	await deploy(databaseUrl);
	const double = await new DiscordDouble().start();
	const author = double.createUser({ username: 'chatty' });
	const guild = double.createGuild({ name: 'Bench', ownerId: author });
	const channel = guild.createChannel('general');

	// Messages per CPU-second of the receiving process (see worker.ts), and per wall-clock second for reference.
	const rates: Record<'bare' | 'tika', number[]> = { bare: [], tika: [] };
	const wall: Record<'bare' | 'tika', number[]> = { bare: [], tika: [] };
	for (let round = 0; round < ROUNDS; round++) {
		for (const mode of round % 2 === 0 ? (['bare', 'tika'] as const) : (['tika', 'bare'] as const)) {
			const { child, waitFor } = worker(mode, double, databaseUrl);
			await waitFor('READY');
			const done = waitFor('DONE');
			// Send in chunks so the double is never the bottleneck waiting on itself.
			for (let sent = 0; sent < MESSAGES; sent += 500) {
				const batch = [];
				for (let i = sent; i < Math.min(MESSAGES, sent + 500); i++)
					batch.push(double.sendMessage({ channel, author, content: `hello there ${i}` }));
				await Promise.all(batch);
			}
			const [, wallMs, cpuMs] = (await done).split(' ').map(Number);
			const timed = MESSAGES - Math.max(1, Math.floor(MESSAGES / 10));
			rates[mode].push(timed / (cpuMs! / 1000));
			wall[mode].push(timed / (wallMs! / 1000));
			await stopWorker(child);
		}
	}
	await double.stop();
	rmSync(dir, { recursive: true, force: true });

	const bare = median(rates.bare);
	const tika = median(rates.tika);
	console.log(
		`wall-clock (messages/s, bounded by the sender): bare ${wall.bare.map((rate) => rate.toFixed(0)).join(', ')} | Tika ${wall.tika.map((rate) => rate.toFixed(0)).join(', ')}`
	);
	console.log(
		`runs (messages per CPU-second): bare ${rates.bare.map((rate) => rate.toFixed(0)).join(', ')} | Tika ${rates.tika.map((rate) => rate.toFixed(0)).join(', ')}`
	);
	console.log(
		`router with 10 handlers in 3 plugins: ${tika.toFixed(0)} msg/CPU-s vs bare listener ${bare.toFixed(0)} msg/CPU-s → ratio ${(tika / bare).toFixed(2)}× (target ≥ 0.8×)`
	);
	printResult({
		bench: 'router',
		metric: 'router, 10 bench handlers in 3 plugins',
		figure: tika,
		unit: 'msg/CPU-s',
		baseline: bare,
		baselineName: 'bare messageCreate listener',
		target: '≥ 0.8×',
		met: tika / bare >= 0.8,
		note: ratioSpread(rates.tika, rates.bare)
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
