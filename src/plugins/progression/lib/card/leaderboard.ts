import { createHash } from 'node:crypto';
import { loadAvatarBytes } from '#shared/images/avatar';
import { offThreadImage } from '#shared/images/offThread';
import { TtlCache } from '#shared/utils/cache';
import { drawLeaderboardCard, LEADERBOARD_MAX_ROWS, type LeaderboardCardEntry, type LeaderboardCardOptions } from './leaderboardDraw';

export {
	LEADERBOARD_AVATAR_SIZE,
	LEADERBOARD_FILE,
	LEADERBOARD_FORMAT,
	LEADERBOARD_HEADER,
	LEADERBOARD_MAX_ROWS,
	LEADERBOARD_ROW,
	LEADERBOARD_WIDTH,
	leaderboardHeight,
	type LeaderboardCardEntry,
	type LeaderboardCardOptions
} from './leaderboardDraw';

/** ./leaderboardDraw.ts on the worker pool (drawing and encoding off the event loop), here if the pool is unavailable. */
const drawOffThread = offThreadImage(require.resolve('./leaderboardDraw'), 'drawLeaderboardCard', drawLeaderboardCard, 'the leaderboard image');

/**
 * A leaderboard page as one image: up to 10 rows of rank (gold, silver, bronze for the top three), avatar, name,
 * level and XP. Avatars download in parallel through the same cache as the rank card; the drawing runs on the worker pool.
 */
export async function renderLeaderboardCard(entries: LeaderboardCardEntry[], options: LeaderboardCardOptions = {}): Promise<Buffer> {
	// Only the fields drawn cross to the worker (a caller's row may carry more).
	const rows = entries
		.slice(0, LEADERBOARD_MAX_ROWS)
		.map(({ rank, userId, displayName, avatarUrl, level, xp }) => ({ rank, userId, displayName, avatarUrl, level, xp }));
	// Same page, same picture (as /rank's card): a board is asked for again and again between two messages. The key
	// covers every field drawn and the options, so any change (XP, a name, an avatar, the page) renders anew.
	const key = createHash('sha256')
		.update(JSON.stringify([rows, options]))
		.digest('base64url');
	const cached = renderedBoards.get(key);
	if (cached) return cached;
	const avatars = await Promise.all(rows.map((row) => loadAvatarBytes(row.avatarUrl)));
	const board = await drawOffThread(rows, avatars, options);
	renderedBoards.set(key, board);
	return board;
}

/** Encoded boards by content, briefly: long enough for repeated requests, short enough not to hold memory. */
const renderedBoards = new TtlCache<string, Buffer>({ ttlMs: 60_000, maxSize: 32 });
