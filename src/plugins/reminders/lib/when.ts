/**
 * Reading "when" in the member's zone: "in 2h30m", "tomorrow 9am", "next friday 18:00", "dec 24 8pm", "2.5 hours",
 * and repeats, "every monday 9am", "every 2 weeks", "every weekday". chrono-node reads one-off times; it is given the
 * member's zone offset and the reference instant, since it would otherwise read times in the host's zone. chrono
 * reads the date and time of day; the instant is then computed here in the real zone (chrono only knows one fixed
 * offset, which is wrong for a date on the other side of a DST change).
 */
import type * as Chrono from 'chrono-node';
import { lazy } from '#core/lazy';
import { parseDuration } from './duration';
import { buildRule, isAnchored, nextOccurrenceDetail, parseRepeat, shortestGap, type RepeatSpec } from './repeat';
import { floatingAt, fromFloating, instantOf, offsetAt, toFloating, type WallClock } from './zones';

/** Loaded on the first parse, not at start-up. */
const lib = lazy(() => require('chrono-node') as typeof Chrono);

const DAY = 86_400_000;

/** The time of day a date without one gets ("friday", "dec 24"). */
export const DEFAULT_HOUR = 9;

export interface OneOff {
	at: Date;
	/**
	 * True for a wall-clock time the member named ("tomorrow 9am"): it keeps its local time when they change zone.
	 * False for an amount of time ("in 2h"): it keeps its instant.
	 */
	wallClock: boolean;
}

/** Words chrono leaves around a time that do not change its meaning ("at", "on", "in", "remind me"). */
const FILLER = /^(?:\s|at|on|in|the|of|,|\.|remind me)*$/i;

/** A one-off time, or null when it cannot be read (or has unread words left over). Past times are returned as such. */
export function parseOneOff(input: string, zone: string, now: Date): OneOff | null {
	const text = input.trim();
	if (!text) return null;
	// Amounts of time ("2h30m", "90m", "1.5h", "in 3 days"), some of which chrono does not take without "in". Whole days
	// are calendar days (the same local time three days later, even across a DST change), the rest is elapsed time.
	const duration = parseDuration(text);
	if (duration !== null) {
		const days = Math.floor(duration / DAY) * DAY;
		const base = days ? instantOf(new Date(floatingAt(now, zone).getTime() + days), zone) : now;
		return { at: new Date(base.getTime() + duration - days), wallClock: days > 0 };
	}

	const results = lib().parse(text, { instant: now, timezone: Math.round(offsetAt(now, zone) / 60_000) }, { forwardDate: true });
	const result = results[0];
	if (!result || results.length > 1) return null;
	const leftover = text.slice(0, result.index) + text.slice(result.index + result.text.length);
	if (!FILLER.test(leftover)) return null;

	const start = result.start;
	const tags = start.tags();
	// "in 2 hours", "in 45 minutes": an amount of time from now, computed by chrono from the instant itself.
	if (tags.has('result/relativeDateAndTime') && !tags.has('parser/ENTimeExpressionParser')) return { at: start.date(), wallClock: false };

	const relativeDay = tags.has('result/relativeDate') || [...tags].some((tag) => tag.startsWith('casualReference/'));
	const timed = start.isCertain('hour') || relativeDay;
	const clock: WallClock = {
		year: start.get('year')!,
		month: start.get('month')!,
		day: start.get('day')!,
		hour: timed ? start.get('hour')! : DEFAULT_HOUR,
		minute: timed ? (start.get('minute') ?? 0) : 0,
		second: start.isCertain('second') ? start.get('second')! : 0
	};
	return { at: instantOf(clock, zone), wallClock: true };
}

/** Phrases that start a repeat in the "when" option itself. */
const REPEAT_START = /^(every|daily|weekly|fortnightly|monthly|yearly|annually|hourly)\b/i;

export function isRepeatPhrase(input: string): boolean {
	return REPEAT_START.test(input.trim());
}

export interface Limits {
	/** Furthest a reminder may be set, in ms from now. */
	horizonMs: number;
	/** Shortest gap between two occurrences of a repeat, in ms. */
	minRepeatMs: number;
}

export type PlanRefusal = 'unparseable' | 'past' | 'horizon' | 'repeat_unparseable' | 'repeat_twice' | 'repeat_too_often';

export type Plan = { ok: true; dueAt: Date; rule: string | null; wallClock: boolean } | { ok: false; refusal: PlanRefusal; input: string };

