import { Collection } from 'discord.js';
import { GenerationalCollection } from '../../../src/core/GenerationalCollection';

const filled = (maxSize: number, count: number) => {
	const cache = new GenerationalCollection<number, string>(maxSize);
	for (let i = 0; i < count; i++) cache.set(i, `m${i}`);
	return cache;
};

describe('GenerationalCollection', () => {
	it('GIVEN more entries than the limit THEN it keeps the most recent half to all of the limit, oldest first', () => {
		for (let count = 1; count <= 50; count++) {
			const cache = filled(10, count);
			const keys = [...cache.keys()];
			expect(cache.size).toBe(keys.length);
			expect(cache.size).toBeLessThanOrEqual(10);
			expect(cache.size).toBeGreaterThanOrEqual(Math.min(count, 5));
			// Always the most recent ones, in insertion order.
			expect(keys).toEqual(Array.from({ length: keys.length }, (_, index) => count - keys.length + index));
		}
	});

	it('answers like a Map: get, has, set again, delete, clear', () => {
		const cache = filled(10, 8);
		expect(cache.get(7)).toBe('m7');
		expect(cache.get(2)).toBe('m2');
		expect(cache.has(2)).toBe(true);
		expect(cache.get(99)).toBeUndefined();
		// Writing an existing key (an edited message) replaces it, without a second copy.
		cache.set(2, 'edited');
		expect(cache.get(2)).toBe('edited');
		expect(cache.size).toBe(8);
		expect([...cache.keys()].filter((key) => key === 2)).toHaveLength(1);
		expect(cache.delete(3)).toBe(true);
		expect(cache.delete(3)).toBe(false);
		expect(cache.has(3)).toBe(false);
		expect(cache.size).toBe(7);
		cache.clear();
		expect(cache.size).toBe(0);
		expect([...cache]).toEqual([]);
	});

	it('works with what discord.js calls on a cache: iteration, forEach, first/last, filter, sweep', () => {
		const cache = filled(10, 14);
		expect([...cache].map(([key]) => key)).toEqual([...cache.keys()]);
		const seen: number[] = [];
		cache.forEach((value, key, map) => {
			expect(map).toBe(cache);
			expect(value).toBe(`m${key}`);
			seen.push(key);
		});
		expect(seen).toEqual([...cache.keys()]);
		expect(cache.first()).toBe(`m${seen[0]}`);
		expect(cache.last()).toBe('m13');
		const odd = cache.filter((_, key) => key % 2 === 1);
		// Derived collections are plain Collections.
		expect(odd).toBeInstanceOf(Collection);
		expect(odd).not.toBeInstanceOf(GenerationalCollection);
		expect([...odd.keys()].every((key) => key % 2 === 1)).toBe(true);
		// The message sweeper deletes while it iterates.
		const swept = cache.sweep((_, key) => key < 12);
		expect(swept).toBe(seen.filter((key) => key < 12).length);
		expect([...cache.keys()]).toEqual([12, 13]);
	});

	it('GIVEN keep THEN the entries it names outlive their generation, and the rest go as usual', () => {
		const cache = new GenerationalCollection<number, string>(10, (value) => value === 'bot');
		cache.set(0, 'bot');
		for (let i = 1; i < 60; i++) cache.set(i, `m${i}`);
		expect(cache.get(0)).toBe('bot');
		expect(cache.size).toBeLessThanOrEqual(10);
		expect(cache.has(1)).toBe(false);
		expect(cache.has(59)).toBe(true);
	});

	it('refuses a limit under 2', () => {
		expect(() => new GenerationalCollection(1)).toThrow(RangeError);
		expect(() => new GenerationalCollection(2.5)).toThrow(RangeError);
	});
});
