/**
 * The leaderboard image's drawing, a task module of the worker pool (loaded in a worker thread): the canvas kit only,
 * no Discord, no database. ./leaderboard.ts gathers the rows and avatars and runs it.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { createCanvas } from '#shared/images/canvas';
import { decodeAvatar, type AvatarBytes } from '#shared/images/avatar';
import { loadBackgroundCover } from '#shared/images/backgrounds';
import { drawAvatar, encodeCard, MUTED, roundedRect, TEXT, type CardFormat } from '#shared/images/draw';
import { ensureFonts, font } from '#shared/images/fonts';
import { fitText, formatCompact, formatNumber, rgba, truncateToWidth } from '#shared/images/layout';
import { DEFAULT_ACCENT, DEFAULT_BACKGROUND } from '#shared/images/theme';

export const LEADERBOARD_WIDTH = 960;
export const LEADERBOARD_HEADER = 96;
export const LEADERBOARD_ROW = 68;
export const LEADERBOARD_MAX_ROWS = 10;
/** Avatars are drawn 44 px wide: Discord's 64 px size is enough (128 px looks the same, at 2–3× the bytes to fetch and decode). */
export const LEADERBOARD_AVATAR_SIZE = 64;
const AVATAR_RADIUS = 22;

export interface LeaderboardCardEntry {
	rank: number;
	userId: string;
	displayName: string;
	avatarUrl: string | null;
	level: number;
	xp: number;
}

export interface LeaderboardCardOptions {
	guildName?: string;
	accentColor?: number;
	/** Default {@link LEADERBOARD_FORMAT}. */
	format?: CardFormat;
}

/**
 * JPEG: the board is opaque, and its 960×792 pixels encode in 8.4 ms of CPU against 44 ms as WebP at quality 85 (18 ms
 * as lossless WebP, 26 ms as PNG; busy 2-core machine): drawn and encoded, 12 ms against 48 ms. Compared with the
 * drawing, it is as faithful as that WebP was (41.2 dB PSNR against 40.4; the same to the eye at 2× zoom), at 126 KB
 * instead of 46 KB.
 */
export const LEADERBOARD_FORMAT: CardFormat = 'jpeg';
/** The attachment's name (the extension matches {@link LEADERBOARD_FORMAT}). */
export const LEADERBOARD_FILE = 'leaderboard.jpg';

const MEDALS = [0xffd700, 0xc0c0c0, 0xcd7f32] as const;

/** Height of a leaderboard image for `rows` entries (at least one row tall, so an empty board still reads well). */
export function leaderboardHeight(rows: number): number {
	return LEADERBOARD_HEADER + Math.max(1, Math.min(rows, LEADERBOARD_MAX_ROWS)) * LEADERBOARD_ROW + 16;
}

/**
 * Draws and encodes a leaderboard page (up to 10 rows; `avatarBytes[i]` is row i's downloaded avatar, null for initials):
 * the task the worker pool runs (#shared/images/offThread), or the main thread when the pool is unavailable.
 */
export async function drawLeaderboardCard(
	entries: LeaderboardCardEntry[],
	avatarBytes: (AvatarBytes | null)[],
	options: LeaderboardCardOptions = {}
): Promise<Buffer> {
	ensureFonts();
	const rows = entries.slice(0, LEADERBOARD_MAX_ROWS);
	const accent = options.accentColor ?? DEFAULT_ACCENT;
	const height = leaderboardHeight(rows.length);
	const [background, avatars] = await Promise.all([
		loadBackgroundCover(DEFAULT_BACKGROUND, LEADERBOARD_WIDTH, height),
		Promise.all(rows.map((_, index) => decodeAvatar(avatarBytes[index] ?? null)))
	]);

	const canvas = createCanvas(LEADERBOARD_WIDTH, height);
	const ctx = canvas.getContext('2d');
	ctx.drawImage(background, 0, 0);

	ctx.textBaseline = 'alphabetic';
	ctx.textAlign = 'left';
	const title = fitText(
		options.guildName ? `${options.guildName} · Leaderboard` : 'Leaderboard',
		LEADERBOARD_WIDTH - 64,
		{ max: 36, min: 22 },
		(size) => {
			ctx.font = font(size, 'bold');
			return (text) => ctx.measureText(text).width;
		}
	);
	ctx.font = font(title.size, 'bold');
	ctx.fillStyle = TEXT;
	ctx.fillText(title.text, 32, 60);
	ctx.fillStyle = rgba(accent, 1);
	ctx.fillRect(32, 74, 96, 4);

	if (rows.length === 0) {
		ctx.font = font(22);
		ctx.fillStyle = MUTED;
		ctx.fillText('Nobody has earned XP here yet.', 32, LEADERBOARD_HEADER + 42);
	}
	rows.forEach((entry, index) => drawRow(ctx, entry, avatars[index] ?? null, LEADERBOARD_HEADER + index * LEADERBOARD_ROW, accent));
	return encodeCard(canvas, options.format ?? LEADERBOARD_FORMAT);
}

function drawRow(
	ctx: SKRSContext2D,
	entry: LeaderboardCardEntry,
	avatar: Awaited<ReturnType<typeof decodeAvatar>>,
	top: number,
	accent: number
): void {
	const left = 24;
	const width = LEADERBOARD_WIDTH - 48;
	roundedRect(ctx, left, top + 4, width, LEADERBOARD_ROW - 8, 14);
	ctx.fillStyle = 'rgba(10, 10, 16, 0.55)';
	ctx.fill();
	const middle = top + LEADERBOARD_ROW / 2;

	const medal = entry.rank >= 1 && entry.rank <= 3 ? MEDALS[entry.rank - 1]! : null;
	ctx.textAlign = 'center';
	ctx.font = font(entry.rank >= 1000 ? 18 : 24, 'bold');
	ctx.fillStyle = medal === null ? MUTED : rgba(medal, 1);
	ctx.fillText(`#${entry.rank}`, left + 44, middle + 8);

	drawAvatar(ctx, avatar, entry.displayName, left + 112, middle, AVATAR_RADIUS, accent);

	ctx.textAlign = 'right';
	ctx.font = font(20, 'bold');
	ctx.fillStyle = rgba(accent, 1);
	const xpText = `${formatCompact(entry.xp)} XP`;
	ctx.fillText(xpText, left + width - 20, middle + 7);
	const xpWidth = ctx.measureText(xpText).width;
	ctx.font = font(18);
	ctx.fillStyle = MUTED;
	const levelText = `Level ${formatNumber(entry.level)}`;
	const levelRight = left + width - 20 - xpWidth - 28;
	ctx.fillText(levelText, levelRight, middle + 7);
	const levelWidth = ctx.measureText(levelText).width;

	ctx.textAlign = 'left';
	ctx.font = font(22, 'bold');
	ctx.fillStyle = TEXT;
	const nameLeft = left + 150;
	ctx.fillText(
		truncateToWidth(entry.displayName, levelRight - levelWidth - 24 - nameLeft, (text) => ctx.measureText(text).width),
		nameLeft,
		middle + 8
	);
}
