import { ActivityCounter, dayKey, lastDays, summarize, type ActivityBucket } from '../../../src/plugins/server_tools/lib/activity';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('activity day buckets', () => {
	it('GIVEN times around midnight UTC THEN they fall on their UTC day', () => {
		expect(dayKey(Date.UTC(2026, 10, 25, 23, 59, 59, 999))).toBe('2026-11-25');
		expect(dayKey(Date.UTC(2026, 10, 26, 0, 0, 0))).toBe('2026-11-26');
	});

	it('GIVEN a window THEN it lists the days oldest first, ending today', () => {
		expect(lastDays(3, NOW)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
		expect(lastDays(14, NOW)).toHaveLength(14);
		expect(lastDays(30, NOW)[0]).toBe('2026-10-28');
	});

	it('GIVEN messages THEN the counter keeps one bucket per guild, day and channel', async () => {
		const counter = new ActivityCounter();
		counter.record('g', 'a', NOW);
		counter.record('g', 'a', NOW);
		counter.record('g', 'b', NOW);
		counter.record('g', 'a', NOW - 86_400_000);
		counter.record('h', 'a', NOW);
		const written: ActivityBucket[][] = [];
		await counter.flush((buckets) => (written.push(buckets), Promise.resolve()));
		expect(written[0]).toEqual(
			expect.arrayContaining([
				{ guildId: 'g', day: '2026-11-26', channelId: 'a', messages: 2 },
				{ guildId: 'g', day: '2026-11-26', channelId: 'b', messages: 1 },
				{ guildId: 'g', day: '2026-11-25', channelId: 'a', messages: 1 },
				{ guildId: 'h', day: '2026-11-26', channelId: 'a', messages: 1 }
			])
		);
		expect(counter.pending).toBe(0);
	});

	it('GIVEN a flush fails THEN the counts are kept and merged with new ones for the next try', async () => {
		const counter = new ActivityCounter();
		counter.record('g', 'a', NOW);
		await expect(counter.flush(() => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
		counter.record('g', 'a', NOW);
		expect(counter.pendingFor('g')).toEqual([{ guildId: 'g', day: '2026-11-26', channelId: 'a', messages: 2 }]);
		expect(counter.pendingFor('other')).toEqual([]);
	});

	it('GIVEN two flushes at once THEN messages counted in between are written by the second', async () => {
		const counter = new ActivityCounter();
		const written: number[] = [];
		let release!: () => void;
		counter.record('g', 'a', NOW);
		const first = counter.flush((buckets) => new Promise<void>((resolve) => ((release = resolve), written.push(buckets[0]!.messages))));
		counter.record('g', 'a', NOW);
		const second = counter.flush((buckets) => (written.push(buckets[0]!.messages), Promise.resolve()));
		release();
		await Promise.all([first, second]);
		expect(written).toEqual([1, 1]);
	});
});

describe('activity summary', () => {
	const row = (day: string, channelId: string, messages: number): ActivityBucket => ({ guildId: 'g', day, channelId, messages });

	it('GIVEN rows THEN days are zero-filled, rows outside the window ignored, and channels ranked', () => {
		const summary = summarize(
			[row('2026-11-26', 'a', 5), row('2026-11-26', 'b', 7), row('2026-11-24', 'a', 4), row('2026-11-01', 'c', 100), row('2026-11-25', 'c', 1)],
			3,
			NOW
		);
		expect(summary.perDay).toEqual([
			{ day: '2026-11-24', messages: 4 },
			{ day: '2026-11-25', messages: 1 },
			{ day: '2026-11-26', messages: 12 }
		]);
		expect(summary.topChannels).toEqual([
			{ channelId: 'a', messages: 9 },
			{ channelId: 'b', messages: 7 },
			{ channelId: 'c', messages: 1 }
		]);
		expect(summary.total).toBe(17);
	});

	it('GIVEN more channels than the top size THEN only the busiest are kept, ties by id', () => {
		const rows = ['d', 'c', 'b', 'a', 'e', 'f'].map((id) => row('2026-11-26', id, 3));
		rows.push(row('2026-11-26', 'z', 9));
		expect(summarize(rows, 14, NOW, 3).topChannels.map((entry) => entry.channelId)).toEqual(['z', 'a', 'b']);
	});
});
