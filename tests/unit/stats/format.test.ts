import {
	asCacheCounters,
	commandLines,
	formatCache,
	formatMiB,
	formatMs,
	formatUptime,
	handlerLines,
	shardCountLine,
	shardLines
} from '#plugins/bot_admin/lib/stats';

describe('/stats formatting', () => {
	it('shows uptime in whole units', () => {
		expect(formatUptime(42_900)).toBe('42s');
		expect(formatUptime(5 * 60_000)).toBe('5m');
		expect(formatUptime(2 * 3_600_000 + 60_000)).toBe('2h 1m');
		expect(formatUptime(86_400_000 + 3 * 60_000)).toBe('1d 0h 3m');
	});

	it('shows memory in MiB and latency with a decimal only when small', () => {
		expect(formatMiB(50 * 1024 * 1024)).toBe('50.0 MiB');
		expect(formatMs(0.42)).toBe('0.4 ms');
		expect(formatMs(123.6)).toBe('124 ms');
		expect(formatMs(-1)).toBe('n/a');
	});

	it('shows a cache hit rate, or that nothing was looked up yet', () => {
		expect(formatCache('Data', { hits: 8, misses: 2, size: 5, maxSize: 1000 })).toBe('**Data**: 80% hits (8 of 10 lookups), 5/1,000 entries');
		expect(formatCache('Settings', { hits: 0, misses: 0 })).toBe('**Settings**: no lookups yet');
	});

	it('reads cache counters from any service that reports hits and misses', () => {
		expect(asCacheCounters({ hits: 1, misses: 2, size: 3, maxSize: 4, loads: 9 })).toEqual({ hits: 1, misses: 2, size: 3, maxSize: 4 });
		expect(asCacheCounters({ hits: 'many' })).toBeNull();
		expect(asCacheCounters(undefined)).toBeNull();
	});

	it('lists commands with failures and latency, or n/a when no run succeeded', () => {
		expect(
			commandLines([
				{ name: 'ping', runs: 3, errors: 0, timed: 3, meanMs: 12.4, p95Ms: 20 },
				{ name: 'boom', runs: 2, errors: 2, timed: 0, meanMs: 0, p95Ms: 0 }
			])
		).toEqual(['`ping` ×3 · mean 12 ms · p95 20 ms', '`boom` ×2 (2 failed) · latency n/a']);
	});

	it('lists message handlers with their plugin and counters', () => {
		expect(handlerLines([{ name: 'xp', plugin: 'progression', calls: 10, handled: 2, errors: 1, meanMs: 0.25, p95Ms: 1 }])).toEqual([
			'`xp` (progression): 10 calls · 2 handled · 1 errors · mean 0.3 ms · p95 1.0 ms'
		]);
	});
	const shard = (id: number, guilds: number) => ({
		shards: [id],
		guilds,
		pingMs: 12,
		rssBytes: 100 * 1024 * 1024,
		uptimeMs: 180_000,
		commands: { runs: 3 }
	});

	it('lists shards in order, naming the ones that did not answer', () => {
		const view = { count: 3, answered: [shard(2, 4), shard(0, 5)], missing: [1] };
		expect(shardCountLine(view)).toBe('3, #1 not answering');
		expect(shardCountLine({ count: 2, answered: [shard(0, 1), shard(1, 1)], missing: [] })).toBe('2, all answering');
		expect(shardLines(view)).toEqual([
			'#0: 5 servers, 12 ms, 3 commands, RSS 100.0 MiB, up 3m',
			'#1: not answering (starting again?)',
			'#2: 4 servers, 12 ms, 3 commands, RSS 100.0 MiB, up 3m'
		]);
	});

	it('keeps the shard list inside one embed field', () => {
		const lines = shardLines({ count: 40, answered: Array.from({ length: 40 }, (_, id) => shard(id, 1000)), missing: [] });
		expect(lines).toHaveLength(10);
		expect(lines.at(-1)).toBe('…and 31 more');
		expect(lines.join('\n').length).toBeLessThanOrEqual(1024);
	});
});
