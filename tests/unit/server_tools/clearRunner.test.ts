import type { ClearCandidate } from '../../../src/plugins/server_tools/lib/clear';
import { OLD_DELETE_MAX, runClear, type ClearChannel } from '../../../src/plugins/server_tools/lib/clearRunner';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DISCORD_EPOCH = 1420070400000n;
const idAt = (time: number) => String((BigInt(time) - DISCORD_EPOCH) << 22n);

/** A fake channel holding `count` messages one second apart (newest first), recording every call. */
function fakeChannel(messages: ClearCandidate[], options: { failBulk?: boolean } = {}) {
	const calls: string[] = [];
	const bulkBodies: string[][] = [];
	const channel: ClearChannel = {
		fetchPage(before, limit) {
			calls.push(`fetch ${limit}`);
			return Promise.resolve(messages.filter((m) => BigInt(m.id) < BigInt(before)).slice(0, limit));
		},
		bulkDelete(ids) {
			calls.push(`bulk ${ids.length}`);
			if (options.failBulk) return Promise.reject(new Error('50034'));
			bulkBodies.push(ids);
			return Promise.resolve();
		},
		deleteOne(id) {
			calls.push(`single ${id}`);
			return Promise.resolve();
		}
	};
	return { channel, calls, bulkBodies };
}

function messages(count: number, shape: (index: number) => Partial<ClearCandidate> & { ageMs?: number } = () => ({})): ClearCandidate[] {
	return Array.from({ length: count }, (_, index) => {
		const extra = shape(index);
		const created = NOW - (extra.ageMs ?? (index + 1) * 1000);
		return {
			id: idAt(created),
			createdTimestamp: created,
			pinned: false,
			content: 'x',
			author: { id: '1', bot: false },
			attachments: { size: 0 },
			...extra
		};
	});
}

const start = idAt(NOW);

describe('runClear', () => {
	it('GIVEN 250 recent messages WHEN 250 are cleared THEN three pages are read and 100+100+50 are bulk-deleted', async () => {
		const { channel, calls, bulkBodies } = fakeChannel(messages(300));
		const tally = await runClear(channel, { amount: 250, filters: {}, startBefore: start, now: NOW });
		expect(tally.deleted).toBe(250);
		expect(bulkBodies.map((ids) => ids.length)).toEqual([100, 100, 50]);
		expect(calls.filter((call) => call.startsWith('fetch'))).toHaveLength(3);
	});

	it('GIVEN one match and the prefix message THEN both go in one bulk request and only the match is reported', async () => {
		const { channel, bulkBodies } = fakeChannel(messages(5));
		const tally = await runClear(channel, { amount: 1, filters: {}, startBefore: start, extraIds: ['42'], now: NOW });
		expect(bulkBodies).toEqual([['42', expect.any(String)]]);
		expect(tally.deleted).toBe(1);
	});

	it('GIVEN a single match THEN the single DELETE is used', async () => {
		const list = messages(3);
		const { channel, calls } = fakeChannel(list);
		await runClear(channel, { amount: 1, filters: {}, startBefore: start, now: NOW });
		expect(calls).toContain(`single ${list[0]!.id}`);
		expect(calls.some((call) => call.startsWith('bulk'))).toBe(false);
	});

	it('GIVEN old matches THEN they are never bulk-deleted, and include_old deletes them one by one', async () => {
		const list = messages(4, (index) => (index >= 2 ? { ageMs: (20 + index) * 24 * 3600_000 } : {}));
		const left = fakeChannel(list);
		const skipped = await runClear(left.channel, { amount: 10, filters: {}, startBefore: start, now: NOW });
		expect(skipped).toMatchObject({ deleted: 2, tooOld: 2, oldDeleted: 0 });
		expect(left.bulkBodies.flat()).toEqual([list[0]!.id, list[1]!.id]);

		const removed = fakeChannel(list);
		const tally = await runClear(removed.channel, { amount: 10, filters: { includeOld: true }, startBefore: start, now: NOW });
		expect(tally).toMatchObject({ deleted: 4, tooOld: 0, oldDeleted: 2 });
		expect(removed.calls).toEqual(expect.arrayContaining([`single ${list[2]!.id}`, `single ${list[3]!.id}`]));
		expect(removed.bulkBodies.flat()).not.toContain(list[2]!.id);
	});

	it('GIVEN more old matches than one run deletes one by one THEN the rest are left and counted', async () => {
		const list = messages(105, (index) => ({ ageMs: 20 * 24 * 3600_000 + index * 1000 }));
		const { channel, calls } = fakeChannel(list);
		const tally = await runClear(channel, { amount: 105, filters: { includeOld: true }, startBefore: start, now: NOW });
		expect(tally).toMatchObject({ deleted: OLD_DELETE_MAX, oldDeleted: OLD_DELETE_MAX, tooOld: 5 });
		expect(calls.filter((call) => call.startsWith('single'))).toHaveLength(OLD_DELETE_MAX);
	});

	it('GIVEN a bulk request fails THEN the batch falls back to single deletions', async () => {
		const { channel, calls } = fakeChannel(messages(3), { failBulk: true });
		const tally = await runClear(channel, { amount: 3, filters: {}, startBefore: start, now: NOW });
		expect(tally.deleted).toBe(3);
		expect(calls.filter((call) => call.startsWith('single'))).toHaveLength(3);
	});
});
