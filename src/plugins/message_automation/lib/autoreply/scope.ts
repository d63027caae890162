import { EMPTY_SCOPE, MAX_SCOPE_ENTRIES, type TriggerScope } from './kinds';

/** Where a message was written and by whom, as scopes see it. */
export interface ScopeSubject {
	/** The channel, then its parents (a thread's channel, a channel's category): listing a parent covers what is inside. */
	readonly channelIds: readonly string[];
	readonly roleIds: Iterable<string>;
}

/** Why a trigger (or the guild-wide ignore lists, as `except` lists) keeps quiet for this subject; null: it may fire. */
export function scopeRefusal(scope: TriggerScope, subject: ScopeSubject): string | null {
	const inChannel = (ids: readonly string[]) => subject.channelIds.some((id) => ids.includes(id));
	if (scope.exceptChannels.length && inChannel(scope.exceptChannels)) return 'not in this channel';
	if (scope.onlyChannels.length && !inChannel(scope.onlyChannels)) return `only in ${scope.onlyChannels.map((id) => `<#${id}>`).join(', ')}`;
	if (scope.exceptRoles.length || scope.onlyRoles.length) {
		const roles = new Set(subject.roleIds);
		if (scope.exceptRoles.some((id) => roles.has(id))) return 'not for one of your roles';
		if (scope.onlyRoles.length && !scope.onlyRoles.some((id) => roles.has(id)))
			return `only for ${scope.onlyRoles.map((id) => `<@&${id}>`).join(', ')}`;
	}
	return null;
}

/** The guild-wide ignore lists: channels and roles where no auto-reply fires. */
export interface AutoReplySettings {
	readonly ignoredChannels: readonly string[];
	readonly ignoredRoles: readonly string[];
}

export const DEFAULT_AUTOREPLY_SETTINGS: AutoReplySettings = Object.freeze({ ignoredChannels: [], ignoredRoles: [] });

/** Why the guild's ignore lists silence this subject, or null. */
export function ignoreRefusal(settings: AutoReplySettings, subject: ScopeSubject): string | null {
	if (settings.ignoredChannels.length === 0 && settings.ignoredRoles.length === 0) return null;
	const refusal = scopeRefusal({ ...EMPTY_SCOPE, exceptChannels: settings.ignoredChannels, exceptRoles: settings.ignoredRoles }, subject);
	return refusal && `auto-replies ignore ${refusal.includes('channel') ? 'this channel' : 'one of your roles'}`;
}

const SNOWFLAKE = /^\d{17,20}$/;
const ids = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && SNOWFLAKE.test(id)).slice(0, MAX_SCOPE_ENTRIES) : [];

/** Reads a stored scope, tolerating anything (null, older versions, hand edits). */
export function parseStoredScope(stored: unknown): TriggerScope {
	if (!stored || typeof stored !== 'object') return EMPTY_SCOPE;
	const raw = stored as Record<string, unknown>;
	return {
		onlyChannels: ids(raw.onlyChannels),
		exceptChannels: ids(raw.exceptChannels),
		onlyRoles: ids(raw.onlyRoles),
		exceptRoles: ids(raw.exceptRoles)
	};
}

export function parseStoredSettings(stored: unknown): AutoReplySettings {
	const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
	return { ignoredChannels: ids(raw.ignoredChannels), ignoredRoles: ids(raw.ignoredRoles) };
}

export function isEmptyScope(scope: TriggerScope): boolean {
	return !scope.onlyChannels.length && !scope.exceptChannels.length && !scope.onlyRoles.length && !scope.exceptRoles.length;
}

/** One line per restriction, for lists and confirmations ('everywhere' when there is none). */
export function describeScope(scope: TriggerScope): string {
	const parts = [
		scope.onlyChannels.length ? `only in ${scope.onlyChannels.map((id) => `<#${id}>`).join(' ')}` : null,
		scope.exceptChannels.length ? `not in ${scope.exceptChannels.map((id) => `<#${id}>`).join(' ')}` : null,
		scope.onlyRoles.length ? `only for ${scope.onlyRoles.map((id) => `<@&${id}>`).join(' ')}` : null,
		scope.exceptRoles.length ? `not for ${scope.exceptRoles.map((id) => `<@&${id}>`).join(' ')}` : null
	].filter(Boolean);
	return parts.length ? parts.join('; ') : 'everywhere, for everyone';
}

export type IdListResult = { ok: true; ids: string[] } | { ok: false; reason: string };

/**
 * Reads a list of channels or roles typed in a text option: mentions (`#general` becomes `<#id>` in Discord's box),
 * plain ids, separated by spaces or commas; `none` clears the list. `exists` says whether an id is a channel (role) of
 * this server.
 */
export function parseIdList(input: string, kind: 'channel' | 'role', exists: (id: string) => boolean): IdListResult {
	const text = input.trim();
	if (/^(none|-|clear)$/i.test(text)) return { ok: true, ids: [] };
	const mention = kind === 'channel' ? /^<#(\d{17,20})>$/ : /^<@&(\d{17,20})>$/;
	const found = new Set<string>();
	for (const token of text.split(/[\s,]+/).filter(Boolean)) {
		const id = mention.exec(token)?.[1] ?? (SNOWFLAKE.test(token) ? token : null);
		if (id === null || !exists(id))
			return {
				ok: false,
				reason: `\`${token.slice(0, 40)}\` is not a ${kind} of this server. Mention ${kind === 'channel' ? 'channels like #general' : 'roles like @Members'}, separated by spaces, or write \`none\`.`
			};
		found.add(id);
	}
	if (found.size === 0) return { ok: false, reason: `Name at least one ${kind}, or write \`none\`.` };
	if (found.size > MAX_SCOPE_ENTRIES) return { ok: false, reason: `That is ${found.size} ${kind}s; a list holds ${MAX_SCOPE_ENTRIES} at most.` };
	return { ok: true, ids: [...found] };
}
