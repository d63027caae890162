import { container } from '@sapphire/framework';
import type { Guild, GuildMember, User } from 'discord.js';
import { renderRankCard, type CardExtra, type RankCardData } from './rankCard';

export const RANK_CARD_FILE = 'rank.webp';

/** The numbers the card shows (progression's rank snapshot extends this). */
export interface CardStats {
	/** Total XP. */
	xp: number;
	level: number;
	/** 1-based position in the guild by XP; 0 = unranked (no XP yet). */
	rank: number;
	/** Messages that earned XP. */
	messages: number;
	/** Total XP at which the current level started. */
	levelStartXp: number;
	/** Total XP at which the next level starts; null at the max level. */
	nextLevelXp: number | null;
	/** Numbers other plugins add to the card (reputation from social, ...), drawn after the messages. */
	extras?: readonly CardExtra[];
}

/** Where the numbers come from (progression's rank snapshot); without one, the card shows level 0, unranked. */
export type CardStatsSource = (guildId: string, userId: string) => Promise<CardStats>;

/** Level 0, unranked: the card of a member nobody counts XP for. */
export const EMPTY_CARD_STATS: Readonly<CardStats> = Object.freeze({ xp: 0, level: 0, rank: 0, messages: 0, levelStartXp: 0, nextLevelXp: 0 });

/** The stored profile fields the card shows (UserProfile is shared by /profile and customization's /rankcard). */
export interface CardProfile {
	bio: string | null;
	pronouns: string | null;
	accentColor: number | null;
	cardBackground: string | null;
}

export async function loadCardProfile(userId: string): Promise<CardProfile | null> {
	return container.prisma.userProfile.findUnique({
		where: { userId },
		select: { bio: true, pronouns: true, accentColor: true, cardBackground: true }
	});
}

/**
 * A static avatar URL, or null when the member uses Discord's default avatar: that one is drawn as initials without a
 * network round trip (which also keeps tests and benchmarks off the network).
 */
export function cardAvatarUrl(user: User, member: GuildMember | null): string | null {
	if (member?.avatar) return member.displayAvatarURL({ extension: 'png', forceStatic: true, size: 256 });
	if (user.avatar) return user.displayAvatarURL({ extension: 'png', forceStatic: true, size: 256 });
	return null;
}

/** Card data from a rank snapshot, a profile and the member's names. Pure: the bench and tests build the same data. */
export function cardData(
	snapshot: CardStats,
	profile: CardProfile | null,
	who: { displayName: string; username: string; avatarUrl: string | null }
): RankCardData {
	return {
		...who,
		level: snapshot.level,
		rank: snapshot.rank,
		xp: snapshot.xp,
		levelStartXp: snapshot.levelStartXp,
		nextLevelXp: snapshot.nextLevelXp,
		messages: snapshot.messages,
		extras: snapshot.extras ?? [],
		bio: profile?.bio ?? null,
		pronouns: profile?.pronouns ?? null,
		accentColor: profile?.accentColor ?? null,
		background: profile?.cardBackground ?? null
	};
}

/**
 * The combined rank/profile card of `user` in `guild`: what /rank, "View Rank", /profile view and /rankcard preview send.
 * `stats` is progression's rank snapshot; a plugin without it (progression not installed) still draws the member's theme.
 */
export async function renderMemberCard(
	guild: Guild,
	user: User,
	member: GuildMember | null,
	stats: CardStatsSource | undefined,
	overrides: Partial<RankCardData> = {}
): Promise<Buffer> {
	const [snapshot, profile] = await Promise.all([statsOrEmpty(stats, guild.id, user.id), loadCardProfile(user.id)]);
	const data = cardData(snapshot, profile, {
		displayName: member?.displayName ?? user.displayName,
		username: user.username,
		avatarUrl: cardAvatarUrl(user, member)
	});
	return renderRankCard({ ...data, ...overrides });
}

/**
 * The member's numbers, or empty ones (level 0, unranked) when there is no source or it cannot answer (e.g. progression
 * is unloaded while /rankcard preview asks for a card): a theme preview should not fail for want of XP.
 */
async function statsOrEmpty(stats: CardStatsSource | undefined, guildId: string, userId: string): Promise<CardStats> {
	if (!stats) return EMPTY_CARD_STATS;
	try {
		return await stats(guildId, userId);
	} catch (error) {
		container.logger.warn(`[member card] no rank numbers for ${userId} in ${guildId}; drawing an empty card:`, error);
		return EMPTY_CARD_STATS;
	}
}
