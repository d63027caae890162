import {
	BULK_DELETE_MAX_AGE_MS,
	BULK_DELETE_SAFETY_MS,
	checkAmount,
	classify,
	ClearSelection,
	describeFilters,
	isBulkDeletable,
	matchesFilters,
	parseMessageRef,
	planBatches,
	scanLimit,
	SCAN_CAP,
	summaryLines,
	type ClearCandidate
} from '../../../src/plugins/server_tools/lib/clear';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DISCORD_EPOCH = 1420070400000n;
/** A snowflake for a time, with a sequence so several can share one millisecond. */
const idAt = (time: number, sequence = 0) => String(((BigInt(time) - DISCORD_EPOCH) << 22n) | BigInt(sequence));

function message(overrides: Partial<ClearCandidate> & { ageMs?: number; sequence?: number } = {}): ClearCandidate {
	const created = NOW - (overrides.ageMs ?? 60_000);
	return {
		id: overrides.id ?? idAt(created, overrides.sequence ?? 0),
		createdTimestamp: created,
		pinned: overrides.pinned ?? false,
		content: overrides.content ?? 'hello',
		author: overrides.author ?? { id: '1', bot: false },
		webhookId: overrides.webhookId ?? null,
		attachments: overrides.attachments ?? { size: 0 },
		embeds: overrides.embeds ?? []
	};
}

describe('clear filters', () => {
	it('GIVEN no filters THEN every message matches', () => {
		expect(matchesFilters(message(), {})).toBe(true);
	});

	it('GIVEN a user filter THEN only that author matches', () => {
		expect(matchesFilters(message({ author: { id: '7', bot: false } }), { userId: '7' })).toBe(true);
		expect(matchesFilters(message({ author: { id: '8', bot: false } }), { userId: '7' })).toBe(false);
	});

	it('GIVEN the bots filter THEN bots and webhooks match and people do not', () => {
		expect(matchesFilters(message({ author: { id: '2', bot: true } }), { bots: true })).toBe(true);
		expect(matchesFilters(message({ webhookId: '99' }), { bots: true })).toBe(true);
		expect(matchesFilters(message(), { bots: true })).toBe(false);
	});

	it('GIVEN a contains filter THEN it matches case-insensitively', () => {
		expect(matchesFilters(message({ content: 'Buy CHEAP stuff' }), { contains: 'cheap' })).toBe(true);
		expect(matchesFilters(message({ content: 'nothing here' }), { contains: 'cheap' })).toBe(false);
	});

	it('GIVEN the links filter THEN URLs, invites and link embeds match', () => {
		expect(matchesFilters(message({ content: 'see https://example.com/x' }), { links: true })).toBe(true);
		expect(matchesFilters(message({ content: 'join discord.gg/abc' }), { links: true })).toBe(true);
		expect(matchesFilters(message({ content: 'look', embeds: [{ url: 'https://example.com' }] }), { links: true })).toBe(true);
		expect(matchesFilters(message({ content: 'no link, just https' }), { links: true })).toBe(false);
	});

	it('GIVEN the attachments filter THEN only messages with files match', () => {
		expect(matchesFilters(message({ attachments: { size: 2 } }), { attachments: true })).toBe(true);
		expect(matchesFilters(message(), { attachments: true })).toBe(false);
	});

	it('GIVEN before and after THEN the range is exclusive at both ends', () => {
		const a = message({ ageMs: 30_000 });
		const b = message({ ageMs: 20_000 });
		const c = message({ ageMs: 10_000 });
		const filters = { after: a.id, before: c.id };
		expect([a, b, c].map((m) => matchesFilters(m, filters))).toEqual([false, true, false]);
	});

	it('GIVEN several filters THEN a message must pass all of them', () => {
		const filters = { userId: '7', links: true };
		expect(matchesFilters(message({ author: { id: '7', bot: false }, content: 'https://x.y' }), filters)).toBe(true);
		expect(matchesFilters(message({ author: { id: '7', bot: false }, content: 'plain' }), filters)).toBe(false);
	});

	it('GIVEN a pinned match THEN it is skipped unless include_pinned is set', () => {
		expect(classify(message({ pinned: true }), {}, NOW)).toBe('pinned');
		expect(classify(message({ pinned: true }), { includePinned: true }, NOW)).toBe('delete');
		expect(classify(message({ pinned: true, content: 'x' }), { contains: 'y' }, NOW)).toBe('filtered');
	});

	it('GIVEN a message exactly 14 days old THEN it is too old for bulk delete', () => {
		expect(isBulkDeletable(NOW - BULK_DELETE_MAX_AGE_MS, NOW)).toBe(false);
		expect(classify(message({ ageMs: BULK_DELETE_MAX_AGE_MS }), {}, NOW)).toBe('old');
	});

	it('GIVEN a message within the safety minute before 14 days THEN it is treated as too old, and a moment younger is fine', () => {
		const edge = BULK_DELETE_MAX_AGE_MS - BULK_DELETE_SAFETY_MS;
		expect(isBulkDeletable(NOW - edge, NOW)).toBe(false);
		expect(isBulkDeletable(NOW - edge + 1, NOW)).toBe(true);
		expect(classify(message({ ageMs: 13 * 24 * 3600_000 }), {}, NOW)).toBe('delete');
	});
});

