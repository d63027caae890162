/**
 * bench/server_tools — the cost of keeping /serverstats' activity counts: Tika's way (count in memory, one
 * upsert-increment per guild/day/channel bucket per flush) against the naive way (one upsert per message), on the
 * same fresh SQLite database, same messages, alternating, same run. Target ≤ 0.05× of the naive time.
 *
 * Usage: npx tsx bench/server_tools/activity.ts [--messages 5000 --channels 20 --rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '#core/database/index';
import { ActivityCounter, dayKey } from '../../src/plugins/server_tools/lib/activity';
import { prismaSink } from '../../src/plugins/server_tools/lib/activityStore';
import { median, ratioLine } from '../lib/stats';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const MESSAGES = Number(args.get('messages') ?? 5_000);
const CHANNELS = Number(args.get('channels') ?? 20);
const ROUNDS = Number(args.get('rounds') ?? 3);

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
	} finally {
		await database.disconnect();
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
