import { MAP_ENTRY_BYTES, objectBytes, stringBytes } from '#core/stats/memory';
import { cooldowns, currentBuffer, rankIndex } from './runtime';

const SNOWFLAKE = '0'.repeat(19);
const MEMBER_KEY = `${SNOWFLAKE}:${SNOWFLAKE}`;
/** A buffered member: its map slot, its `guild:user` key, the entry (10 fields) and its two ids. */
const XP_ENTRY_BYTES = MAP_ENTRY_BYTES + stringBytes(MEMBER_KEY) + objectBytes(10) + 2 * stringBytes(SNOWFLAKE);
/** A member on XP cooldown: a map slot, its key and the time (a heap number). */
const COOLDOWN_BYTES = MAP_ENTRY_BYTES + stringBytes(MEMBER_KEY) + 16;

/** What the plugin holds (its manifest's `memory` hook): the XP buffer, the rank index's copies, the XP cooldowns. */
export function progressionMemory(): Record<string, number> {
	return {
		xp_buffer: (currentBuffer()?.size ?? 0) * XP_ENTRY_BYTES,
		rank_index: rankIndex.estimateBytes(),
		xp_cooldowns: cooldowns.size * COOLDOWN_BYTES
	};
}
