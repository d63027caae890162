import { rrulestr } from 'rrule';
import { buildRule, describeRule, nextOccurrence, parseRepeat, shortestGap } from '../../../src/plugins/reminders/lib/repeat';

const floating = (iso: string) => new Date(`${iso}Z`);

describe('repeat phrases', () => {
	it.each([
		['daily', { freq: 'day', interval: 1 }],
		['every day at 9am', { freq: 'day', interval: 1, time: { hour: 9, minute: 0 } }],
		['every 2 weeks', { freq: 'week', interval: 2 }],
		['fortnightly', { freq: 'week', interval: 2 }],
		['every other day', { freq: 'day', interval: 2 }],
		['every 30 minutes', { freq: 'minute', interval: 30 }],
		['every month', { freq: 'month', interval: 1 }],
		['every year', { freq: 'year', interval: 1 }],
		['every weekday', { freq: 'week', interval: 1, weekdays: [0, 1, 2, 3, 4] }],
		['every weekend at noon', { freq: 'week', interval: 1, weekdays: [5, 6], time: { hour: 12, minute: 0 } }],
		['every monday 9am', { freq: 'week', interval: 1, weekdays: [0], time: { hour: 9, minute: 0 } }],
		['every mon and thu at 18:30', { freq: 'week', interval: 1, weekdays: [0, 3], time: { hour: 18, minute: 30 } }],
		['every 2 weeks on friday', { freq: 'week', interval: 2, weekdays: [4] }],
		['every month on the 15th at 8pm', { freq: 'month', interval: 1, monthDay: 15, time: { hour: 20, minute: 0 } }],
		['Every Tuesdays', { freq: 'week', interval: 1, weekdays: [1] }]
	])('GIVEN %p THEN it reads as %p', (phrase, spec) => {
		expect(parseRepeat(phrase)).toEqual(spec);
	});

	it.each(['', 'every', 'sometimes', 'every 0 days', 'every month on monday', 'every 5 minutes at 9am', 'every day banana', 'on the 40th'])(
		'GIVEN %p THEN it is not a repeat',
		(phrase) => {
			expect(parseRepeat(phrase)).toBeNull();
		}
	);
});

