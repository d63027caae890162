import type { RegexTimeoutError } from '#shared/regex/runner';
import type { Cooldowns } from './cooldowns';
import type { WeightedResponse } from './kinds';
import type { AutoReplyMatch, AutoReplyMatcher } from './matcher';
import { pickResponse } from './responses';
import { ignoreRefusal, scopeRefusal, type AutoReplySettings, type ScopeSubject } from './scope';

/** A message as the decision sees it. */
export interface MessageFacts extends ScopeSubject {
	readonly content: string;
	readonly channelId: string;
	readonly userId: string;
}

export type Outcome = 'fire' | 'cooldown' | 'chance';

export interface Decision {
	readonly match: AutoReplyMatch;
	readonly outcome: Outcome;
	/** The response picked (only when it fires). */
	readonly response: WeightedResponse | null;
	/** Milliseconds of cooldown left (outcome `cooldown`). */
	readonly cooldownMs: number;
}

export interface DecideOptions {
	/** Most triggers that answer one message (config: autoreply.replies_per_message). */
	readonly limit: number;
	readonly cooldowns: Cooldowns;
	readonly now?: number;
	/** [0, 1), for the chance roll and the pick of a response. */
	readonly random?: () => number;
	/** `/autoreply test`: no cooldown starts and no chance is rolled (the command shows the percentage instead; 0% stays quiet). */
	readonly dryRun?: boolean;
	readonly onTimeout?: (error: RegexTimeoutError) => void;
}

/**
 * What auto-replies a message gets. The guild's ignore lists silence everything; a trigger whose channel or role
 * scope excludes this message is passed over (the next most specific may answer). The `limit` most specific triggers
 * left are then the message's answers: one that is cooling down or loses its chance roll keeps its place and stays
 * quiet, so a message never gets a less fitting reply instead, nor a burst of them.
 */
export function decide(
	matcher: AutoReplyMatcher,
	settings: AutoReplySettings,
	facts: MessageFacts,
	options: DecideOptions
): { ignored: string | null; decisions: Decision[] } {
	if (matcher.size === 0) return { ignored: null, decisions: [] };
	const ignored = ignoreRefusal(settings, facts);
	if (ignored) return { ignored, decisions: [] };
	const matches = matcher.match(facts.content, {
		limit: options.limit,
		eligible: (trigger) => scopeRefusal(trigger.scope, facts) === null,
		onTimeout: options.onTimeout
	});
	const now = options.now ?? Date.now();
	const random = options.random ?? Math.random;
	const decisions = matches.map((match): Decision => {
		const { trigger } = match;
		const cooldownMs = options.cooldowns.remaining(trigger, facts.channelId, facts.userId, now);
		if (cooldownMs > 0) return { match, outcome: 'cooldown', response: null, cooldownMs };
		// A dry run rolls nothing, but a paused trigger (0%) certainly stays quiet.
		if (options.dryRun ? trigger.chance === 0 : random() * 100 >= trigger.chance)
			return { match, outcome: 'chance', response: null, cooldownMs: 0 };
		const response = pickResponse(trigger.responses, random);
		if (!response) return { match, outcome: 'chance', response: null, cooldownMs: 0 };
		if (!options.dryRun) options.cooldowns.start(trigger, facts.channelId, facts.userId, now);
		return { match, outcome: 'fire', response, cooldownMs: 0 };
	});
	return { ignored: null, decisions };
}
