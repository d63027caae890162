/** Reading "when" in the member's zone, at an explicit reference instant. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describeRule } from '../../../src/plugins/reminders/lib/repeat';
import { movedDueAt, parseOneOff, planReminder, type Limits } from '../../../src/plugins/reminders/lib/when';

const HOUR = 3_600_000;
const limits: Limits = { horizonMs: 5 * 365.25 * 24 * HOUR, minRepeatMs: 5 * 60_000 };
/** Friday 28 March 2025, 10:15 in Paris (still winter time: UTC+1; summer time starts on Sunday the 30th). */
const now = new Date('2025-03-28T09:15:00Z');
const paris = 'Europe/Paris';
const root = join(__dirname, '../../..');
/** Readings compared with a process running in UTC+14. */
const SAMPLES: [string, string | null, string][] = [
	['tomorrow 9am', null, paris],
	['next friday 18:00', null, 'America/New_York'],
	['dec 24 8pm', null, 'Asia/Tokyo'],
	['9am', null, 'America/Los_Angeles'],
	['monday', null, paris],
	['in 3 days', null, paris],
	['every monday 9am', null, 'America/New_York'],
	['every weekday', null, paris],
	['tomorrow 8am', 'every 2 weeks', 'Australia/Sydney'],
	['yesterday', null, paris]
];

function plan(when: string, repeat?: string, zone = paris, at = now) {
	return planReminder({ when, repeat, zone, now: at, limits });
}

function due(when: string, repeat?: string, zone = paris, at = now): string {
	const result = plan(when, repeat, zone, at);
	if (!result.ok) throw new Error(`${when}: refused (${result.refusal})`);
	return result.dueAt.toISOString();
}

describe('reading when', () => {
	it('GIVEN the process runs in a zone far from the member (UTC+14) THEN every reading is the same', () => {
		// jest's sandbox cannot change the process zone, so a child process does the same readings with TZ set. At noon
		// UTC it is already the next day in UTC+14: a reading in the host's zone would get "tomorrow" wrong.
		const noon = new Date('2025-03-28T12:00:00Z');
		const script = `
			const { planReminder } = require('./src/plugins/reminders/lib/when.ts');
			const limits = ${JSON.stringify(limits)};
			const out = ${JSON.stringify(SAMPLES)}.map(([when, repeat, zone]) => {
				const plan = planReminder({ when, repeat, zone, now: new Date('${noon.toISOString()}'), limits });
				return plan.ok ? plan.dueAt.toISOString() + ' ' + plan.rule : plan.refusal;
			});
			console.log(JSON.stringify({ offset: new Date('${noon.toISOString()}').getTimezoneOffset(), out }));`;
		const child = execFileSync(join(root, 'node_modules/.bin/tsx'), ['-e', script], {
			cwd: root,
			env: { ...process.env, TZ: 'Pacific/Kiritimati' },
			encoding: 'utf8'
		});
		const { offset, out } = JSON.parse(child) as { offset: number; out: string[] };
		expect(offset).toBe(-14 * 60);
		expect(out).toEqual(
			SAMPLES.map(([when, repeat, zone]) => {
				const result = plan(when, repeat ?? undefined, zone, noon);
				return result.ok ? `${result.dueAt.toISOString()} ${result.rule}` : result.refusal;
			})
		);
	});

	it('GIVEN amounts of time THEN they count from now and keep their instant', () => {
		expect(due('in 2h30m')).toBe('2025-03-28T11:45:00.000Z');
		expect(due('2.5 hours')).toBe('2025-03-28T11:45:00.000Z');
		expect(due('in 45 minutes')).toBe('2025-03-28T10:00:00.000Z');
		expect(due('90m')).toBe('2025-03-28T10:45:00.000Z');
		expect(parseOneOff('in 2h30m', paris, now)!.wallClock).toBe(false);
	});

	it('GIVEN "tomorrow 9am" THEN it is 09:00 tomorrow in the member zone, a wall-clock time', () => {
		expect(due('tomorrow 9am')).toBe('2025-03-29T08:00:00.000Z');
		expect(due('tomorrow 9am', undefined, 'America/New_York')).toBe('2025-03-29T13:00:00.000Z');
		expect(due('tomorrow at 9am', undefined, 'Asia/Tokyo')).toBe('2025-03-29T00:00:00.000Z');
		expect(parseOneOff('tomorrow 9am', paris, now)!.wallClock).toBe(true);
	});

	it('GIVEN a date on the other side of a DST change THEN it is read with that date offset, not today', () => {
		// Next Friday is in summer time (UTC+2): 18:00 local is 16:00Z, not 17:00Z.
		expect(due('next friday 18:00')).toBe('2025-04-04T16:00:00.000Z');
		// Sunday 09:00, hours after the change.
		expect(due('sunday 9am')).toBe('2025-03-30T07:00:00.000Z');
		// Christmas Eve is in winter time again.
		expect(due('dec 24 8pm', undefined, paris, new Date('2025-07-01T10:00:00Z'))).toBe('2025-12-24T19:00:00.000Z');
	});

	it('GIVEN a date without a time THEN it is 09:00 that day; a relative day keeps the time of now', () => {
		expect(due('monday')).toBe('2025-03-31T07:00:00.000Z');
		expect(due('in 3 days')).toBe('2025-03-31T08:15:00.000Z');
	});

	it('GIVEN a time of day already past today THEN it is tomorrow', () => {
		expect(due('9am')).toBe('2025-03-29T08:00:00.000Z');
		expect(due('at 11:00')).toBe('2025-03-28T10:00:00.000Z');
	});

	it.each([
		['yesterday', 'past'],
		['march 1 2025 9am', 'past'],
		['banana', 'unparseable'],
		['tomorrow banana', 'unparseable'],
		['', 'unparseable'],
		['march 5 2031', 'horizon'],
		['every 2 minutes', 'repeat_too_often'],
		['every sometimes', 'repeat_unparseable']
	])('GIVEN %p THEN it is refused as %p', (when, refusal) => {
		expect(plan(when)).toEqual(expect.objectContaining({ ok: false, refusal }));
	});

	it('GIVEN a repeat in both options THEN it is refused; an unreadable or too frequent repeat option too', () => {
		expect(plan('every monday', 'weekly')).toEqual(expect.objectContaining({ ok: false, refusal: 'repeat_twice' }));
		expect(plan('tomorrow 9am', 'now and then')).toEqual(expect.objectContaining({ ok: false, refusal: 'repeat_unparseable' }));
		expect(plan('in 10 minutes', 'every 4 minutes')).toEqual(expect.objectContaining({ ok: false, refusal: 'repeat_too_often' }));
		expect(plan('in 10 minutes', 'every 5 minutes').ok).toBe(true);
	});
});

