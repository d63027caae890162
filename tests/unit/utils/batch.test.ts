import { batched } from '../../../src/shared/utils/batch';

describe('batched', () => {
	it('GIVEN calls in the same turn THEN write sees them together, in order, and each call gets its own result', async () => {
		const batches: number[][] = [];
		const double = batched(async (items: number[]) => {
			batches.push(items);
			return items.map((item) => item * 2);
		});
		const first = await Promise.all([double(1), double(2), double(3)]);
		const later = await double(4);
		expect(first).toEqual([2, 4, 6]);
		expect(later).toBe(8);
		expect(batches).toEqual([[1, 2, 3], [4]]);
	});

	it('GIVEN write fails THEN every call of that batch fails with its error, and the next batch is written afresh', async () => {
		let fail = true;
		const write = batched(async (items: string[]) => {
			if (fail) throw new Error('database is locked');
			return items.map((item) => item.toUpperCase());
		});
		const results = await Promise.allSettled([write('a'), write('b')]);
		expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
		expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('database is locked'));
		fail = false;
		expect(await write('c')).toBe('C');
	});

	it('GIVEN write answers the wrong number of results THEN the calls fail instead of getting someone else’s', async () => {
		const write = batched(async (items: number[]) => items.slice(1));
		await expect(Promise.all([write(1), write(2)])).rejects.toThrow('1 results for 2 items');
	});
});
