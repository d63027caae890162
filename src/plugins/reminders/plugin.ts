import { z } from 'zod/mini';
import { definePlugin } from '#core/plugins/manifest';
import type * as Memory from './lib/memory';

const range = (expected: string, min: number, max: number, fallback: number) =>
	z._default(z.int({ error: expected }).check(z.gte(min, { error: expected }), z.lte(max, { error: expected })), fallback);

export default definePlugin({
	name: 'reminders',
	category: 'user',
	description: 'Reminders in plain words, repeats in your own time zone, and timers; delivered once, even after a restart.',
	version: '1.0.0',
	defaultEnabled: true,
	personality: ['reminder_refused', 'reminder_set', 'reminder_not_yours', 'reminder_due', 'timer_done'],
	// config.yml → plugins.settings.reminders
	config: z.strictObject({
		// The zone a member's times are read in until they run /timezone set (an IANA name).
		default_timezone: z._default(z.string(), 'UTC'),
		// How far ahead a reminder may be set.
		horizon_years: range('a whole number of years from 1 to 50', 1, 50, 5),
		// The shortest gap between two occurrences of a repeat.
		min_repeat_minutes: range('a whole number of minutes from 1 to 10080', 1, 10_080, 5),
		// Reminders and timers a member may have waiting in one server.
		max_per_member: range('a whole number from 1 to 10000', 1, 10_000, 100),
		// Longest reminder text, in characters.
		max_text: range('a whole number of characters from 1 to 4000', 1, 4_000, 1_500),
		// A reminder delivered later than this (Tika was stopped) says "missed" instead of "late".
		missed_after_minutes: range('a whole number of minutes from 1 to 525600', 1, 525_600, 1_440),
		// Reminders per page of /reminders list.
		page_size: range('a whole number from 1 to 25', 1, 25, 10)
	}),
	// Parsed repeat rules and the time zone list; required when asked, not at start-up.
	memory: () => (require('./lib/memory') as typeof Memory).remindersMemory()
});