describe('clear batching', () => {
	const ids = (count: number) => Array.from({ length: count }, (_, index) => String(1000 + index));

	it('GIVEN one id THEN it uses the single DELETE', () => {
		expect(planBatches(ids(1))).toEqual([{ kind: 'single', id: '1000' }]);
	});

	it('GIVEN 2 to 100 ids THEN one bulk request takes them all', () => {
		expect(planBatches(ids(2))).toEqual([{ kind: 'bulk', ids: ['1000', '1001'] }]);
		const plan = planBatches(ids(100));
		expect(plan).toHaveLength(1);
		expect(plan[0]).toMatchObject({ kind: 'bulk' });
	});

	it('GIVEN 250 ids THEN they go in chunks of 100, 100 and 50, in order', () => {
		const plan = planBatches(ids(250));
		expect(plan.map((batch) => (batch.kind === 'bulk' ? batch.ids.length : 1))).toEqual([100, 100, 50]);
		expect(plan.flatMap((batch) => (batch.kind === 'bulk' ? batch.ids : [batch.id]))).toEqual(ids(250));
	});

	it('GIVEN 201 ids THEN the last lone id uses the single DELETE', () => {
		const plan = planBatches(ids(201));
		expect(plan.map((batch) => batch.kind)).toEqual(['bulk', 'bulk', 'single']);
	});

	it('GIVEN no ids THEN there is nothing to send', () => {
		expect(planBatches([])).toEqual([]);
	});
});

describe('clear amount and scanning', () => {
	it('GIVEN amounts at and past the bounds THEN 1 and 1000 pass and 0, 1001 and fractions are refused', () => {
		expect(checkAmount(1)).toBeNull();
		expect(checkAmount(1000)).toBeNull();
		expect(checkAmount(0)).toMatch(/between 1 and 1000/);
		expect(checkAmount(1001)).toMatch(/between 1 and 1000/);
		expect(checkAmount(2.5)).toMatch(/whole number/);
	});

	it('GIVEN an amount THEN the scan reads at least a page, five per match, at most the cap', () => {
		expect(scanLimit(1)).toBe(100);
		expect(scanLimit(50)).toBe(250);
		expect(scanLimit(1000)).toBe(SCAN_CAP);
	});

	it('GIVEN pages with pinned, old and filtered messages THEN the selection sorts them and stops at the amount', () => {
		const selection = new ClearSelection(3, { userId: '7' }, NOW);
		const mine = (ageMs: number, extra: Partial<ClearCandidate> = {}) => message({ ageMs, author: { id: '7', bot: false }, ...extra });
		const page = [
			mine(1_000),
			message({ ageMs: 2_000 }),
			mine(3_000, { pinned: true }),
			mine(4_000),
			mine(15 * 24 * 3600_000),
			mine(16 * 24 * 3600_000)
		];
		expect(selection.take(page)).toBe(false);
		expect(selection.bulk).toEqual([page[0]!.id, page[3]!.id]);
		expect(selection.old).toEqual([page[4]!.id]);
		expect(selection.pinned).toBe(1);
		expect(selection.scanned).toBe(5);
	});

	it('GIVEN an after bound THEN scanning stops at it', () => {
		const older = message({ ageMs: 5_000 });
		const newer = message({ ageMs: 1_000 });
		const selection = new ClearSelection(10, { after: older.id }, NOW);
		selection.take([newer, older, message({ ageMs: 9_000 })]);
		expect(selection.bulk).toEqual([newer.id]);
		expect(selection.done).toBe(true);
	});

	it('GIVEN only non-matching messages THEN the scan stops at its cap and says so', () => {
		const selection = new ClearSelection(1, { contains: 'needle' }, NOW);
		const page = Array.from({ length: 100 }, (_, index) => message({ ageMs: 1_000 + index, sequence: index }));
		expect(selection.take(page)).toBe(false);
		expect(selection.hitScanCap).toBe(true);
		expect(selection.scanned).toBe(100);
	});
});

describe('message references and the summary', () => {
	it('GIVEN an id or a message link THEN the message id (and channel) are read; anything else is refused', () => {
		expect(parseMessageRef(' 123456789012345678 ')).toEqual({ messageId: '123456789012345678', channelId: null });
		expect(parseMessageRef('https://discord.com/channels/111111111111111111/222222222222222222/333333333333333333')).toEqual({
			messageId: '333333333333333333',
			channelId: '222222222222222222'
		});
		expect(parseMessageRef('https://ptb.discord.com/channels/111111111111111111/222222222222222222/333333333333333333')?.messageId).toBe(
			'333333333333333333'
		);
		expect(parseMessageRef('yesterday')).toBeNull();
		expect(parseMessageRef('https://example.com/channels/1/2/3')).toBeNull();
	});

	it('GIVEN a tally THEN the summary says deleted, pinned, too old and the filters', () => {
		const lines = summaryLines(
			{ deleted: 3, pinned: 1, tooOld: 2, oldDeleted: 0, failed: 0, scanned: 9, hitScanCap: false },
			{ userId: '7', contains: 'a"b' }
		);
		expect(lines[0]).toBe('Deleted **3** messages.');
		expect(lines.join('\n')).toContain('Skipped **1** pinned');
		expect(lines.join('\n')).toContain('Left **2** older than 14 days');
		expect(lines.at(-1)).toBe(`Filters: from <@7>, containing "a'b".`);
		expect(describeFilters({})).toEqual([]);
	});
});
