import type { ChapelRules } from '../../../src/plugins/chapel/lib/rules';

/** A chapel's rules with the defaults of /chapel setup (threshold 3, ⭐), changed by `patch`. */
export const rules = (patch: Partial<ChapelRules> = {}): ChapelRules => ({
	channelId: 'chapel',
	threshold: 3,
	keepThreshold: null,
	belowKeep: 'remove',
	selfVote: false,
	botMessages: false,
	maxAgeDays: null,
	nsfw: 'age_restricted_only',
	ignoredChannels: [],
	...patch
});
