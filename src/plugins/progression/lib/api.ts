import { container } from '@sapphire/framework';
import type { CardStats } from '#shared/images/memberCard';
import { levelForXp, levelProgress } from './curve';
import { memberCountQuery, pageQuery, tiesAheadQuery, totalsQuery } from './queries';
import { getBuffer, rankIndex } from './runtime';
import { curveOf, getSettings } from './settings';

/**
 * A member's standing in a guild. Its numbers are the ones the member card draws (`CardStats`: total XP including XP
 * still buffered in memory, level, 1-based rank by XP with ties broken by userId ascending or 0 without XP, messages that
 * earned XP, and the XP bounds of the current level).
 */
export interface RankSnapshot extends CardStats {
	guildId: string;
	userId: string;
}

export interface LeaderboardEntry {
	userId: string;
	xp: number;
	level: number;
	rank: number;
}

export const LEADERBOARD_PAGE_SIZE = 10;

/** The member's XP, level and position. Buffered XP is flushed first so the position counts it. */
export async function getRankSnapshot(guildId: string, userId: string): Promise<RankSnapshot> {
	const buffer = getBuffer();
	if (buffer.dirtyIn(guildId).length > 0) await buffer.flush();
	const [settings, entry] = await Promise.all([getSettings(guildId), buffer.get(guildId, userId)]);
	const progress = levelProgress(entry.xp, curveOf(settings), settings.maxLevel);
	const rank = entry.exists ? await positionOf(guildId, userId, entry.xp) : 0;
	return {
		guildId,
		userId,
		xp: entry.xp,
		level: progress.level,
		rank,
		messages: entry.messages,
		levelStartXp: progress.levelStartXp,
		nextLevelXp: progress.nextLevelXp
	};
}

/**
 * Rank = 1 + members with more XP + members with the same XP and a smaller id. "More XP" comes from the in-memory
 * rank index (a binary search; see rankIndex.ts), the ties from an equality query on the [guildId, xp] index.
 */
export async function positionOf(guildId: string, userId: string, xp: number): Promise<number> {
	const { prisma, db } = container;
	const buffer = getBuffer();
	const sorted =
		rankIndex.peek(guildId) ??
		(await buffer.exclusive(() =>
			rankIndex.get(
				guildId,
				() => totalsQuery(prisma, db.provider, guildId),
				(copy) => {
					for (const entry of buffer.dirtyIn(guildId)) copy.move(entry.flushedXp, entry.xp);
				}
			)
		));
	return sorted.countAbove(xp) + (await tiesAheadQuery(prisma, db.provider, guildId, userId, xp)) + 1;
}

/** One page (0-based) of the guild's leaderboard, by XP then user id. */
export async function getLeaderboardPage(
	guildId: string,
	page: number,
	pageSize = LEADERBOARD_PAGE_SIZE
): Promise<{ entries: LeaderboardEntry[]; total: number }> {
	const buffer = getBuffer();
	if (buffer.dirtyIn(guildId).length > 0) await buffer.flush();
	const safePage = Math.max(0, Math.floor(page));
	const [settings, rows, total] = await Promise.all([
		getSettings(guildId),
		pageQuery(container.prisma, guildId, safePage * pageSize, pageSize),
		memberCountQuery(container.prisma, container.db.provider, guildId)
	]);
	// Rows written outside the buffer (another process, a manual fix) change the count: rebuild the rank index then.
	const copy = rankIndex.peek(guildId);
	if (copy && copy.size !== total) rankIndex.forget(guildId);
	const curve = curveOf(settings);
	// The level is recomputed from XP so a curve change shows at once.
	return {
		entries: rows.map((row, index) => ({
			userId: row.userId,
			xp: row.xp,
			level: levelForXp(row.xp, curve, settings.maxLevel),
			rank: safePage * pageSize + index + 1
		})),
		total
	};
}
