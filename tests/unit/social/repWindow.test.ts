import { nextRepAt, REP_WINDOW_MS, repCutoff } from '#plugins/social/lib/repWindow';

describe('reputation window (rolling 24 hours)', () => {
	const last = new Date('2026-03-01T23:59:00Z');

	it('GIVEN a point given at 23:59 THEN the next one is due at 23:59 the next day, not at midnight UTC', () => {
		expect(nextRepAt(last).toISOString()).toBe('2026-03-02T23:59:00.000Z');
	});

	it('GIVEN the cut-off THEN a gift exactly 24 hours old no longer blocks, one a millisecond younger still does', () => {
		const due = nextRepAt(last).getTime();
		// The claim allows a new point when the last one is at or before the cut-off.
		expect(last.getTime() <= repCutoff(due).getTime()).toBe(true);
		expect(last.getTime() <= repCutoff(due - 1).getTime()).toBe(false);
		expect(last.getTime() <= repCutoff(last.getTime() + 60_000).getTime()).toBe(false);
	});

	it('GIVEN any instant THEN the cut-off and the next point are the same 24 hours apart', () => {
		const now = Date.UTC(2026, 5, 15, 12, 34, 56, 789);
		expect(now - repCutoff(now).getTime()).toBe(REP_WINDOW_MS);
		expect(nextRepAt(repCutoff(now)).getTime()).toBe(now);
		expect(REP_WINDOW_MS).toBe(86_400_000);
	});
});
