/**
 * Which messages a chapel takes and which reactions count: plain functions of a chapel's settings and facts about the
 * message, so every rule is unit-tested without Discord.
 */

/** What a chapel does with messages from age-restricted (NSFW) channels. */
export type NsfwMode = 'age_restricted_only' | 'never';
export const NSFW_MODES: readonly NsfwMode[] = ['age_restricted_only', 'never'];

/** What happens to a post whose count falls below the keep threshold. */
export type BelowKeep = 'remove' | 'freeze';
export const BELOW_KEEP_MODES: readonly BelowKeep[] = ['remove', 'freeze'];

export const MIN_THRESHOLD = 1;
export const MAX_THRESHOLD = 100;
export const DEFAULT_THRESHOLD = 3;

/** The settings the rules read (a subset of a chapel's row). */
export interface ChapelRules {
	channelId: string;
	threshold: number;
	/** null: the threshold itself; 0: posts are never removed or frozen for their count. */
	keepThreshold: number | null;
	belowKeep: BelowKeep;
	selfVote: boolean;
	botMessages: boolean;
	/** Messages older than this many days are not taken; null: any age. */
	maxAgeDays: number | null;
	nsfw: NsfwMode;
	ignoredChannels: readonly string[];
}

export function isThresholdValid(value: number): boolean {
	return Number.isInteger(value) && value >= MIN_THRESHOLD && value <= MAX_THRESHOLD;
}

/** The count below which a post leaves the chapel (or freezes). */
export function keepOf(rules: Pick<ChapelRules, 'threshold' | 'keepThreshold'>): number {
	return rules.keepThreshold === null ? rules.threshold : Math.min(rules.keepThreshold, rules.threshold);
}

/**
 * Content from an age-restricted channel never reaches a chapel that is not age-restricted; in an age-restricted
 * chapel it is welcome unless the chapel says `never`.
 */
export function nsfwAllows(mode: NsfwMode, sourceNsfw: boolean, chapelNsfw: boolean): boolean {
	if (!sourceNsfw) return true;
	return chapelNsfw && mode !== 'never';
}

/** Why a message cannot be on a chapel, or null when it can. */
export type Ineligibility = 'chapel_channel' | 'ignored_channel' | 'too_old' | 'bot_message' | 'nsfw';

export interface MessageFacts {
	channelId: string;
	/** The parent channel of a thread: ignoring a channel ignores its threads too. */
	parentId?: string | null;
	createdAt: number;
	authorBot: boolean;
	sourceNsfw: boolean;
	chapelNsfw: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a message came from: checked before counting, cheap (no message needed). */
export function channelIneligibility(rules: ChapelRules, channelId: string, parentId?: string | null): Ineligibility | null {
	if (channelId === rules.channelId || parentId === rules.channelId) return 'chapel_channel';
	if (rules.ignoredChannels.includes(channelId) || (parentId && rules.ignoredChannels.includes(parentId))) return 'ignored_channel';
	return null;
}

export function isTooOld(rules: Pick<ChapelRules, 'maxAgeDays'>, createdAt: number, now: number): boolean {
	return rules.maxAgeDays !== null && now - createdAt > rules.maxAgeDays * DAY_MS;
}

/**
 * Whether a message may be on the chapel by reactions. A manual highlight (`forced`) skips the age, bot and ignored
 * channel rules, as a moderator chose that message, but never the NSFW rule.
 */
export function messageIneligibility(rules: ChapelRules, facts: MessageFacts, now: number, forced = false): Ineligibility | null {
	if (!nsfwAllows(rules.nsfw, facts.sourceNsfw, facts.chapelNsfw)) return 'nsfw';
	if (forced) return channelIneligibility(rules, facts.channelId, facts.parentId) === 'chapel_channel' ? 'chapel_channel' : null;
	const channel = channelIneligibility(rules, facts.channelId, facts.parentId);
	if (channel) return channel;
	if (isTooOld(rules, facts.createdAt, now)) return 'too_old';
	if (facts.authorBot && !rules.botMessages) return 'bot_message';
	return null;
}

/** Whether a member's reaction is a vote: bots never vote, authors only when self-votes are on. */
export function countsAsVote(rules: Pick<ChapelRules, 'selfVote'>, voterId: string, voterBot: boolean, authorId: string): boolean {
	if (voterBot) return false;
	return rules.selfVote || voterId !== authorId;
}
