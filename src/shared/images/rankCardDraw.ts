/**
 * The rank card's drawing, a task module of the worker pool (loaded in a worker thread): it imports the canvas kit only,
 * no Discord, no database, no container. ./rankCard.ts gathers the data and runs it.
 */
import { createCanvas } from './canvas';
import { decodeAvatar, type AvatarBytes } from './avatar';
import { drawCover, loadBackground } from './backgrounds';
import { drawAvatar, drawProgressBar, encodeCard, MUTED, roundedRect, TEXT, type CardFormat } from './draw';
import { ensureFonts, font } from './fonts';
import { computeProgress, fitText, formatCompact, formatNumber, rgba, truncateToWidth, wrapText } from './layout';
import { resolveTheme } from './theme';

export const RANK_CARD_WIDTH = 960;
export const RANK_CARD_HEIGHT = 320;

/** One number another plugin shows on the card: `{ label: 'rep', value: 3 }` draws "3 rep". */
export interface CardExtra {
	label: string;
	value: number;
}

/** Everything the combined rank/profile card shows. */
export interface RankCardData {
	displayName: string;
	username: string;
	/** A Discord avatar URL (any size ≥ 128 looks right); null draws initials. */
	avatarUrl: string | null;
	level: number;
	/** 1-based server rank; 0 = unranked (no XP yet). */
	rank: number;
	xp: number;
	levelStartXp: number;
	/** XP at which the next level starts; null at the max level. */
	nextLevelXp: number | null;
	messages: number;
	/** Other plugins' numbers (e.g. reputation), drawn after the messages: "3 rep". */
	extras?: readonly CardExtra[];
	bio?: string | null;
	pronouns?: string | null;
	/** 0xRRGGBB; default Tika pink. */
	accentColor?: number | null;
	/** A preset name from theme.ts; default 'default'. */
	background?: string | null;
	format?: CardFormat;
}

/**
 * Draws and encodes the card: the task the worker pool runs (./offThread.ts), or the main thread when the pool is
 * unavailable. `avatar` is the downloaded avatar (null: initials). Fonts and backgrounds load in the drawing thread, once.
 */
export async function drawRankCard(data: RankCardData, avatar: AvatarBytes | null): Promise<Buffer> {
	ensureFonts();
	const theme = resolveTheme({ accentColor: data.accentColor, cardBackground: data.background });
	const [background, image] = await Promise.all([loadBackground(theme.background), decodeAvatar(avatar)]);
	const accent = theme.accent;

	const canvas = createCanvas(RANK_CARD_WIDTH, RANK_CARD_HEIGHT);
	const ctx = canvas.getContext('2d');
	drawCover(ctx, background, 0, 0, RANK_CARD_WIDTH, RANK_CARD_HEIGHT);
	roundedRect(ctx, 16, 16, RANK_CARD_WIDTH - 32, RANK_CARD_HEIGHT - 32, 24);
	ctx.fillStyle = 'rgba(10, 10, 16, 0.6)';
	ctx.fill();

	// Avatar with an accent ring.
	ctx.beginPath();
	ctx.arc(136, 160, 96, 0, Math.PI * 2);
	ctx.fillStyle = rgba(accent, 1);
	ctx.fill();
	drawAvatar(ctx, image, data.displayName, 136, 160, 89, accent);

	const left = 256;
	const right = RANK_CARD_WIDTH - 48;
	ctx.textBaseline = 'alphabetic';

	// Rank and level, right-aligned: small muted labels, big values.
	const statsWidth = drawStats(
		ctx,
		right,
		82,
		[
			['RANK', data.rank > 0 ? `#${formatNumber(data.rank)}` : '—'],
			['LEVEL', formatNumber(data.level)]
		],
		accent
	);

	// Display name, shrunk to fit beside the stats, truncated at the smallest size.
	const nameRoom = right - statsWidth - 24 - left;
	const name = fitText(data.displayName || data.username, nameRoom, { max: 38, min: 24 }, (size) => {
		ctx.font = font(size, 'bold');
		return (text) => ctx.measureText(text).width;
	});
	ctx.font = font(name.size, 'bold');
	ctx.fillStyle = TEXT;
	ctx.textAlign = 'left';
	ctx.fillText(name.text, left, 82);

	ctx.font = font(20);
	ctx.fillStyle = MUTED;
	const subline = [`@${data.username}`, data.pronouns?.trim()].filter(Boolean).join(' · ');
	ctx.fillText(
		truncateToWidth(subline, nameRoom, (text) => ctx.measureText(text).width),
		left,
		114
	);

	if (data.bio?.trim()) {
		ctx.font = font(19);
		ctx.fillStyle = '#e3e5e8';
		const lines = wrapText(data.bio, right - left, 2, (text) => ctx.measureText(text).width);
		lines.forEach((line, index) => ctx.fillText(line, left, 154 + index * 26));
	}

	// XP line and bar.
	const progress = computeProgress(data.xp, data.levelStartXp, data.nextLevelXp);
	const progressText = progress.maxed ? 'MAX LEVEL' : `${formatCompact(progress.current)} / ${formatCompact(progress.needed)} XP`;
	ctx.textAlign = 'right';
	ctx.font = font(20, 'bold');
	ctx.fillStyle = TEXT;
	ctx.fillText(progressText, right, 236);
	const totalsRoom = right - left - ctx.measureText(progressText).width - 24;
	const totals = [`Total ${formatNumber(data.xp)} XP`, `${formatNumber(data.messages)} messages`];
	for (const extra of data.extras ?? []) totals.push(`${formatNumber(extra.value)} ${extra.label}`);
	ctx.textAlign = 'left';
	ctx.font = font(18);
	ctx.fillStyle = MUTED;
	ctx.fillText(
		truncateToWidth(totals.join(' · '), totalsRoom, (text) => ctx.measureText(text).width),
		left,
		236
	);
	drawProgressBar(ctx, left, 250, right - left, 28, progress.ratio, accent);

	return encodeCard(canvas, data.format);
}

/** Draws label/value pairs from the right edge leftwards; returns the width used. */
function drawStats(
	ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>,
	right: number,
	baseline: number,
	stats: [string, string][],
	accent: number
): number {
	let x = right;
	ctx.textAlign = 'right';
	for (const [label, value] of [...stats].reverse()) {
		ctx.font = font(40, 'bold');
		ctx.fillStyle = rgba(accent, 1);
		ctx.fillText(value, x, baseline);
		x -= ctx.measureText(value).width + 8;
		ctx.font = font(16, 'bold');
		ctx.fillStyle = MUTED;
		ctx.fillText(label, x, baseline);
		x -= ctx.measureText(label).width + 24;
	}
	return right - x - 24;
}
