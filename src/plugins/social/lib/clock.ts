export interface SocialClock {
	/** Milliseconds since the epoch; `Date.now` unless a test moved time. */
	now: () => number;
}

/**
 * The plugin's clock, one per process: the reputation limit reads it, and tests replace `now` to move a day forward
 * without waiting. A process-wide symbol rather than a module variable, because pieces and tests may load this module
 * through different module registries (see docs/plugins.md, "State several pieces must share").
 */
export function socialClock(): SocialClock {
	const store = globalThis as unknown as Record<symbol, SocialClock | undefined>;
	return (store[Symbol.for('tika.social.clock')] ??= { now: () => Date.now() });
}
