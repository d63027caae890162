/** What happens to a message that hits a rule. */
export const FILTER_ACTIONS = ['delete', 'delete+warn', 'delete+detain'] as const;
export type FilterAction = (typeof FILTER_ACTIONS)[number];

export interface FilterSettings {
	action: FilterAction;
	/** delete+detain: detain when a member collects this many strikes within `windowMs`. */
	strikes: number;
	/** Only strikes this recent count, in milliseconds. */
	windowMs: number;
	exemptRoles: string[];
	exemptChannels: string[];
	/** Members with Manage Messages are not filtered (default on). */
	exemptModerators: boolean;
}

export const DEFAULT_FILTER_SETTINGS: Readonly<FilterSettings> = Object.freeze({
	action: 'delete+warn',
	strikes: 3,
	windowMs: 24 * 60 * 60_000,
	exemptRoles: [],
	exemptChannels: [],
	exemptModerators: true
});

export const MIN_STRIKES = 1;
export const MAX_STRIKES = 20;
export const MIN_WINDOW_MS = 60_000;
export const MAX_WINDOW_MS = 30 * 24 * 60 * 60_000;
/** Exempt roles + channels together. */
export const MAX_EXEMPTIONS = 50;

/** Reads the `filter` key of the moderation document, tolerating anything (old versions, hand edits). */
export function parseFilterSettings(stored: unknown): FilterSettings {
	const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
	const ids = (value: unknown) => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && /^\d{1,25}$/.test(id)) : []);
	const number = (value: unknown, min: number, max: number, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
	return {
		action: (FILTER_ACTIONS as readonly unknown[]).includes(raw.action) ? (raw.action as FilterAction) : DEFAULT_FILTER_SETTINGS.action,
		strikes: number(raw.strikes, MIN_STRIKES, MAX_STRIKES, DEFAULT_FILTER_SETTINGS.strikes),
		windowMs: number(raw.windowMs, MIN_WINDOW_MS, MAX_WINDOW_MS, DEFAULT_FILTER_SETTINGS.windowMs),
		exemptRoles: ids(raw.exemptRoles),
		exemptChannels: ids(raw.exemptChannels),
		exemptModerators: typeof raw.exemptModerators === 'boolean' ? raw.exemptModerators : DEFAULT_FILTER_SETTINGS.exemptModerators
	};
}

export interface ExemptionSubject {
	channelId: string;
	/** The parent channel of a thread, or the category of a channel: exempting it covers what is inside. */
	parentIds: readonly string[];
	roleIds: Iterable<string>;
	/** The member has Manage Messages. */
	isModerator: boolean;
}

/** Why a message is not filtered, or null when it is. */
export function exemptionOf(settings: FilterSettings, subject: ExemptionSubject): 'moderator' | 'channel' | 'role' | null {
	if (settings.exemptModerators && subject.isModerator) return 'moderator';
	if (settings.exemptChannels.length) {
		if (settings.exemptChannels.includes(subject.channelId)) return 'channel';
		if (subject.parentIds.some((id) => settings.exemptChannels.includes(id))) return 'channel';
	}
	if (settings.exemptRoles.length) for (const role of subject.roleIds) if (settings.exemptRoles.includes(role)) return 'role';
	return null;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30m", "12h", "7d", "1d 12h", "90" (minutes). Null when it cannot be read. */
export function parseWindow(input: string): number | null {
	const text = input.trim().toLowerCase().replace(/\s+/g, '');
	if (/^\d+$/.test(text)) return Number(text) * 60_000;
	if (!/^(\d+[smhdw])+$/.test(text)) return null;
	let total = 0;
	for (const [, amount, unit] of text.matchAll(/(\d+)([smhdw])/g)) total += Number(amount) * UNITS[unit!]!;
	return total;
}

/** 86400000 → "1d", 5400000 → "1h 30m". */
export function formatWindow(ms: number): string {
	const parts: string[] = [];
	let rest = Math.round(ms / 1000);
	for (const [unit, size] of [
		['d', 86_400],
		['h', 3_600],
		['m', 60],
		['s', 1]
	] as const) {
		const amount = Math.floor(rest / size);
		if (amount > 0) parts.push(`${amount}${unit}`);
		rest -= amount * size;
	}
	return parts.join(' ') || '0s';
}

/** "delete+detain after 3 strikes in 1d"; what the guild's admins read in /wordfilter list. */
export function describeAction(settings: Pick<FilterSettings, 'action' | 'strikes' | 'windowMs'>): string {
	switch (settings.action) {
		case 'delete':
			return 'delete the message silently';
		case 'delete+warn':
			return 'delete the message and warn the author';
		case 'delete+detain':
			return `delete the message, warn the author, and detain after ${settings.strikes} strike${settings.strikes === 1 ? '' : 's'} within ${formatWindow(settings.windowMs)}`;
	}
}