describe('repeat rules in local time', () => {
	it('GIVEN a daily 09:00 in Paris THEN it stays 09:00 local across the spring DST change (08:00Z, then 07:00Z)', () => {
		const rule = buildRule(parseRepeat('daily')!, floating('2025-03-28T09:00:00'));
		expect(rule).toBe('DTSTART:20250328T090000\nRRULE:FREQ=DAILY;INTERVAL=1');
		const first = nextOccurrence(rule, 'Europe/Paris', new Date('2025-03-29T00:00:00Z'))!;
		const second = nextOccurrence(rule, 'Europe/Paris', first)!;
		const third = nextOccurrence(rule, 'Europe/Paris', second)!;
		expect([first, second, third].map((date) => date.toISOString())).toEqual([
			'2025-03-29T08:00:00.000Z',
			'2025-03-30T07:00:00.000Z',
			'2025-03-31T07:00:00.000Z'
		]);
		// 23 hours of real time across the change, never "24 hours".
		expect(second.getTime() - first.getTime()).toBe(23 * 3_600_000);
	});

	it('GIVEN a daily 09:00 in New York THEN it stays 09:00 local across the autumn change too', () => {
		const rule = buildRule(parseRepeat('daily')!, floating('2025-11-01T09:00:00'));
		const sat = nextOccurrence(rule, 'America/New_York', new Date('2025-11-01T12:00:00Z'))!;
		const sun = nextOccurrence(rule, 'America/New_York', sat)!;
		expect(sat.toISOString()).toBe('2025-11-01T13:00:00.000Z');
		expect(sun.toISOString()).toBe('2025-11-02T14:00:00.000Z');
	});

	it('GIVEN a daily 02:30 in Paris THEN on the spring-forward night it comes at 03:30 and the next day at 02:30 again', () => {
		const rule = buildRule(parseRepeat('daily')!, floating('2025-03-28T02:30:00'));
		const gap = nextOccurrence(rule, 'Europe/Paris', new Date('2025-03-29T12:00:00Z'))!;
		expect(gap.toISOString()).toBe('2025-03-30T01:30:00.000Z');
		expect(nextOccurrence(rule, 'Europe/Paris', gap)!.toISOString()).toBe('2025-03-31T00:30:00.000Z');
	});

	it('GIVEN "every month" from January 31st THEN it is a calendar month, on the last day of shorter months', () => {
		const rule = buildRule(parseRepeat('every month')!, floating('2025-01-31T09:00:00'));
		const dates: string[] = [];
		let after = new Date('2025-01-31T00:00:00Z');
		for (let index = 0; index < 4; index++) {
			after = nextOccurrence(rule, 'UTC', after)!;
			dates.push(after.toISOString().slice(0, 10));
		}
		expect(dates).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']);
	});

	it('GIVEN "every weekday" THEN the weekend is skipped', () => {
		const rule = buildRule(parseRepeat('every weekday')!, floating('2025-06-06T09:00:00')); // a Friday
		const friday = nextOccurrence(rule, 'UTC', new Date('2025-06-06T08:00:00Z'))!;
		expect(friday.toISOString()).toBe('2025-06-06T09:00:00.000Z');
		expect(nextOccurrence(rule, 'UTC', friday)!.toISOString()).toBe('2025-06-09T09:00:00.000Z');
	});

	it('GIVEN "every 2 weeks on friday" THEN every other friday', () => {
		const rule = buildRule(parseRepeat('every 2 weeks on friday')!, floating('2025-06-06T18:00:00'));
		const first = nextOccurrence(rule, 'UTC', new Date('2025-06-06T17:00:00Z'))!;
		expect(nextOccurrence(rule, 'UTC', first)!.toISOString()).toBe('2025-06-20T18:00:00.000Z');
	});

	it('GIVEN rules set long ago THEN the next occurrence from the re-based start is the one rrule walks to from the real start', () => {
		const cases = [
			'DTSTART:20240301T090700\nRRULE:FREQ=MINUTELY;INTERVAL=5',
			'DTSTART:20200301T090000\nRRULE:FREQ=HOURLY;INTERVAL=7',
			'DTSTART:20200229T093000\nRRULE:FREQ=DAILY;INTERVAL=3',
			'DTSTART:20200302T180000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
			'DTSTART:20200131T090000\nRRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=28,29,30,31;BYSETPOS=-1',
			'DTSTART:20200115T090000\nRRULE:FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=15',
			'DTSTART:20200229T090000\nRRULE:FREQ=YEARLY;INTERVAL=1;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1'
		];
		const after = new Date('2025-03-01T10:00:00Z');
		for (const rule of cases) {
			const expected = rrulestr(rule).after(after, false)!;
			expect(nextOccurrence(rule, 'UTC', after)!.toISOString()).toBe(expected.toISOString());
		}
	});

	it('GIVEN rules THEN their shortest real gap is measured (what the minimum repeat is checked against)', () => {
		expect(
			shortestGap(buildRule(parseRepeat('every 2 minutes')!, floating('2025-06-01T09:00:00')), 'UTC', new Date('2025-06-01T09:00:00Z'))
		).toBe(120_000);
		expect(shortestGap(buildRule(parseRepeat('every weekday')!, floating('2025-06-02T09:00:00')), 'UTC', new Date('2025-06-01T00:00:00Z'))).toBe(
			86_400_000
		);
	});

	it('GIVEN rules THEN they are described in words', () => {
		expect(describeRule(buildRule(parseRepeat('every monday 9am')!, floating('2025-06-02T09:00:00')))).toBe('every Monday at 09:00');
		expect(describeRule(buildRule(parseRepeat('every weekday')!, floating('2025-06-02T18:30:00')))).toBe('every weekday at 18:30');
		expect(describeRule(buildRule(parseRepeat('every 2 weeks')!, floating('2025-06-02T08:05:00')))).toBe('every 2 weeks at 08:05');
		expect(describeRule(buildRule(parseRepeat('every 30 minutes')!, floating('2025-06-02T08:05:00')))).toBe('every 30 minutes');
		expect(describeRule(buildRule(parseRepeat('every month')!, floating('2025-01-31T09:00:00')))).toBe(
			'every month on the 31st (or the last day) at 09:00'
		);
		expect(describeRule(buildRule(parseRepeat('yearly')!, floating('2025-12-24T20:00:00')))).toBe('every year on December 24th at 20:00');
	});
});
