import { allZones, canonicalZone, floatingAt, formatOffset, instantOf, offsetAt, wallClockAt } from '../../../src/plugins/reminders/lib/zones';

const HOUR = 3_600_000;

describe('time zones through Intl', () => {
	it('GIVEN zone names in any case THEN the canonical IANA name comes back, and offsets or nonsense are refused', () => {
		expect(canonicalZone('europe/paris')).toBe('Europe/Paris');
		expect(canonicalZone(' America/New_York ')).toBe('America/New_York');
		expect(canonicalZone('UTC')).toBe('UTC');
		expect(canonicalZone('asia/kolkata')).toBe('Asia/Kolkata');
		expect(canonicalZone('Mars/Olympus_Mons')).toBeNull();
		expect(canonicalZone('+02:00')).toBeNull();
		expect(canonicalZone('Etc/GMT+5')).toBeNull();
		expect(canonicalZone('')).toBeNull();
	});

	it('GIVEN the zone list THEN it is sorted, has UTC and the usual places', () => {
		const zones = allZones();
		expect(zones).toContain('UTC');
		expect(zones).toContain('Europe/Paris');
		expect(zones).toContain('Asia/Kolkata');
		expect([...zones].sort()).toEqual(zones);
	});

	it('GIVEN Paris in winter and in summer THEN the offsets are +1 h and +2 h; Kolkata is +5:30 all year', () => {
		expect(offsetAt(new Date('2025-01-15T12:00:00Z'), 'Europe/Paris')).toBe(HOUR);
		expect(offsetAt(new Date('2025-07-15T12:00:00Z'), 'Europe/Paris')).toBe(2 * HOUR);
		expect(offsetAt(new Date('2025-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * HOUR);
		expect(formatOffset(5.5 * HOUR)).toBe('UTC+05:30');
		expect(formatOffset(-3 * HOUR)).toBe('UTC−03:00');
		expect(formatOffset(0)).toBe('UTC');
	});

	it('GIVEN an ordinary wall-clock time THEN instantOf and wallClockAt are inverse', () => {
		const clock = { year: 2025, month: 12, day: 24, hour: 20, minute: 0, second: 0 };
		const instant = instantOf(clock, 'Europe/Paris');
		expect(instant.toISOString()).toBe('2025-12-24T19:00:00.000Z');
		expect(wallClockAt(instant, 'Europe/Paris')).toEqual(clock);
		expect(floatingAt(instant, 'Europe/Paris').toISOString()).toBe('2025-12-24T20:00:00.000Z');
	});

	it('GIVEN 02:30 on the night Paris springs forward (it does not exist) THEN it becomes 03:30 summer time', () => {
		const instant = instantOf({ year: 2025, month: 3, day: 30, hour: 2, minute: 30, second: 0 }, 'Europe/Paris');
		expect(instant.toISOString()).toBe('2025-03-30T01:30:00.000Z');
		expect(wallClockAt(instant, 'Europe/Paris').hour).toBe(3);
	});

	it('GIVEN 02:30 on the night Paris falls back (it happens twice) THEN the earlier one is taken', () => {
		const instant = instantOf({ year: 2025, month: 10, day: 26, hour: 2, minute: 30, second: 0 }, 'Europe/Paris');
		expect(instant.toISOString()).toBe('2025-10-26T00:30:00.000Z');
	});

	it('GIVEN New York times around its DST change THEN each is read with the offset of its own date', () => {
		expect(instantOf({ year: 2025, month: 3, day: 8, hour: 9, minute: 0, second: 0 }, 'America/New_York').toISOString()).toBe(
			'2025-03-08T14:00:00.000Z'
		);
		expect(instantOf({ year: 2025, month: 3, day: 10, hour: 9, minute: 0, second: 0 }, 'America/New_York').toISOString()).toBe(
			'2025-03-10T13:00:00.000Z'
		);
	});
});
