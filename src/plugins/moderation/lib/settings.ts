import { container } from '@sapphire/framework';

/** The moderation plugin's per-guild settings, stored in GuildData (plugin 'moderation'). */
export interface ModerationSettings {
	/** Channel receiving one embed per case; null = no mod log (cases are still numbered and stored). */
	modLogChannelId: string | null;
	/** The role given to detained members. */
	detentionRoleId: string | null;
	/** The only channel detained members can see. */
	detentionChannelId: string | null;
}

export const MODERATION_PLUGIN = 'moderation';

export const DEFAULT_SETTINGS: ModerationSettings = Object.freeze({ modLogChannelId: null, detentionRoleId: null, detentionChannelId: null });

/** Reads the guild's moderation settings, filling defaults. Other keys (the word filter's) are preserved by updateSettings. */
export async function getSettings(guildId: string): Promise<ModerationSettings> {
	const stored = await container.data.getGuildData<Partial<ModerationSettings> & Record<string, unknown>>(guildId, MODERATION_PLUGIN, {});
	return { ...DEFAULT_SETTINGS, ...pick(stored) };
}

/** Merges a patch into the guild's moderation document (keeps keys owned by other parts of the plugin). */
export async function updateSettings(guildId: string, patch: Partial<ModerationSettings>): Promise<ModerationSettings> {
	const next = await container.data.updateGuildData<Record<string, unknown>>(guildId, MODERATION_PLUGIN, (current) => ({
		...(current ?? {}),
		...patch
	}));
	return { ...DEFAULT_SETTINGS, ...pick(next) };
}

function pick(stored: Record<string, unknown> | null | undefined): Partial<ModerationSettings> {
	const out: Partial<ModerationSettings> = {};
	if (!stored) return out;
	for (const key of ['modLogChannelId', 'detentionRoleId', 'detentionChannelId'] as const) {
		const value = stored[key];
		if (typeof value === 'string' || value === null) out[key] = value;
	}
	return out;
}
