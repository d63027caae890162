/**
 * bench/leaderboard — the two queries behind /leaderboard and "my position" (rank cards), on a guild of 100,000
 * members, on SQLite and on PostgreSQL, using the plugin's own query functions (lib/queries.ts). Baseline in the same
 * run: a primary-key lookup of one member (the cheapest query there is). Target: p50 ≤ 5 ms for each.
 * "My position" is measured twice: a plain SQL COUNT of the members ahead, and what the plugin does (the in-memory
 * rank index of lib/rankIndex.ts for "more XP", plus an equality query for ties).
 *
 * Usage: npm run bench:leaderboard [-- --members 100000 --samples 200 --providers sqlite,postgresql] (--quick or
 * BENCH_QUICK=1: 10,000 members, 50 samples)
 * PostgreSQL: TIKA_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres); a scratch database
 * is created and dropped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deploy, openDatabase, type TikaDatabase } from '#core/database/index';
import { pgAdminQuery } from '#core/database/engine';
import { postgresTarget } from '#core/database/url';
import { SortedXp } from '../../src/plugins/progression/lib/rankIndex';
import { memberCountQuery, pageQuery, positionQuery, tiesAheadQuery, totalsQuery } from '../../src/plugins/progression/lib/queries';
import { benchCli } from '../lib/cli';
import { median, percentile, printResult } from '../lib/stats';

const cli = benchCli(`Usage: npm run bench:leaderboard [-- --members 100000 --samples 200 --providers sqlite,postgresql] [-- --quick]
  p50 of the /leaderboard page and "my position" queries on a guild of N members against a primary-key lookup, same
  run. Target p50 ≤ 5 ms. PostgreSQL: TIKA_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
  --quick (or BENCH_QUICK=1): 10,000 members, 50 samples.`);
const MEMBERS = cli.number('members', 100_000, 10_000);
const SAMPLES = cli.number('samples', 200, 50);
const PROVIDERS = cli.string('providers', 'sqlite,postgresql').split(',');
const GUILD = '100000000000000001';
const ADMIN_URL = process.env.TIKA_BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Raw multi-row INSERTs of 1,000 rows: 100,000 members in a second or two. Another guild's rows make the index realistic. */
async function seed(db: TikaDatabase) {
	const now = new Date();
	for (const guildId of [GUILD, '100000000000000002']) {
		const count = guildId === GUILD ? MEMBERS : Math.floor(MEMBERS / 10);
		for (let start = 0; start < count; start += 1_000) {
			const params: unknown[] = [];
			const rows: string[] = [];
			for (let i = start; i < Math.min(count, start + 1_000); i++) {
				const base = params.length;
				// Skewed XP with many ties, like a real server (lots of members with one or two messages).
				const xp = Math.floor(Math.pow(Math.random(), 4) * 2_000_000);
				params.push(guildId, String(200_000_000_000_000_000n + BigInt(i)), xp, 0, 1, db.provider === 'sqlite' ? now.toISOString() : now);
				rows.push(
					db.provider === 'sqlite'
						? '(?, ?, ?, ?, ?, ?)'
						: `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`
				);
			}
			await db.prisma.$executeRawUnsafe(
				`INSERT INTO "MemberXp" ("guildId", "userId", "xp", "level", "messages", "updatedAt") VALUES ${rows.join(', ')}`,
				...params
			);
		}
	}
	if (db.provider === 'sqlite') await db.prisma.$executeRawUnsafe('ANALYZE');
	// VACUUM sets the visibility map (autovacuum does it in production), so COUNTs can be index-only scans.
	else await db.prisma.$executeRawUnsafe('VACUUM ANALYZE "MemberXp"');
}

async function time(samples: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
	for (let i = 0; i < 20; i++) await run(i); // warm-up
	const out: number[] = [];
	for (let i = 0; i < samples; i++) {
		const started = performance.now();
		await run(i);
		out.push(performance.now() - started);
	}
	return out;
}

