import { FrustrationTracker, MAX_FRUSTRATION_LEVEL } from '#shared/personality/FrustrationTracker';

/** A clock the test moves by hand: no timers, no waiting. */
function fakeClock(start = 1_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('FrustrationTracker', () => {
	it('starts every user calm', () => {
		const tracker = new FrustrationTracker();
		expect(tracker.level('someone')).toBe(0);
		expect(tracker.size).toBe(0);
	});

	it('does not count ordinary, unhurried commands against anyone', () => {
		const clock = fakeClock();
		const tracker = new FrustrationTracker({ now: clock.now });
		for (let i = 0; i < 50; i++) {
			tracker.record('u', 'command');
			clock.advance(5_000);
		}
		expect(tracker.level('u')).toBe(0);
	});

	it('counts a command only once it makes more than burstCount within the window', () => {
		const clock = fakeClock();
		const tracker = new FrustrationTracker({ now: clock.now, burstCount: 3, burstWindowMs: 10_000 });
		for (let i = 0; i < 3; i++) {
			tracker.record('u', 'command');
			clock.advance(1_000);
		}
		expect(tracker.score('u')).toBe(0);
		tracker.record('u', 'command');
		expect(tracker.score('u')).toBeCloseTo(1);
	});

	it('rises with commands in quick succession until the top level', () => {
		const clock = fakeClock();
		const tracker = new FrustrationTracker({ now: clock.now });
		const levels: number[] = [];
		for (let i = 0; i < 15; i++) {
			levels.push(tracker.record('spammer', 'command'));
			clock.advance(200);
		}
		expect(levels.slice(0, 4)).toEqual([0, 0, 0, 0]);
		expect(levels.at(-1)).toBe(MAX_FRUSTRATION_LEVEL);
		expect([...levels].sort((a, b) => a - b)).toEqual(levels);
	});

	it('weighs hitting a cooldown more than a failure', () => {
		const tracker = new FrustrationTracker({ now: () => 0 });
		tracker.record('cooldown', 'cooldown');
		tracker.record('failure', 'failure');
		expect(tracker.score('cooldown')).toBeGreaterThan(tracker.score('failure'));
	});

	it('weighs repeating the same failing command more than two different failures', () => {
		const tracker = new FrustrationTracker({ now: () => 0 });
		tracker.record('same', 'failure', { command: 'ban' });
		tracker.record('same', 'failure', { command: 'ban' });
		tracker.record('different', 'failure', { command: 'ban' });
		tracker.record('different', 'failure', { command: 'kick' });
		expect(tracker.score('same')).toBeGreaterThan(tracker.score('different'));
	});

	it('halves a score every half-life', () => {
		const clock = fakeClock();
		const tracker = new FrustrationTracker({ now: clock.now, halfLifeMs: 60_000 });
		tracker.record('u', 'cooldown');
		tracker.record('u', 'cooldown');
		expect(tracker.score('u')).toBeCloseTo(4);
		expect(tracker.level('u')).toBe(4);
		clock.advance(60_000);
		expect(tracker.score('u')).toBeCloseTo(2);
		expect(tracker.level('u')).toBe(2);
		clock.advance(60_000);
		expect(tracker.level('u')).toBe(1);
	});

	it('caps the score so a long tantrum calms down as fast as a short one', () => {
		const clock = fakeClock();
		const tracker = new FrustrationTracker({ now: clock.now, halfLifeMs: 60_000 });
		for (let i = 0; i < 100; i++) tracker.record('u', 'cooldown');
		expect(tracker.level('u')).toBe(MAX_FRUSTRATION_LEVEL);
		clock.advance(3 * 60_000);
		expect(tracker.level('u')).toBe(0);
	});

	it('ignores a clock that steps backwards instead of growing the score', () => {
		const clock = fakeClock();
		const tracker = new FrustrationTracker({ now: clock.now });
		tracker.record('u', 'cooldown');
		clock.advance(-30_000);
		expect(tracker.score('u')).toBeCloseTo(2);
	});

	it('forgets users whose score decayed to nothing', () => {
		const clock = fakeClock();
		const tracker = new FrustrationTracker({ now: clock.now, halfLifeMs: 1_000 });
		tracker.record('a', 'cooldown');
		tracker.record('b', 'cooldown');
		clock.advance(60_000);
		expect(tracker.level('a')).toBe(0);
		expect(tracker.size).toBe(1);
		// The next record sweeps the oldest entries, dropping b without anyone asking about it.
		tracker.record('c', 'cooldown');
		expect(tracker.size).toBe(1);
	});

	it('never remembers more users than maxUsers, dropping the least recently active', () => {
		const tracker = new FrustrationTracker({ now: () => 0, maxUsers: 100 });
		for (let i = 0; i < 1_000; i++) {
			tracker.record(`user-${i}`, 'cooldown');
			expect(tracker.size).toBeLessThanOrEqual(100);
		}
		expect(tracker.size).toBe(100);
		expect(tracker.level('user-0')).toBe(0);
		expect(tracker.level('user-999')).toBe(2);
	});

	it('keeps a recently active user when older ones are evicted', () => {
		const tracker = new FrustrationTracker({ now: () => 0, maxUsers: 3 });
		tracker.record('a', 'cooldown');
		tracker.record('b', 'cooldown');
		tracker.record('c', 'cooldown');
		tracker.record('a', 'failure');
		tracker.record('d', 'cooldown');
		expect(tracker.level('b')).toBe(0);
		expect(tracker.level('a')).toBe(3);
	});

	it('forgets a user on reset', () => {
		const tracker = new FrustrationTracker({ now: () => 0 });
		tracker.record('u', 'cooldown');
		tracker.reset('u');
		expect(tracker.level('u')).toBe(0);
	});

	it('refuses settings that make no sense', () => {
		expect(() => new FrustrationTracker({ halfLifeMs: 0 })).toThrow(/halfLifeMs must be a positive number/);
		expect(() => new FrustrationTracker({ maxUsers: -1 })).toThrow(/maxUsers/);
	});
});
