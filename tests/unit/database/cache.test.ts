import { TtlCache } from '#shared/utils/cache';

function cacheWithClock(options: { ttlMs?: number; maxSize?: number } = {}) {
	const clock = { now: 1_000 };
	const cache = new TtlCache<string, number>({ ttlMs: options.ttlMs ?? 1_000, maxSize: options.maxSize ?? 3, now: () => clock.now });
	return { cache, clock };
}

describe('TtlCache', () => {
	test('a stored value is returned until its TTL elapses, then it is gone', () => {
		const { cache, clock } = cacheWithClock({ ttlMs: 500 });
		cache.set('a', 1);
		clock.now += 499;
		expect(cache.get('a')).toBe(1);
		clock.now += 1;
		expect(cache.get('a')).toBeUndefined();
		expect(cache.size).toBe(0);
	});

	test('when full, the least recently used entry is evicted, and reading an entry makes it recent', () => {
		const { cache } = cacheWithClock({ maxSize: 3 });
		cache.set('a', 1).set('b', 2).set('c', 3);
		expect(cache.get('a')).toBe(1); // a is now the most recent; b is the oldest
		cache.set('d', 4);
		expect(cache.has('b')).toBe(false);
		expect(cache.has('a')).toBe(true);
		expect(cache.has('c')).toBe(true);
		expect(cache.has('d')).toBe(true);
		expect(cache.stats().evictions).toBe(1);
	});

	test('overwriting a key refreshes its TTL and does not grow the cache', () => {
		const { cache, clock } = cacheWithClock({ ttlMs: 100 });
		cache.set('a', 1);
		clock.now += 80;
		cache.set('a', 2);
		clock.now += 80;
		expect(cache.get('a')).toBe(2);
		expect(cache.size).toBe(1);
	});

	test('hits and misses are counted for /stats, has() counts neither', () => {
		const { cache } = cacheWithClock();
		cache.set('a', 1);
		cache.get('a');
		cache.get('a');
		cache.get('missing');
		cache.has('a');
		expect(cache.stats()).toEqual({ hits: 2, misses: 1, evictions: 0, size: 1, maxSize: 3, hitRate: 2 / 3 });
	});

	test('delete, deleteWhere and clear remove entries', () => {
		const { cache } = cacheWithClock({ maxSize: 10 });
		cache.set('g:1:a', 1).set('g:1:b', 2).set('g:2:a', 3).set('u:1', 4);
		expect(cache.delete('u:1')).toBe(true);
		expect(cache.deleteWhere((key) => key.startsWith('g:1:'))).toBe(2);
		expect(cache.has('g:2:a')).toBe(true);
		cache.clear();
		expect(cache.size).toBe(0);
	});

	test('a TTL or size of zero disables caching entirely', () => {
		for (const options of [{ ttlMs: 0 }, { maxSize: 0 }]) {
			const { cache } = cacheWithClock(options);
			cache.set('a', 1);
			expect(cache.enabled).toBe(false);
			expect(cache.get('a')).toBeUndefined();
		}
	});

	test('at scale, a full cache always evicts the least recently used entry, and a read counts as a use', () => {
		// (How fast it does so is bench territory, not a test's.)
		const cache = new TtlCache<number, number>({ ttlMs: 60_000, maxSize: 10_000 });
		for (let i = 0; i < 10_000; i++) cache.set(i, i);
		for (let i = 0; i < 10_000; i += 2) expect(cache.get(i)).toBe(i);
		// 5,000 new entries push out the 5,000 that were not read since they were written: the odd ones.
		for (let i = 10_000; i < 15_000; i++) cache.set(i, i);
		const kept = (from: number, to: number, step = 1) => {
			let count = 0;
			for (let i = from; i < to; i += step) if (cache.has(i)) count++;
			return count;
		};
		expect(cache.size).toBe(10_000);
		expect([kept(0, 10_000, 2), kept(1, 10_000, 2), kept(10_000, 15_000)]).toEqual([5_000, 0, 5_000]);
		for (let i = 15_000; i < 200_000; i++) cache.set(i, i);
		expect([cache.size, kept(0, 190_000), kept(190_000, 200_000)]).toEqual([10_000, 0, 10_000]);
	});
});
