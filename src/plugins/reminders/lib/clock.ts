export interface RemindersClock {
	/** Milliseconds since the epoch; `Date.now` unless a test moved time (DST tests). */
	now: () => number;
}

/**
 * The plugin's clock, one per process: parsing "tomorrow 9am" and finding a repeat's next occurrence read it, and tests
 * replace `now` to stand on either side of a DST change. A process-wide symbol rather than a module variable, because
 * pieces and tests may load this module through different module registries (docs/plugins.md).
 */
export function remindersClock(): RemindersClock {
	const store = globalThis as unknown as Record<symbol, RemindersClock | undefined>;
	return (store[Symbol.for('tika.reminders.clock')] ??= { now: () => Date.now() });
}
