/**
 * What an auto-reply trigger is made of. The match kinds are listed from the most specific to the least: when several
 * triggers match one message, the first kind wins (then the longer trigger, then the older one), see matcher.ts.
 */
export const MATCH_KINDS = ['exact', 'starts_with', 'word', 'wildcard', 'contains', 'regex'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export const MODES = ['reply', 'message', 'dm', 'react'] as const;
export type Mode = (typeof MODES)[number];

export const COOLDOWN_SCOPES = ['channel', 'user'] as const;
export type CooldownScope = (typeof COOLDOWN_SCOPES)[number];

/** Longest trigger, of any kind (the word filter's limit too). */
export const MAX_TRIGGER_LENGTH = 200;
/** Longest single response: Discord's limit for a message's content. */
export const MAX_RESPONSE_LENGTH = 2_000;
/** Responses one trigger may pick from. */
export const MAX_RESPONSES = 20;
/** Highest weight of a response (`100: text`). */
export const MAX_WEIGHT = 100;
/** Longest cooldown, in seconds (a day). */
export const MAX_COOLDOWN_SECONDS = 86_400;
/** Channels or roles in one of a trigger's scope lists, and in each guild-wide ignore list. */
export const MAX_SCOPE_ENTRIES = 25;

export interface WeightedResponse {
	readonly text: string;
	/** 0-100; 0 = never picked (kept, e.g. to switch one response off). */
	readonly weight: number;
}

/** Where a trigger may fire. Empty lists mean "no restriction"; channels cover their threads and a category its channels. */
export interface TriggerScope {
	readonly onlyChannels: readonly string[];
	readonly exceptChannels: readonly string[];
	readonly onlyRoles: readonly string[];
	readonly exceptRoles: readonly string[];
}

export const EMPTY_SCOPE: TriggerScope = Object.freeze({ onlyChannels: [], exceptChannels: [], onlyRoles: [], exceptRoles: [] });

/** One trigger as the matcher and the handler see it (a database row, parsed). */
export interface AutoReply {
	readonly id: number;
	/** As the admin typed it (trimmed): shown in lists, compiled for wildcard and regex. */
	readonly trigger: string;
	/** The matcher's normalised form; with `match`, what makes two triggers duplicates. */
	readonly normalized: string;
	readonly match: MatchKind;
	readonly responses: readonly WeightedResponse[];
	readonly mode: Mode;
	readonly deleteTrigger: boolean;
	/** 0-100: the percentage of matches that fire (0 pauses the trigger). */
	readonly chance: number;
	/** 0 = no cooldown. */
	readonly cooldownSeconds: number;
	readonly cooldownScope: CooldownScope;
	readonly scope: TriggerScope;
	/** Times it fired; the handler adds to it in memory as it fires ({count}). */
	fired: number;
}

export function isMatchKind(value: unknown): value is MatchKind {
	return typeof value === 'string' && (MATCH_KINDS as readonly string[]).includes(value);
}

export function isMode(value: unknown): value is Mode {
	return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

export function isCooldownScope(value: unknown): value is CooldownScope {
	return typeof value === 'string' && (COOLDOWN_SCOPES as readonly string[]).includes(value);
}

/** One line per kind, for the command's choices and the docs. */
export const KIND_HELP: Record<MatchKind, string> = {
	exact: 'exact: the whole message is the trigger',
	starts_with: 'starts_with: the message begins with the trigger',
	word: 'word: the trigger as whole word(s) anywhere (default)',
	wildcard: 'wildcard: the whole message fits, * = any text, ? = one character',
	contains: 'contains: the trigger anywhere, even inside a word',
	regex: 'regex: a regular expression'
};

export const MODE_HELP: Record<Mode, string> = {
	reply: 'reply: answer the message (default)',
	message: 'message: a plain message in the channel',
	dm: 'dm: a direct message to the author',
	react: 'react: only add the response emoji to the message'
};
