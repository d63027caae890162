import { container } from '@sapphire/framework';
import { getRankSnapshot } from '../../progression/lib/api';

/** Whether progression is enabled in the guild (false when it is not loaded at all, or the check fails). */
export async function progressionEnabled(guildId: string): Promise<boolean> {
	try {
		if (!container.plugins.isEnabled('progression')) return false;
		return await container.features.isEnabled(guildId, 'progression');
	} catch {
		return false;
	}
}

/** The member's level when progression is enabled in the guild; null when levels do not apply here. */
export async function memberLevel(guildId: string, userId: string): Promise<number | null> {
	if (!(await progressionEnabled(guildId))) return null;
	try {
		return (await getRankSnapshot(guildId, userId)).level;
	} catch (error) {
		container.logger.warn(`[customization] could not read the level of ${userId} in ${guildId}:`, error);
		return null;
	}
}
