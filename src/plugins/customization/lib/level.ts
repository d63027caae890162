import { container } from '@sapphire/framework';

/**
 * Progression's service when progression is loaded and enabled in the guild; undefined otherwise (not installed,
 * disabled everywhere or here, or the check fails). Progression is an optional dependency: customization never imports
 * it, it asks the service registry on every use.
 */
async function progressionIn(guildId: string) {
	try {
		const progression = container.services.get('progression');
		if (!progression) return undefined;
		return (await container.features.isEnabled(guildId, 'progression')) ? progression : undefined;
	} catch {
		return undefined;
	}
}

/** Whether progression is enabled in the guild (false when it is not loaded at all, or the check fails). */
export async function progressionEnabled(guildId: string): Promise<boolean> {
	return (await progressionIn(guildId)) !== undefined;
}

/** The member's level when progression is enabled in the guild; null when levels do not apply here. */
export async function memberLevel(guildId: string, userId: string): Promise<number | null> {
	const progression = await progressionIn(guildId);
	if (!progression) return null;
	try {
		return (await progression.rankSnapshot(guildId, userId)).level;
	} catch (error) {
		container.logger.warn(`[customization] could not read the level of ${userId} in ${guildId}:`, error);
		return null;
	}
}
