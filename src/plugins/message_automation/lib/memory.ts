import { MAP_ENTRY_BYTES, stringBytes } from '#core/stats/memory';
import { autoReplyRuntime } from './autoreply/service';
import { linkFixRuntime } from './linkfix/runtime';

/** A cooldown: a map slot, its `trigger:cchannel` key and the LRU record holding the time. */
const COOLDOWN_BYTES = 2 * MAP_ENTRY_BYTES + stringBytes(`12345:c${'0'.repeat(19)}`) + 48;

/**
 * What the plugin holds (its manifest's `memory` hook): each cached guild's compiled auto-reply matcher, the
 * auto-reply cooldowns, and the link fixer's index of fixes. Guilds whose triggers were never loaded cost nothing.
 */
export function messageAutomationMemory(): Record<string, number> {
	const autoReplies = autoReplyRuntime();
	let matchers = 0;
	for (const state of autoReplies.states.values()) matchers += state.matcher.estimateBytes();
	return {
		auto_reply_matchers: matchers,
		auto_reply_cooldowns: autoReplies.cooldowns.size * COOLDOWN_BYTES,
		link_fix_index: linkFixRuntime().index.estimateBytes()
	};
}
