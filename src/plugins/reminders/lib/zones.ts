/**
 * IANA time zones through `Intl` alone (no tz database package): validating and naming a zone, the zone's offset at an
 * instant, and turning a wall-clock time in a zone into an instant, DST included.
 *
 * Wall-clock times are carried as "floating" dates: a `Date` whose UTC fields are the local fields (09:00 local is
 * `Date.UTC(y, m, d, 9)`). The rrule package works on such dates too, which keeps every rule in local time.
 */

export interface WallClock {
	year: number;
	/** 1–12 */
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
	let format = formatters.get(zone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formatters.set(zone, format);
	}
	return format;
}

/** The canonical name of an IANA zone ("europe/paris" → "Europe/Paris", "UTC"), or null when Intl does not know it. */
export function canonicalZone(input: string): string | null {
	const name = input.trim();
	// Offsets like "+02:00" are valid Intl zones but not places: they never follow DST, which is what a member wants.
	if (!name || /^[+-]/.test(name) || /^(etc\/)?gmt[+-]/i.test(name)) return null;
	let resolved: string;
	try {
		resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
	} catch {
		return null;
	}
	// Keep the member's (current) spelling: ICU resolves "Asia/Kolkata" to its old name "Asia/Calcutta".
	const lower = name.toLowerCase();
	return allZones().find((zone) => zone.toLowerCase() === lower) ?? resolved;
}

/** Current names of places whose old name is the one ICU lists (renamed in the tz database). */
const RENAMED = [
	'Asia/Kolkata',
	'Asia/Kathmandu',
	'Asia/Ho_Chi_Minh',
	'Asia/Yangon',
	'Europe/Kyiv',
	'America/Nuuk',
	'Atlantic/Faroe',
	'Pacific/Chuuk',
	'Pacific/Pohnpei',
	'Africa/Asmara'
];

let zoneList: readonly string[] | null = null;

/** The zone names listed so far (0 until the first time zone autocomplete): for the plugin's memory report. */
export function zoneNames(): readonly string[] {
	return zoneList ?? [];
}

/** Every IANA zone this Node knows, with UTC and the current names of renamed places, sorted; built on first use. */
export function allZones(): readonly string[] {
	if (!zoneList) {
		const known = RENAMED.filter((zone) => {
			try {
				new Intl.DateTimeFormat('en-US', { timeZone: zone });
				return true;
			} catch {
				return false;
			}
		});
		zoneList = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone'), ...known])].sort();
	}
	return zoneList;
}

/** The wall clock in `zone` at `instant`. */
export function wallClockAt(instant: Date, zone: string): WallClock {
	const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
	for (const part of formatter(zone).formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
	return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** A wall clock as a floating date (its UTC fields are the local fields). */
export function toFloating(clock: WallClock): Date {
	return new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second));
}

export function fromFloating(date: Date): WallClock {
	return {
		year: date.getUTCFullYear(),
		month: date.getUTCMonth() + 1,
		day: date.getUTCDate(),
		hour: date.getUTCHours(),
		minute: date.getUTCMinutes(),
		second: date.getUTCSeconds()
	};
}

/** The zone's offset from UTC at `instant`, in ms (Paris in winter: +3,600,000). Whole seconds, like the tz database. */
export function offsetAt(instant: Date | number, zone: string): number {
	const ms = typeof instant === 'number' ? instant : instant.getTime();
	const floored = Math.floor(ms / 1000) * 1000;
	return toFloating(wallClockAt(new Date(floored), zone)).getTime() - floored;
}

/** "UTC+05:30", "UTC−03:00", "UTC" */
export function formatOffset(offsetMs: number): string {
	if (offsetMs === 0) return 'UTC';
	const minutes = Math.round(Math.abs(offsetMs) / 60_000);
	const sign = offsetMs < 0 ? '−' : '+';
	return `UTC${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const DAY = 86_400_000;

/**
 * The instant a wall-clock time in `zone` names. DST is resolved like Temporal's "compatible" choice: a time that
 * happens twice (clocks go back) is the earlier one; a time that does not exist (clocks go forward) is moved forward by
 * the gap (02:30 on a spring-forward night becomes 03:30).
 */
export function instantOf(clock: WallClock | Date, zone: string): Date {
	const local = (clock instanceof Date ? clock : toFloating(clock)).getTime();
	// Zones change their offset at most once within a couple of days, so the offsets a day either side are the only candidates.
	const before = offsetAt(local - DAY, zone);
	const after = offsetAt(local + DAY, zone);
	const valid = [before, after].filter((offset) => offsetAt(local - offset, zone) === offset).map((offset) => local - offset);
	if (valid.length) return new Date(Math.min(...valid));
	// In the gap: the offset from before the change carries the time forward past it.
	return new Date(local - before);
}

/** The floating date of `instant` in `zone`. */
export function floatingAt(instant: Date, zone: string): Date {
	return toFloating(wallClockAt(instant, zone));
}
