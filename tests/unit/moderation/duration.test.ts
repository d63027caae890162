import { formatDuration, MAX_DURATION_MS, parseDuration } from '../../../src/plugins/moderation/lib/duration';

const ms = (input: string) => {
	const result = parseDuration(input);
	if (!result.ok) throw new Error(`expected ${input} to parse: ${result.reason}`);
	return result.ms;
};
const reason = (input: string) => {
	const result = parseDuration(input);
	if (result.ok) throw new Error(`expected ${input} to be refused, got ${result.ms}`);
	return result.reason;
};

describe('detention duration parser', () => {
	it.each([
		['10m', 600_000],
		['2h', 7_200_000],
		['1d', 86_400_000],
		['1w', 604_800_000],
		['30s', 30_000],
		['1h30m', 5_400_000],
		['1d 12h', 129_600_000],
		['2 hours', 7_200_000],
		['1 week, 2 days', 777_600_000],
		['1.5h', 5_400_000],
		['  3M  ', 180_000],
		['15', 900_000]
	])('GIVEN %p THEN it is %p ms', (input, expected) => {
		expect(ms(input)).toBe(expected);
	});

	it('GIVEN exactly one year THEN it is accepted, and a second more is refused', () => {
		expect(ms('52w 1d')).toBe(MAX_DURATION_MS);
		expect(reason('365d 1s')).toMatch(/at most 1 year/);
	});

	it.each(['0m', '0', '0.0001s'])('GIVEN %p (too short) THEN it is refused with the minimum', (input) => {
		expect(reason(input)).toMatch(/at least 1 second/);
	});

	it('GIVEN an unknown unit THEN the refusal names it', () => {
		expect(reason('3y')).toMatch(/`y` is not a unit/);
	});

	it.each(['soon', '10m later!', 'h', '-5m', ''])('GIVEN %p THEN it is refused with an example', (input) => {
		expect(reason(input)).toMatch(/10m/);
	});

	it('GIVEN a very long input THEN it is refused without being read', () => {
		expect(reason('1m'.repeat(100))).toMatch(/too long/);
	});

	it('GIVEN milliseconds THEN formatDuration writes them compactly', () => {
		expect(formatDuration(5_400_000)).toBe('1h 30m');
		expect(formatDuration(777_600_000)).toBe('1w 2d');
		expect(formatDuration(2_000)).toBe('2s');
		expect(formatDuration(0)).toBe('0s');
	});
});
