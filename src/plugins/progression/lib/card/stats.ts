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
	const social = container.services.get('social');
	const chapel = container.services.get('chapel');
	const extras = await Promise.all([
		social ? askExtra(guildId, userId, 'rep', 'social', () => social.reputation(guildId, userId)) : null,
		// No chapel posts yet is not worth a place on the card.
		chapel ? askExtra(guildId, userId, 'in the chapel', 'chapel', () => chapel.chapelCount(guildId, userId), false) : null
	]);
	return extras.filter((extra): extra is CardExtra => extra !== null);
}

/** One plugin's number, when it is enabled in the guild. A plugin that cannot answer costs its number, not the whole card. */
async function askExtra(
	guildId: string,
	userId: string,
	label: string,
	plugin: string,
	ask: () => Promise<number>,
	showZero = true
): Promise<CardExtra | null> {
	try {
		if (!(await container.features.isEnabled(guildId, plugin))) return null;
		const value = await ask();
		return value === 0 && !showZero ? null : { label, value };
	} catch (error) {
		container.logger.warn(`[progression] no ${label} for ${userId} in ${guildId} on the card:`, error);
		return null;
	}
}
