import { CommandStats, OTHER_COMMANDS } from '#core/stats/CommandStats';

describe('CommandStats', () => {
	it('counts runs and failures per command, with latency from successful runs only', () => {
		const stats = new CommandStats();
		stats.recordRun('ping', true, 10);
		stats.recordRun('ping', true, 30);
		stats.recordRun('ping', false, -1);
		expect(stats.snapshot()).toEqual([{ name: 'ping', runs: 3, errors: 1, timed: 2, meanMs: 20, p95Ms: 30 }]);
	});

	it('totals runs, failures and refusals', () => {
		const stats = new CommandStats();
		stats.recordRun('a', true, 1);
		stats.recordRun('b', false, -1);
		stats.recordDenied();
		expect(stats.totals()).toEqual({ runs: 2, errors: 1, denied: 1 });
	});

	it('lists the busiest commands first, ties by name, and keeps the top N', () => {
		const stats = new CommandStats();
		for (const [name, times] of [
			['help', 1],
			['ping', 3],
			['rank', 3],
			['stats', 2]
		] as const) {
			for (let i = 0; i < times; i++) stats.recordRun(name, true, 1);
		}
		expect(stats.snapshot(3).map((row) => row.name)).toEqual(['ping', 'rank', 'stats']);
	});

	it('computes p95 over a bounded window of recent runs', () => {
		const stats = new CommandStats({ sampleWindow: 20 });
		for (let i = 1; i <= 100; i++) stats.recordRun('slow', true, i);
		// Only runs 81..100 are in the window; nearest-rank p95 of 20 samples is the 19th.
		expect(stats.snapshot()[0]!.p95Ms).toBe(99);
		expect(stats.snapshot()[0]!.runs).toBe(100);
	});

	it('folds command names past the cap into one row, so memory stays bounded', () => {
		const stats = new CommandStats({ maxCommands: 3 });
		for (const name of ['a', 'b', 'c', 'd', 'e']) stats.recordRun(name, true, 1);
		stats.recordRun('a', true, 1);
		const rows = stats.snapshot();
		expect(rows).toHaveLength(3);
		expect(rows.find((row) => row.name === OTHER_COMMANDS)!.runs).toBe(3);
		expect(rows.find((row) => row.name === 'a')!.runs).toBe(2);
	});

	it('starts over after reset', () => {
		const stats = new CommandStats();
		stats.recordRun('a', true, 1);
		stats.recordDenied();
		stats.reset();
		expect(stats.totals()).toEqual({ runs: 0, errors: 0, denied: 0 });
		expect(stats.snapshot()).toEqual([]);
	});
});
