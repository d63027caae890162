/**
 * Repeats as RFC 5545 rules (the rrule package) in the member's local, floating time plus a zone: "every month" is a
 * calendar month, a daily 09:00 stays 09:00 across a DST change, and nothing is ever stored as a number of seconds.
 *
 * A stored rule is `DTSTART:20250301T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO`: DTSTART without a zone is the first
 * occurrence's wall-clock time; the zone lives beside it (the reminder's `zone`).
 */
import type * as RRuleModule from 'rrule';
import { lazy } from '#core/lazy';
import { floatingAt, fromFloating, instantOf, type WallClock } from './zones';

export type Frequency = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export interface RepeatSpec {
	freq: Frequency;
	interval: number;
	/** 0 = Monday … 6 = Sunday (rrule's numbering). */
	weekdays?: number[];
	/** Day of the month, 1–31 (a month without that day uses its last day). */
	monthDay?: number;
	/** Time of day, when the phrase names one. */
	time?: { hour: number; minute: number };
}

/** Loaded on first use, not at start-up. */
const lib = lazy(() => require('rrule') as typeof RRuleModule);

const DAY_NAMES: [RegExp, number][] = [
	[/^mon(day)?s?$/, 0],
	[/^tue(s|sday)?s?$/, 1],
	[/^wed(nesday)?s?$/, 2],
	[/^thu(r|rs|rsday)?s?$/, 3],
	[/^fri(day)?s?$/, 4],
	[/^sat(urday)?s?$/, 5],
	[/^sun(day)?s?$/, 6]
];
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const UNITS: Record<string, Frequency> = {
	minute: 'minute',
	minutes: 'minute',
	min: 'minute',
	mins: 'minute',
	hour: 'hour',
	hours: 'hour',
	hr: 'hour',
	hrs: 'hour',
	day: 'day',
	days: 'day',
	week: 'week',
	weeks: 'week',
	month: 'month',
	months: 'month',
	year: 'year',
	years: 'year'
};
const ADVERBS: Record<string, [Frequency, number]> = {
	hourly: ['hour', 1],
	daily: ['day', 1],
	weekly: ['week', 1],
	fortnightly: ['week', 2],
	monthly: ['month', 1],
	yearly: ['year', 1],
	annually: ['year', 1]
};

/** A time of day at the end of a phrase: "at 9am", "18:00", "9:30 pm", "noon", "midnight". */
const TIME = /(?:^|\s)(?:at\s+)?(noon|midnight|(\d{1,2})(?::(\d{2}))?\s*(am|pm)|(\d{1,2}):(\d{2}))$/;

/** Reads a time of day, or null. Exported for the one-off parser's "every ..." detection. */
export function parseTimeOfDay(text: string): { hour: number; minute: number; rest: string } | null {
	const match = TIME.exec(text);
	if (!match) return null;
	const rest = text.slice(0, match.index).trim();
	if (match[1] === 'noon') return { hour: 12, minute: 0, rest };
	if (match[1] === 'midnight') return { hour: 0, minute: 0, rest };
	if (match[4]) {
		const hour = Number(match[2]);
		const minute = Number(match[3] ?? 0);
		if (hour < 1 || hour > 12 || minute > 59) return null;
		return { hour: (hour % 12) + (match[4] === 'pm' ? 12 : 0), minute, rest };
	}
	const hour = Number(match[5]);
	const minute = Number(match[6]);
	if (hour > 23 || minute > 59) return null;
	return { hour, minute, rest };
}

/**
 * Reads a repeat phrase: "daily", "every 2 weeks", "every weekday", "every monday 9am", "every mon and thu at 18:00",
 * "every month on the 15th", "every other day", "every 30 minutes", "weekly". Null when it is not one.
 */
