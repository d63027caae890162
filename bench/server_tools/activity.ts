/**
 * bench/server_tools — the cost of keeping /serverstats' activity counts: Tika's way (count in memory, one
 * upsert-increment per guild/day/channel bucket per flush) against the naive way (one upsert per message), on the
 * same fresh SQLite database, same messages, alternating, same run. Target ≤ 0.05× of the naive time.
 *
 * Usage: npm run bench:server-tools [-- --messages 5000 --channels 20 --rounds 3] (--quick or BENCH_QUICK=1: 1,000
 * messages, 2 rounds)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '#core/database/index';
import { ActivityCounter, dayKey } from '../../src/plugins/server_tools/lib/activity';
import { prismaSink } from '../../src/plugins/server_tools/lib/activityStore';
import { benchCli } from '../lib/cli';
import { median, printResult, ratioLine, ratioSpread } from '../lib/stats';

const cli = benchCli(`Usage: npm run bench:server-tools [-- --messages 5000 --channels 20 --rounds 3] [-- --quick]
  /serverstats' activity counting (in memory, one flush) against one upsert per message, same SQLite database, same
  run. Target ≤ 0.05×. --quick (or BENCH_QUICK=1): 1,000 messages, 2 rounds.`);
const MESSAGES = cli.number('messages', 5_000, 1_000);
const CHANNELS = cli.number('channels', 20);
const ROUNDS = cli.number('rounds', 3, 2);

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-activity-'));
	const database = await openDatabase(pathToFileURL(join(dir, 'bench.db')).href, { migrate: true });
	const prisma = database.prisma;
	const messages = Array.from({ length: MESSAGES }, (_, index) => ({ channelId: `c${index % CHANNELS}` }));
	const naive: number[] = [];
	const batched: number[] = [];
	try {
		for (let round = 0; round < ROUNDS; round++) {
			let started = performance.now();
			const day = dayKey(Date.now());
			for (const { channelId } of messages) {
				await prisma.channelActivity.upsert({
					where: { guildId_day_channelId: { guildId: `naive${round}`, day, channelId } },
					create: { guildId: `naive${round}`, day, channelId, messages: 1 },
					update: { messages: { increment: 1 } }
				});
			}
			naive.push(performance.now() - started);

			started = performance.now();
			const counter = new ActivityCounter();
			for (const { channelId } of messages) counter.record(`tika${round}`, channelId);
			await counter.flush(prismaSink(prisma));
			batched.push(performance.now() - started);
		}
		const total = await prisma.channelActivity.aggregate({ _sum: { messages: true } });
		console.log(
			`${MESSAGES} messages over ${CHANNELS} channels, ${ROUNDS} rounds; rows hold ${total._sum.messages} counts (2 × ${MESSAGES * ROUNDS} expected)`
		);
		console.log(ratioLine('activity counting (count + one flush vs one upsert per message)', median(batched), median(naive), 'ms', '≤ 0.05×'));
		printResult({
			bench: 'server-tools',
			metric: `activity counting, ${MESSAGES} messages: count in memory + one flush`,
			figure: median(batched),
			unit: 'ms',
			baseline: median(naive),
			baselineName: 'one upsert per message',
			target: '≤ 0.05×',
			met: median(batched) / median(naive) <= 0.05,
			note: ratioSpread(batched, naive)
		});
	} finally {
		await database.disconnect();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