/**
 * Turns the member's `when` (and optional `repeat`) into the first due time and the stored rule, in `zone`, at `now`.
 * A repeat's stored DTSTART is its first occurrence's wall-clock time when the phrase pins days or a time ("every
 * monday 9am"); a bare rhythm ("every 2 weeks") starts now and first falls due one period later.
 */
export function planReminder(input: { when: string | OneOff; repeat?: string | null; zone: string; now: Date; limits: Limits }): Plan {
	const { zone, now, limits } = input;
	// An edit that changes only the repeat passes the reminder's current time instead of words.
	const given = typeof input.when === 'string' ? null : input.when;
	const when = typeof input.when === 'string' ? input.when : input.when.at.toISOString();
	const repeat = input.repeat?.trim() || null;
	let plan: Plan;
	if (!given && isRepeatPhrase(when)) {
		if (repeat) return { ok: false, refusal: 'repeat_twice', input: repeat };
		const spec = parseRepeat(when);
		if (!spec) return { ok: false, refusal: 'repeat_unparseable', input: when };
		plan = planRepeat(spec, null, zone, now);
	} else {
		const once = given ?? parseOneOff(when, zone, now);
		if (!once) return { ok: false, refusal: 'unparseable', input: when };
		if (once.at.getTime() <= now.getTime()) return { ok: false, refusal: 'past', input: when };
		if (!repeat) plan = { ok: true, dueAt: once.at, rule: null, wallClock: once.wallClock };
		else {
			const spec = parseRepeat(repeat);
			if (!spec) return { ok: false, refusal: 'repeat_unparseable', input: repeat };
			plan = planRepeat(spec, once.at, zone, now);
		}
	}
	if (!plan.ok) return plan;
	if (plan.dueAt.getTime() - now.getTime() > limits.horizonMs) return { ok: false, refusal: 'horizon', input: when };
	if (plan.rule && shortestGap(plan.rule, zone, new Date(plan.dueAt.getTime() - 1)) < limits.minRepeatMs)
		return { ok: false, refusal: 'repeat_too_often', input: repeat ?? when };
	return plan;
}

/**
 * The rule for `spec`, starting from `from` (an instant from the "when" option) or from now. A time in the phrase
 * replaces the start's time of day; days named without a time default to {@link DEFAULT_HOUR}.
 */
function planRepeat(spec: RepeatSpec, from: Date | null, zone: string, now: Date): Plan {
	const base = fromFloating(floatingAt(from ?? now, zone));
	if (spec.time) Object.assign(base, { hour: spec.time.hour, minute: spec.time.minute, second: 0 });
	else if (!from) Object.assign(base, isAnchored(spec) ? { hour: DEFAULT_HOUR, minute: 0, second: 0 } : { second: 0 });
	const start = toFloating(base);
	const draft = buildRule(spec, start);
	if (!from && !isAnchored(spec)) {
		// A bare rhythm: the lattice starts now, the first reminder is one period later.
		const next = nextOccurrenceDetail(draft, zone, now);
		return next ? { ok: true, dueAt: next.instant, rule: draft, wallClock: true } : { ok: false, refusal: 'repeat_unparseable', input: '' };
	}
	// The first occurrence at or after the start (and after now), which becomes the rule's DTSTART. A time in the phrase
	// wins over the time of the when ("tomorrow 8am" + "every day at 7:30" starts tomorrow at 7:30).
	// (Floating dates have whole seconds: the when's milliseconds must not push its own second to the next period.)
	const notBefore = new Date(Math.max(spec.time || !from ? now.getTime() : Math.floor(from.getTime() / 1000) * 1000 - 1, now.getTime()));
	const first = nextOccurrenceDetail(draft, zone, notBefore);
	if (!first) return { ok: false, refusal: 'repeat_unparseable', input: '' };
	return { ok: true, dueAt: first.instant, rule: buildRule(spec, first.local), wallClock: true };
}

/** Where a reminder goes when its owner moves from one zone to another (see docs/features/reminders.md). */
export function movedDueAt(reminder: { dueAt: Date; zone: string; wallClock: boolean; rule: string | null }, newZone: string, now: Date): Date {
	if (reminder.rule) return nextOccurrenceDetail(reminder.rule, newZone, now)?.instant ?? reminder.dueAt;
	if (!reminder.wallClock) return reminder.dueAt;
	const moved = instantOf(floatingAt(reminder.dueAt, reminder.zone), newZone);
	return moved.getTime() > now.getTime() ? moved : reminder.dueAt;
}
