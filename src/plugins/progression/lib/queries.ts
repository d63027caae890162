import type { PrismaClient } from '#core/database/index';

type Db = Pick<PrismaClient, 'memberXp' | '$queryRawUnsafe'>;
export type Provider = 'sqlite' | 'postgresql';

const placeholders = (provider: Provider, count: number) => Array.from({ length: count }, (_, i) => (provider === 'sqlite' ? '?' : `$${i + 1}`));

/**
 * Rank = 1 + members with more XP + members with the same XP and a smaller id. Raw SQL on purpose: two plain
 * COUNTs are index-only range scans on [guildId, xp]; Prisma's count() wraps the OR in a sub-select that is
 * several times slower at 100,000 members (bench/leaderboard).
 */
export async function positionQuery(db: Db, provider: Provider, guildId: string, userId: string, xp: number): Promise<number> {
	const [g, x] = placeholders(provider, 2);
	const [g2, x2, u2] = placeholders(provider, 3);
	const [above, tied] = await Promise.all([
		db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "MemberXp" WHERE "guildId" = ${g} AND "xp" > ${x}`, guildId, xp),
		db.$queryRawUnsafe<{ n: number | bigint }[]>(
			`SELECT COUNT(*) AS n FROM "MemberXp" WHERE "guildId" = ${g2} AND "xp" = ${x2} AND "userId" < ${u2}`,
			guildId,
			xp,
			userId
		)
	]);
	return Number(above[0]?.n ?? 0) + Number(tied[0]?.n ?? 0) + 1;
}

/** Members with the same total and a smaller id (the tie-break of the ranking): an equality range on the index. */
export async function tiesAheadQuery(db: Db, provider: Provider, guildId: string, userId: string, xp: number): Promise<number> {
	const [g, x, u] = placeholders(provider, 3);
	const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
		`SELECT COUNT(*) AS n FROM "MemberXp" WHERE "guildId" = ${g} AND "xp" = ${x} AND "userId" < ${u}`,
		guildId,
		xp,
		userId
	);
	return Number(rows[0]?.n ?? 0);
}

/** Every total of the guild, to build the in-memory rank index. */
export async function totalsQuery(db: Db, provider: Provider, guildId: string): Promise<number[]> {
	const [g] = placeholders(provider, 1);
	const rows = await db.$queryRawUnsafe<{ xp: number }[]>(`SELECT "xp" FROM "MemberXp" WHERE "guildId" = ${g}`, guildId);
	return rows.map((row) => Number(row.xp));
}

/** Members with XP in the guild (leaderboard page count). */
export async function memberCountQuery(db: Db, provider: Provider, guildId: string): Promise<number> {
	const [g] = placeholders(provider, 1);
	const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "MemberXp" WHERE "guildId" = ${g}`, guildId);
	return Number(rows[0]?.n ?? 0);
}

/** One page of the ranking, by XP then user id. */
export function pageQuery(db: Db, guildId: string, skip: number, take: number) {
	return db.memberXp.findMany({
		where: { guildId },
		orderBy: [{ xp: 'desc' }, { userId: 'asc' }],
		skip,
		take,
		select: { userId: true, xp: true, level: true }
	});
}
