import { container } from '@sapphire/framework';

/** Per-guild custom role settings, stored in GuildData (plugin 'customization'). */
export interface CustomRoleSettings {
	/** Server boosters may have a custom role. */
	boosters: boolean;
	/** Members at or above this level may have one (needs progression enabled); null = off. */
	minLevel: number | null;
	/** New custom roles go directly below this role; null = at the bottom of the role list. */
	anchorRoleId: string | null;
}

export interface CustomizationSettings {
	customRoles: CustomRoleSettings;
}

export const DEFAULT_SETTINGS: CustomizationSettings = Object.freeze({
	customRoles: Object.freeze({ boosters: true, minLevel: null, anchorRoleId: null })
}) as CustomizationSettings;

const PLUGIN = 'customization';

/** Stored settings merged over the defaults (so settings added later get their default in old documents). */
export async function getSettings(guildId: string): Promise<CustomizationSettings> {
	const stored = await container.data.getGuildData<Partial<CustomizationSettings> | null>(guildId, PLUGIN, null);
	return { customRoles: { ...DEFAULT_SETTINGS.customRoles, ...(stored?.customRoles ?? {}) } };
}

export async function updateCustomRoleSettings(guildId: string, patch: Partial<CustomRoleSettings>): Promise<CustomizationSettings> {
	return container.data.updateGuildData<CustomizationSettings>(guildId, PLUGIN, (current) => ({
		customRoles: { ...DEFAULT_SETTINGS.customRoles, ...(current?.customRoles ?? {}), ...patch }
	}));
}
