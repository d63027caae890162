import { createHash } from 'node:crypto';
import { TtlCache } from '#shared/utils/cache';
import { loadAvatarBytes } from './avatar';
import { offThreadImage } from './offThread';
import { drawRankCard } from './rankCardDraw';

export { RANK_CARD_HEIGHT, RANK_CARD_WIDTH, type CardExtra, type RankCardData } from './rankCardDraw';
import type { RankCardData } from './rankCardDraw';

/** ./rankCardDraw.ts on the worker pool (drawing and encoding off the event loop), here if the pool is unavailable. */
const drawOffThread = offThreadImage(require.resolve('./rankCardDraw'), 'drawRankCard', drawRankCard, 'the rank card');

/**
 * The seed's "combined card": rank and profile in one 960×320 image. Avatar (or initials), display name (emoji and CJK
 * included), @username and pronouns, bio (two lines), rank and level, XP progress bar, total XP and messages, on the
 * member's theme (accent colour and background preset).
 */
export async function renderRankCard(data: RankCardData): Promise<Buffer> {
	// Same inputs, same picture: members press /rank again and again between two messages, and the WebP encode is
	// most of the cost. The key covers every field drawn, so any change (XP, rank, theme, name, avatar) renders anew.
	const key = cardKey(data);
	const cached = renderedCards.get(key);
	if (cached) return cached;
	const card = await drawOffThread(data, await loadAvatarBytes(data.avatarUrl));
	renderedCards.set(key, card);
	return card;
}

/** Encoded cards by content, briefly: long enough for repeated /rank, short enough not to hold memory. */
const renderedCards = new TtlCache<string, Buffer>({ ttlMs: 60_000, maxSize: 64 });

function cardKey(data: RankCardData): string {
	const fields = [
		data.displayName,
		data.username,
		data.avatarUrl,
		data.level,
		data.rank,
		data.xp,
		data.levelStartXp,
		data.nextLevelXp,
		data.messages,
		data.extras ?? [],
		data.bio ?? null,
		data.pronouns ?? null,
		data.accentColor ?? null,
		data.background ?? null,
		data.format ?? 'webp'
	];
	return createHash('sha1').update(JSON.stringify(fields)).digest('base64');
}

/** For benchmarks and tests: forget encoded cards, so the next render draws and encodes. */
export function clearRenderedCards(): void {
	renderedCards.clear();
}
