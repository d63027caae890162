import { container } from '@sapphire/framework';
import type { CardStats } from '#shared/images/memberCard';
import type { CardExtra } from '#shared/images/rankCard';
import { getRankSnapshot } from '../api';

/**
 * What the member card (/rank, /profile view, View Rank) shows: the rank snapshot plus the numbers of optional plugins
 * that are loaded and enabled in the guild, asked through their services on every card (never imported).
 */
export async function profileCardStats(guildId: string, userId: string): Promise<CardStats> {
	const [snapshot, extras] = await Promise.all([getRankSnapshot(guildId, userId), cardExtras(guildId, userId)]);
	return { ...snapshot, extras };
}

async function cardExtras(guildId: string, userId: string): Promise<CardExtra[]> {
	const extras: CardExtra[] = [];
	try {
		const social = container.services.get('social');
		if (social && (await container.features.isEnabled(guildId, 'social')))
			extras.push({ label: 'rep', value: await social.reputation(guildId, userId) });
	} catch (error) {
		// A plugin that cannot answer costs its number, not the whole card.
		container.logger.warn(`[progression] no reputation for ${userId} in ${guildId} on the card:`, error);
	}
	return extras;
}