describe('repeats in when', () => {
	it('GIVEN "every monday 9am" THEN the first is next Monday 09:00 (summer time) and the rule starts there', () => {
		const result = plan('every monday 9am');
		expect(result).toEqual({ ok: true, dueAt: new Date('2025-03-31T07:00:00.000Z'), rule: expect.any(String), wallClock: true });
		if (!result.ok) return;
		expect(result.rule).toBe('DTSTART:20250331T090000\nRRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO');
		expect(describeRule(result.rule!)).toBe('every Monday at 09:00');
	});

	it('GIVEN "every weekday" on a Friday morning THEN the first is Monday 09:00 (today 09:00 has passed)', () => {
		expect(due('every weekday')).toBe('2025-03-31T07:00:00.000Z');
		expect(due('every weekday at 18:00')).toBe('2025-03-28T17:00:00.000Z');
	});

	it('GIVEN a bare rhythm ("every 2 weeks", "every month") THEN the first comes one period from now at the same local time', () => {
		// Two weeks from a winter-time 10:15 is a summer-time 10:15: 08:15Z.
		expect(due('every 2 weeks')).toBe('2025-04-11T08:15:00.000Z');
		expect(due('every month')).toBe('2025-04-28T08:15:00.000Z');
		expect(due('every 30 minutes')).toBe('2025-03-28T09:45:00.000Z');
	});

	it('GIVEN a one-off when and a repeat option THEN the when is the first occurrence and sets the time of day', () => {
		const result = plan('tomorrow 8am', 'daily');
		expect(result.ok && result.dueAt.toISOString()).toBe('2025-03-29T07:00:00.000Z');
		expect(result.ok && result.rule).toBe('DTSTART:20250329T080000\nRRULE:FREQ=DAILY;INTERVAL=1');
		// A time in the repeat phrase wins over the when's.
		expect(due('tomorrow 8am', 'every day at 7:30')).toBe('2025-03-29T06:30:00.000Z');
		// Days in the repeat phrase: the first matching day on or after the when.
		expect(due('tomorrow 8am', 'every monday')).toBe('2025-03-31T06:00:00.000Z');
	});
});

describe('changing time zone', () => {
	const inOneHour = { dueAt: new Date('2025-03-28T10:15:00Z'), zone: paris, wallClock: false, rule: null };
	const tomorrowNine = { dueAt: new Date('2025-03-29T08:00:00Z'), zone: paris, wallClock: true, rule: null };

	it('GIVEN an amount of time ("in 1h") THEN it keeps its instant', () => {
		expect(movedDueAt(inOneHour, 'America/New_York', now)).toEqual(inOneHour.dueAt);
	});

	it('GIVEN a wall-clock time ("tomorrow 9am") THEN it keeps its local time in the new zone', () => {
		expect(movedDueAt(tomorrowNine, 'America/New_York', now).toISOString()).toBe('2025-03-29T13:00:00.000Z');
	});

	it('GIVEN a wall-clock time that would be past in the new zone THEN it keeps its instant', () => {
		const soon = { ...tomorrowNine, dueAt: new Date('2025-03-28T10:00:00Z') }; // 11:00 Paris
		expect(movedDueAt(soon, 'Asia/Tokyo', now)).toEqual(soon.dueAt);
	});

	it('GIVEN a repeat THEN its next occurrence is its local time in the new zone', () => {
		const result = plan('every day at 9am');
		if (!result.ok) throw new Error('refused');
		const repeat = { dueAt: result.dueAt, zone: paris, wallClock: true, rule: result.rule };
		expect(result.dueAt.toISOString()).toBe('2025-03-29T08:00:00.000Z');
		expect(movedDueAt(repeat, 'America/New_York', now).toISOString()).toBe('2025-03-29T13:00:00.000Z');
	});
});
