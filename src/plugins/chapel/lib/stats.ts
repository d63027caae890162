import type { PrismaClient } from '#core/database/index';

/** The periods /chapel top offers, with their length (null: all time). */
export const TOP_PERIODS = { day: 1, week: 7, month: 30, year: 365, all: null } as const;
export type TopPeriod = keyof typeof TOP_PERIODS;

const DAY_MS = 24 * 60 * 60 * 1000;
const ON_CHAPEL = ['posted', 'frozen'];

export interface TopEntry {
	boardId: number;
	channelId: string;
	messageId: string;
	authorId: string;
	count: number;
	postId: string | null;
	messageAt: Date;
}

/**
 * The most-blessed messages on the guild's chapels, best first (ties: newest first). A message on two chapels is listed
 * once, with its higher count. At most `limit` entries (the paginator shows them 10 a page).
 */
export async function topMessages(
	db: Pick<PrismaClient, 'chapelPost'>,
	guildId: string,
	options: { authorId?: string | null; period: TopPeriod; now?: number; limit?: number }
): Promise<TopEntry[]> {
	const days = TOP_PERIODS[options.period];
	const rows = await db.chapelPost.findMany({
		where: {
			guildId,
			status: { in: ON_CHAPEL },
			...(options.authorId ? { authorId: options.authorId } : {}),
			...(days === null ? {} : { messageAt: { gte: new Date((options.now ?? Date.now()) - days * DAY_MS) } })
		},
		orderBy: [{ count: 'desc' }, { messageAt: 'desc' }],
		take: (options.limit ?? 100) * 2,
		select: { boardId: true, channelId: true, messageId: true, authorId: true, count: true, postId: true, messageAt: true }
	});
	const seen = new Set<string>();
	const entries: TopEntry[] = [];
	for (const row of rows) {
		if (seen.has(row.messageId)) continue;
		seen.add(row.messageId);
		entries.push(row);
	}
	return entries.slice(0, options.limit ?? 100);
}

export interface MemberChapelStats {
	/** Messages the member voted for (once per message and chapel, whatever emojis). */
	given: number;
	/** Votes the member's messages received. */
	received: number;
	/** The member's messages on a chapel now. */
	onChapel: number;
	/** Their best message's count, 0 when none. */
	best: number;
}

type CountRow = { n: bigint | number | string }[];

export async function memberStats(db: Pick<PrismaClient, '$queryRaw' | 'chapelPost'>, guildId: string, userId: string): Promise<MemberChapelStats> {
	const [given, received, onChapel, best] = await Promise.all([
		db.$queryRaw<CountRow>`SELECT COUNT(*) AS n FROM (SELECT DISTINCT "boardId", "messageId" FROM "ChapelVote" WHERE "guildId" = ${guildId} AND "voterId" = ${userId}) AS given`,
		db.$queryRaw<CountRow>`SELECT COUNT(*) AS n FROM (SELECT DISTINCT "boardId", "messageId", "voterId" FROM "ChapelVote" WHERE "guildId" = ${guildId} AND "authorId" = ${userId}) AS received`,
		chapelCount(db, guildId, userId),
		db.chapelPost.aggregate({ where: { guildId, authorId: userId, status: { in: ON_CHAPEL } }, _max: { count: true } })
	]);
	return { given: Number(given[0]?.n ?? 0), received: Number(received[0]?.n ?? 0), onChapel, best: best._max.count ?? 0 };
}

/** How many of the member's messages are on a chapel of the guild (the number on their profile card). */
export function chapelCount(db: Pick<PrismaClient, 'chapelPost'>, guildId: string, userId: string): Promise<number> {
	return db.chapelPost.count({ where: { guildId, authorId: userId, status: { in: ON_CHAPEL } } });
}