async function benchProvider(provider: string) {
	let url: string;
	let cleanup: () => Promise<void>;
	if (provider === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'tika-bench-lb-'));
		url = pathToFileURL(join(dir, 'tika.db')).href;
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	} else {
		const admin = postgresTarget(ADMIN_URL);
		const name = `tika_bench_lb_${randomBytes(4).toString('hex')}`;
		await pgAdminQuery(admin, `CREATE DATABASE "${name}"`);
		const parsed = new URL(ADMIN_URL);
		parsed.pathname = `/${name}`;
		url = parsed.toString();
		cleanup = () => pgAdminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	}
	try {
		await deploy(url);
		const db = await openDatabase(url);
		const seeded = performance.now();
		await seed(db);
		const seedMs = performance.now() - seeded;
		const ids = (await db.prisma.memberXp.findMany({ where: { guildId: GUILD }, select: { userId: true, xp: true }, take: 5_000 })).sort(
			() => Math.random() - 0.5
		);
		const pick = (i: number) => ids[i % ids.length]!;
		const baseline = await time(SAMPLES, (i) =>
			db.prisma.memberXp.findUnique({ where: { guildId_userId: { guildId: GUILD, userId: pick(i).userId } } })
		);
		const top10 = await time(SAMPLES, () => pageQuery(db.prisma, GUILD, 0, 10));
		const page50 = await time(SAMPLES, () => pageQuery(db.prisma, GUILD, 490, 10));
		const position = await time(SAMPLES, (i) => positionQuery(db.prisma, db.provider, GUILD, pick(i).userId, pick(i).xp));
		// What the plugin does: the rank index (built once per guild, kept up to date in memory) + the ties query.
		const built = performance.now();
		const sorted = new SortedXp(await totalsQuery(db.prisma, db.provider, GUILD));
		const buildMs = performance.now() - built;
		const indexed = await time(
			SAMPLES,
			async (i) => sorted.countAbove(pick(i).xp) + (await tiesAheadQuery(db.prisma, db.provider, GUILD, pick(i).userId, pick(i).xp)) + 1
		);
		const moves = await time(SAMPLES, async (i) => sorted.move(pick(i).xp, pick(i).xp + 20));
		const total = await time(SAMPLES, () => memberCountQuery(db.prisma, db.provider, GUILD));
		const line = (label: string, values: number[]) =>
			`  ${label.padEnd(34)} p50 ${median(values).toFixed(2)} ms  p95 ${percentile(values, 95).toFixed(2)} ms  (${(median(values) / median(baseline)).toFixed(1)}× a primary-key lookup)`;
		console.log(
			`${provider}: ${MEMBERS.toLocaleString('en')} members (+${(MEMBERS / 10).toLocaleString('en')} in another guild), seeded in ${(seedMs / 1000).toFixed(1)} s`
		);
		console.log(line('baseline: one member by key', baseline));
		console.log(line('top 10 (page 1)', top10));
		console.log(line('page 50', page50));
		console.log(line('my position, SQL COUNT only', position));
		console.log(line('my position, rank index (plugin)', indexed));
		console.log(
			`  rank index: built in ${buildMs.toFixed(0)} ms (once per guild per 5 min), one XP change moves it in ${(median(moves) * 1000).toFixed(1)} µs (p50)`
		);
		console.log(line('member count (page total)', total));
		console.log(`  target p50 ≤ 5 ms: top 10 ${median(top10) <= 5 ? 'met' : 'MISSED'}, my position ${median(indexed) <= 5 ? 'met' : 'MISSED'}`);
		for (const [metric, values] of [
			['top 10', top10],
			['my position (rank index + ties query)', indexed]
		] as const)
			printResult({
				bench: 'leaderboard',
				metric: `${provider}, ${MEMBERS.toLocaleString('en')} members: ${metric}, p50`,
				figure: median(values),
				unit: 'ms',
				baseline: median(baseline),
				baselineName: 'one member by key',
				target: '≤ 5 ms',
				met: median(values) <= 5,
				note: `p95 ${percentile(values, 95).toFixed(2)} ms`
			});
		await db.disconnect();
	} finally {
		await cleanup();
	}
}

async function main() {
	for (const provider of PROVIDERS) await benchProvider(provider);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
