/**
 * bench/xp-pipeline — messages per CPU-second through Tika's router with progression on (SQLite file, default
 * settings, cooldown 0, 1,000 distinct authors), against a bare discord.js messageCreate listener measured in the
 * same run, in separate processes, alternating. Also counts database statements per 10,000 messages.
 * Targets: ratio ≥ 0.5×, ≤ 50 statements per 10,000 messages.
 *
 * Usage: npm run bench:xp [-- --messages 10000 --rounds 3] (--quick or BENCH_QUICK=1: 2,000 messages, 2 rounds)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { benchCli } from '../lib/cli';
import { median, printResult, ratioLine, ratioSpread } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:xp [-- --messages 10000 --rounds 3] [-- --quick]
  Messages per CPU-second through Tika's router with progression on (1,000 authors, cooldown 0) against a bare
  messageCreate listener, same run, and database statements per 10,000 messages. Targets ≥ 0.5×, ≤ 50 statements.
  --quick (or BENCH_QUICK=1): 2,000 messages, 2 rounds.`);
const MESSAGES = cli.number('messages', 10_000, 2_000);
const ROUNDS = cli.number('rounds', 3, 2);
const USERS = 1_000;

function worker(mode: 'bare' | 'tika', double: DiscordDouble, databaseUrl: string, guildId: string) {
	return spawnWorker(join(__dirname, 'worker.ts'), [mode], {
		DISCORD_TOKEN: double.token,
		DISCORD_API_URL: double.apiUrl,
		DATABASE_URL: databaseUrl,
		BENCH_MESSAGES: String(MESSAGES),
		BENCH_GUILD_ID: guildId,
		...(process.env.BENCH_SQL_DEBUG ? { BENCH_SQL_DEBUG: '1' } : {})
	});
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-xp-'));
	const databaseUrl = `file:${join(dir, 'tika.db')}`;
	await deploy(databaseUrl);
	const double = await new DiscordDouble().start();
	const owner = double.createUser({ username: 'owner' });
	const guild = double.createGuild({ name: 'XP Bench', ownerId: owner });
	const channel = guild.createChannel('general');
	const authors = guild.addMembers(USERS).map((member) => member.user);

	const rates: Record<'bare' | 'tika', number[]> = { bare: [], tika: [] };
	const statements: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		for (const mode of round % 2 === 0 ? (['bare', 'tika'] as const) : (['tika', 'bare'] as const)) {
			const { child, waitFor } = worker(mode, double, databaseUrl, guild.id);
			await waitFor('READY');
			const done = waitFor('DONE');
			for (let sent = 0; sent < MESSAGES; sent += 500) {
				const batch = [];
				for (let i = sent; i < Math.min(MESSAGES, sent + 500); i++)
					batch.push(double.sendMessage({ channel, author: authors[i % USERS]!, content: `hello there, message number ${i}` }));
				await Promise.all(batch);
			}
			const [, , cpuMs, count] = (await done).split(' ').map(Number);
			const timed = MESSAGES - Math.max(1, Math.floor(MESSAGES / 10));
			rates[mode].push(timed / (cpuMs! / 1000));
			if (mode === 'tika') statements.push((count! / timed) * 10_000);
			await stopWorker(child);
		}
	}
	await double.stop();
	rmSync(dir, { recursive: true, force: true });

	console.log(
		`runs (messages per CPU-second): bare ${rates.bare.map((r) => r.toFixed(0)).join(', ')} | Tika+progression ${rates.tika.map((r) => r.toFixed(0)).join(', ')}`
	);
	console.log(
		ratioLine('XP pipeline (router + progression, 1,000 authors, cooldown 0)', median(rates.tika), median(rates.bare), 'msg/CPU-s', '≥ 0.5×')
	);
	console.log(
		`database statements per 10,000 messages (incl. the final flush): ${statements.map((s) => s.toFixed(0)).join(', ')} → median ${median(statements).toFixed(0)} (target ≤ 50)`
	);
	const tika = median(rates.tika);
	const bare = median(rates.bare);
	printResult({
		bench: 'xp',
		metric: 'router + progression, 1,000 authors, cooldown 0',
		figure: tika,
		unit: 'msg/CPU-s',
		baseline: bare,
		baselineName: 'bare messageCreate listener',
		target: '≥ 0.5×',
		met: tika / bare >= 0.5,
		note: ratioSpread(rates.tika, rates.bare)
	});
	printResult({
		bench: 'xp',
		metric: 'database statements per 10,000 messages (incl. the final flush)',
		figure: median(statements),
		unit: '',
		target: '≤ 50',
		met: median(statements) <= 50
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
