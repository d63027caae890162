import { LINK_FIX_SITES, TRANSLATION_PATTERN, type LinkFixSite } from './sites';

/**
 * A guild's link fixing settings: the `linkFix` key of the plugin's GuildData document (the auto-replies keep their own
 * key beside it, so writes always spread the current document).
 */
export interface LinkFixSettings {
	/** Sites whose links are left alone. */
	disabledSites: LinkFixSite[];
	/** Channels (or categories, or a thread's parent) where links are left alone. */
	ignoredChannels: string[];
	/** Members with one of these roles are left alone. */
	ignoredRoles: string[];
	/** FxTwitter translation (`en`, `pt-br`...) appended to X / Twitter fixes; null for none. */
	translateTo: string | null;
	/** Fix only the links Discord did not embed by itself (after waiting a moment for its embed). */
	onlyMissingEmbeds: boolean;
}

export const DEFAULT_LINK_FIX_SETTINGS: Readonly<LinkFixSettings> = Object.freeze({
	disabledSites: [],
	ignoredChannels: [],
	ignoredRoles: [],
	translateTo: null,
	onlyMissingEmbeds: false
});

/** Ignored channels + roles together; a guild that needs more wants the feature off in /features. */
export const MAX_LINK_FIX_EXCLUSIONS = 50;

/** Reads the stored `linkFix` value, tolerating anything (older versions, hand edits). */
export function parseLinkFixSettings(stored: unknown): LinkFixSettings {
	const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
	const ids = (value: unknown) => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && /^\d{1,25}$/.test(id)) : []);
	const translate = typeof raw.translateTo === 'string' ? raw.translateTo.toLowerCase() : null;
	return {
		disabledSites: Array.isArray(raw.disabledSites) ? LINK_FIX_SITES.filter((site) => (raw.disabledSites as unknown[]).includes(site)) : [],
		ignoredChannels: ids(raw.ignoredChannels),
		ignoredRoles: ids(raw.ignoredRoles),
		translateTo: translate && TRANSLATION_PATTERN.test(translate) ? translate : null,
		onlyMissingEmbeds: raw.onlyMissingEmbeds === true
	};
}

/** Normalises what an admin typed as a translation language: `EN` → `en`, `off`/empty → null, junk → undefined. */
export function parseTranslation(input: string | null): string | null | undefined {
	const text = (input ?? '').trim().toLowerCase().replace('_', '-');
	if (text === '' || text === 'off' || text === 'none') return null;
	return TRANSLATION_PATTERN.test(text) ? text : undefined;
}

export interface LinkFixSubject {
	/** The channel and what contains it (a thread's channel, a category): ignoring either covers the message. */
	channelIds: readonly string[];
	roleIds: Iterable<string>;
}

/** Why a message's links are left alone by the guild's settings, or null when they are fixed. */
export function exclusionOf(settings: LinkFixSettings, subject: LinkFixSubject): 'channel' | 'role' | null {
	if (settings.ignoredChannels.length && subject.channelIds.some((id) => settings.ignoredChannels.includes(id))) return 'channel';
	if (settings.ignoredRoles.length) for (const role of subject.roleIds) if (settings.ignoredRoles.includes(role)) return 'role';
	return null;
}

export function siteEnabled(settings: LinkFixSettings, site: LinkFixSite): boolean {
	return !settings.disabledSites.includes(site);
}
