import { formatDuration, parseDuration } from '../../../src/plugins/reminders/lib/duration';

describe('durations', () => {
	it.each([
		['25m', 25 * 60_000],
		['1h30m', 90 * 60_000],
		['2.5 hours', 150 * 60_000],
		['2,5h', 150 * 60_000],
		['in 2h30m', 150 * 60_000],
		['1 hour and 30 minutes', 90 * 60_000],
		['90 seconds', 90_000],
		['an hour', 3_600_000],
		['1d 12h', 36 * 3_600_000],
		['2 weeks', 14 * 86_400_000]
	])('GIVEN %p THEN it is %p ms', (input, ms) => {
		expect(parseDuration(input)).toBe(ms);
	});

	it.each(['', '10', 'tomorrow', '5 parsecs', '10m banana', 'h', 'in'])('GIVEN %p THEN it is not a duration', (input) => {
		expect(parseDuration(input)).toBeNull();
	});

	it('GIVEN durations THEN they print with their two largest units', () => {
		expect(formatDuration(5_400_000)).toBe('1h 30m');
		expect(formatDuration(45_000)).toBe('45s');
		expect(formatDuration(0)).toBe('0s');
		expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 60_000)).toBe('2d 3h');
	});
});