export function parseRepeat(input: string): RepeatSpec | null {
	let text = input
		.trim()
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.replace(/^(repeat(ing)?|every)\s+/, '');
	if (!text) return null;

	let time: RepeatSpec['time'];
	const timed = parseTimeOfDay(text);
	if (timed) {
		time = { hour: timed.hour, minute: timed.minute };
		text = timed.rest;
	}

	let monthDay: number | undefined;
	text = text.replace(/(?:^|\s)on the (\d{1,2})(?:st|nd|rd|th)?(?= |$)/, (_, day: string) => {
		monthDay = Number(day);
		return '';
	});
	if (monthDay !== undefined && (monthDay < 1 || monthDay > 31)) return null;

	const weekdays = new Set<number>();
	const words: string[] = [];
	for (const word of text.split(/[\s,&]+/).filter(Boolean)) {
		if (word === 'and' || word === 'on' || word === 'every') continue;
		if (/^weekdays?$/.test(word)) [0, 1, 2, 3, 4].forEach((day) => weekdays.add(day));
		else if (/^weekends?$/.test(word)) [5, 6].forEach((day) => weekdays.add(day));
		else {
			const day = DAY_NAMES.find(([pattern]) => pattern.test(word));
			if (day) weekdays.add(day[1]);
			else words.push(word);
		}
	}

	let freq: Frequency | undefined;
	let interval = 1;
	if (words.length === 1 && ADVERBS[words[0]!]) [freq, interval] = ADVERBS[words[0]!]!;
	else if (words.length > 0) {
		const [count, unit, ...extra] = words.length === 1 ? ['1', words[0]!] : words;
		if (extra.length || !unit || !UNITS[unit]) return null;
		freq = UNITS[unit];
		interval = count === 'other' ? 2 : /^\d{1,4}$/.test(count!) ? Number(count) : NaN;
		if (!Number.isInteger(interval) || interval < 1) return null;
	}

	if (weekdays.size) {
		if (freq && freq !== 'week' && !(freq === 'day' && interval === 1)) return null;
		freq = 'week';
	}
	if (monthDay !== undefined) {
		if (freq && freq !== 'month') return null;
		freq = 'month';
	}
	if (!freq) {
		if (!time) return null;
		freq = 'day';
	}
	if (time && (freq === 'minute' || freq === 'hour')) return null;
	return {
		freq,
		interval,
		...(weekdays.size ? { weekdays: [...weekdays].sort() } : {}),
		...(monthDay !== undefined ? { monthDay } : {}),
		...(time ? { time } : {})
	};
}

/** True when the phrase pins the occurrences to days or a time ("every monday", "daily at 9"), not just a rhythm. */
export function isAnchored(spec: RepeatSpec): boolean {
	return Boolean(spec.time || spec.weekdays || spec.monthDay);
}

