import { arrayBytes, MAP_ENTRY_BYTES, objectBytes, stringsBytes } from '#core/stats/memory';
import { parsedRuleCount } from './repeat';
import { zoneNames } from './zones';

/** A parsed repeat rule: its map slot and key, and an rrule RRule with its two option objects (≈ 30 fields each). */
const PARSED_RULE_BYTES = MAP_ENTRY_BYTES + 64 + objectBytes(8) + 2 * objectBytes(30);

/**
 * What the plugin holds (its manifest's `memory` hook): the parsed repeat rules and the time zone list, both filled on
 * first use. Reminders themselves live in the database and the scheduler, not in memory.
 */
export function remindersMemory(): Record<string, number> {
	const zones = zoneNames();
	return {
		repeat_rules: parsedRuleCount() * PARSED_RULE_BYTES,
		time_zones: zones.length === 0 ? 0 : arrayBytes(zones.length) + stringsBytes(zones)
	};
}
