import { XpBuffer } from '../../../src/plugins/progression/lib/buffer';
import { RankIndex, SortedXp } from '../../../src/plugins/progression/lib/rankIndex';

describe('sorted XP copy', () => {
	it('GIVEN totals with ties THEN countAbove counts only strictly higher totals', () => {
		const sorted = new SortedXp([50, 10, 30, 30, 0]);
		expect(sorted.countAbove(30)).toBe(1);
		expect(sorted.countAbove(29)).toBe(3);
		expect(sorted.countAbove(50)).toBe(0);
		expect(sorted.countAbove(-1)).toBe(5);
	});

	it('GIVEN random moves THEN it always agrees with a plain count over an array', () => {
		const truth = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
		const sorted = new SortedXp(truth);
		let seed = 7;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
		for (let step = 0; step < 2_000; step++) {
			const index = Math.floor(random() * truth.length);
			const next = Math.floor(random() * 150);
			sorted.move(truth[index]!, next);
			truth[index] = next;
			if (step % 50 === 0) {
				const added = Math.floor(random() * 150);
				truth.push(added);
				sorted.insert(added);
			}
			const probe = Math.floor(random() * 160);
			expect(sorted.countAbove(probe)).toBe(truth.filter((value) => value > probe).length);
		}
		expect(sorted.size).toBe(truth.length);
	});
});

describe('rank index', () => {
	it('GIVEN a fresh copy THEN reads reuse it; after the TTL it is rebuilt from the loader', async () => {
		let now = 0;
		const index = new RankIndex({ ttlMs: 1_000, now: () => now });
		const load = jest.fn(async () => [10, 20, 30]);
		expect((await index.get('g', load, () => undefined)).countAbove(15)).toBe(2);
		index.move('g', 10, 40);
		expect((await index.get('g', load, () => undefined)).countAbove(15)).toBe(3);
		expect(load).toHaveBeenCalledTimes(1);
		now = 1_000;
		expect(index.peek('g')).toBeUndefined();
		expect((await index.get('g', load, () => undefined)).countAbove(15)).toBe(2);
		expect(load).toHaveBeenCalledTimes(2);
	});

	it('GIVEN a buffer wired to the index WHEN members earn XP before and after the build THEN the copy matches every total', async () => {
		const rows = [
			{ guildId: 'g', userId: 'a', xp: 100, level: 1, messages: 1 },
			{ guildId: 'g', userId: 'b', xp: 200, level: 1, messages: 1 }
		];
		const db = {
			$executeRawUnsafe: jest.fn(async () => 0),
			memberXp: {
				findMany: jest.fn(async ({ where }: { where: { userId: { in: string[] } } }) =>
					rows.filter((row) => where.userId.in.includes(row.userId))
				)
			}
		};
		const index = new RankIndex();
		const buffer = new XpBuffer(db as never, { provider: 'sqlite', onMove: (guildId, from, to) => index.move(guildId, from, to) });
		// Unwritten before the build: a gains 150 (250), c is new with 20.
		await buffer.update('g', 'a', (entry) => (entry.xp += 150));
		await buffer.update('g', 'c', (entry) => (entry.xp = 20));
		const sorted = await buffer.exclusive(() =>
			index.get(
				'g',
				async () => rows.map((row) => row.xp),
				(copy) => {
					for (const entry of buffer.dirtyIn('g')) copy.move(entry.flushedXp, entry.xp);
				}
			)
		);
		expect([sorted.countAbove(249), sorted.countAbove(199), sorted.countAbove(19)]).toEqual([1, 2, 3]);
		// After the build: b drops to 10 through the buffer; d is new with 500.
		await buffer.update('g', 'b', (entry) => (entry.xp = 10));
		await buffer.update('g', 'd', (entry) => (entry.xp = 500));
		expect(sorted.size).toBe(4);
		expect([sorted.countAbove(499), sorted.countAbove(249), sorted.countAbove(19), sorted.countAbove(9)]).toEqual([1, 2, 3, 4]);
	});

	it('GIVEN a flush is asked for during an exclusive section THEN it waits until the section ends', async () => {
		const order: string[] = [];
		const db = { $executeRawUnsafe: jest.fn(async () => order.push('flush')), memberXp: { findMany: jest.fn(async () => []) } };
		const buffer = new XpBuffer(db as never, { provider: 'sqlite' });
		await buffer.update('g', 'a', (entry) => (entry.xp = 1));
		let release!: () => void;
		const section = buffer.exclusive(async () => {
			order.push('section start');
			await new Promise<void>((resolve) => (release = resolve));
			order.push('section end');
		});
		await Promise.resolve();
		const flushed = buffer.flush();
		await new Promise((resolve) => setImmediate(resolve));
		release();
		await Promise.all([section, flushed]);
		expect(order).toEqual(['section start', 'section end', 'flush']);
	});
});