function stamp(date: Date): string {
	return date.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/** The stored rule for `spec`, starting at the floating date `start` (its wall-clock time is every occurrence's time). */
export function buildRule(spec: RepeatSpec, start: Date): string {
	const { RRule } = lib();
	const FREQ = { minute: RRule.MINUTELY, hour: RRule.HOURLY, day: RRule.DAILY, week: RRule.WEEKLY, month: RRule.MONTHLY, year: RRule.YEARLY };
	const options: Partial<RRuleModule.Options> = { freq: FREQ[spec.freq], interval: spec.interval };
	if (spec.weekdays) options.byweekday = spec.weekdays;
	if (spec.freq === 'month' || spec.freq === 'year') {
		// Always explicit, so that a month without the 31st uses its last day instead of being skipped (RFC 5545's
		// default), and so that the rule can be re-based month by month (see nextOccurrence).
		const day = spec.monthDay ?? start.getUTCDate();
		if (day > 28) {
			options.bymonthday = Array.from({ length: day - 27 }, (_, index) => 28 + index);
			options.bysetpos = [-1];
		} else options.bymonthday = [day];
		if (spec.freq === 'year') options.bymonth = [start.getUTCMonth() + 1];
	}
	return `DTSTART:${stamp(start)}\n${RRule.optionsToString(options)}`;
}

interface ParsedRule {
	rule: RRuleModule.RRule;
	options: RRuleModule.Options;
	start: Date;
}

const parsed = new Map<string, ParsedRule>();

/** Repeat rules parsed and kept (at most ~1,000): for the plugin's memory report. */
export function parsedRuleCount(): number {
	return parsed.size;
}

function parse(text: string): ParsedRule {
	let entry = parsed.get(text);
	if (!entry) {
		const rule = lib().rrulestr(text, { forceset: false }) as RRuleModule.RRule;
		entry = { rule, options: rule.origOptions as RRuleModule.Options, start: rule.options.dtstart };
		if (parsed.size > 1_000) parsed.clear();
		parsed.set(text, entry);
	}
	return entry;
}

const MINUTE = 60_000;
const FIXED_STEP: Partial<Record<number, number>> = { 5: MINUTE, 4: 60 * MINUTE, 3: 1_440 * MINUTE, 2: 10_080 * MINUTE };

/**
 * A rule whose DTSTART is moved forward, close to `cursor`, keeping every later occurrence: rrule walks from DTSTART on
 * every call, which for a five-minute repeat set a year ago is 100,000 steps. Whole periods of the rule only: fixed
 * floating steps (no DST in floating time) up to weeks, whole months (to the 1st, BYMONTHDAY being explicit) beyond.
 */
function rebased(entry: ParsedRule, cursor: Date): RRuleModule.RRule {
	const { RRule } = lib();
	const { freq } = entry.rule.options;
	const interval = entry.rule.options.interval || 1;
	const start = entry.start;
	let moved: Date | null = null;
	const step = FIXED_STEP[freq];
	if (step) {
		const periods = Math.floor((cursor.getTime() - start.getTime()) / (step * interval)) - 1;
		if (periods > 0) moved = new Date(start.getTime() + periods * step * interval);
	} else if (freq === RRule.MONTHLY || freq === RRule.YEARLY) {
		const months = (cursor.getUTCFullYear() - start.getUTCFullYear()) * 12 + cursor.getUTCMonth() - start.getUTCMonth();
		const per = freq === RRule.YEARLY ? 12 * interval : interval;
		const periods = Math.floor(months / per) - 1;
		if (periods > 0) {
			moved = new Date(start);
			moved.setUTCDate(1);
			moved.setUTCMonth(moved.getUTCMonth() + periods * per);
		}
	}
	return moved ? new RRule({ ...entry.options, dtstart: moved }) : entry.rule;
}

export interface Occurrence {
	/** The occurrence's wall-clock time (a floating date), as the rule names it. */
	local: Date;
	/** When it happens. */
	instant: Date;
}

/** The first occurrence strictly after `after` (an instant) in `zone`; null when the rule has ended. */
export function nextOccurrenceDetail(rule: string, zone: string, after: Date): Occurrence | null {
	const entry = parse(rule);
	// A few hours before `after`'s wall clock: a DST change moves an occurrence's instant by at most two hours.
	let cursor = new Date(Math.max(floatingAt(after, zone).getTime() - 3 * 3_600_000, entry.start.getTime() - 1));
	const recurrence = rebased(entry, cursor);
	for (let guard = 0; guard < 10_000; guard++) {
		const next = recurrence.after(cursor, false);
		if (!next) return null;
		const instant = instantOf(next, zone);
		if (instant.getTime() > after.getTime()) return { local: next, instant };
		cursor = next;
	}
	return null;
}

/** The first occurrence strictly after `after` (an instant), as an instant in `zone`; null when the rule has ended. */
export function nextOccurrence(rule: string, zone: string, after: Date): Date | null {
	return nextOccurrenceDetail(rule, zone, after)?.instant ?? null;
}

/** The first occurrence at or after the rule's DTSTART, as an instant. */
export function firstOccurrence(rule: string, zone: string): Date | null {
	const entry = parse(rule);
	const first = entry.rule.after(new Date(entry.start.getTime() - 1), false);
	return first ? instantOf(first, zone) : null;
}

/** The wall-clock start of a stored rule (its DTSTART). */
export function ruleStart(rule: string): WallClock {
	return fromFloating(parse(rule).start);
}

/**
 * The shortest gap between two of the next `count` occurrences after `from`, in ms (real time, DST included):
 * what the minimum-repeat limit is checked against ("every weekday" has 24 h gaps, "every 2 minutes" 2 min).
 */
export function shortestGap(rule: string, zone: string, from: Date, count = 8): number {
	let previous = nextOccurrence(rule, zone, from);
	let shortest = Number.POSITIVE_INFINITY;
	for (let index = 1; previous && index < count; index++) {
		const next = nextOccurrence(rule, zone, previous);
		if (!next) break;
		shortest = Math.min(shortest, next.getTime() - previous.getTime());
		previous = next;
	}
	return shortest;
}

const UNIT_WORDS: Record<number, string> = { 5: 'minute', 4: 'hour', 3: 'day', 2: 'week', 1: 'month', 0: 'year' };

function ordinal(day: number): string {
	const suffix = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
	return `${day}${suffix}`;
}

/** "every Monday at 09:00", "every 2 weeks", "every weekday at 18:30", "every month on the 31st (or the last day)". */
export function describeRule(rule: string): string {
	const { options, start } = parse(rule);
	const interval = options.interval ?? 1;
	const unit = UNIT_WORDS[options.freq]!;
	const every = interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
	const days = ([] as unknown[])
		.concat(options.byweekday ?? [])
		.map((day) => (typeof day === 'number' ? day : (day as { weekday: number }).weekday))
		.sort();
	let text: string;
	if (days.length) {
		const names =
			days.join() === '0,1,2,3,4' ? 'weekday' : days.join() === '5,6' ? 'weekend day' : days.map((day) => WEEKDAY_NAMES[day]).join(', ');
		text = interval === 1 ? `every ${names}` : `every ${interval} weeks on ${names}`;
	} else text = every;
	const monthDays = ([] as number[]).concat((options.bymonthday as number | number[] | undefined) ?? []);
	if (options.freq <= 1 && monthDays.length) {
		const day = Math.max(...monthDays);
		text += ` on the ${ordinal(day)}${day > 28 ? ' (or the last day)' : ''}`;
		if (options.freq === 0) text = text.replace(' on the', ` on ${start.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })}`);
	}
	if (options.freq <= 3) text += ` at ${String(start.getUTCHours()).padStart(2, '0')}:${String(start.getUTCMinutes()).padStart(2, '0')}`;
	return text;
}
