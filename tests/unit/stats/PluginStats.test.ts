import { aggregatePluginStats, type PluginStatsInput } from '#core/stats/PluginStats';
import { MessageRouter } from '#core/router/MessageRouter';
import { CommandStats } from '#core/stats/CommandStats';
import { definePlugin, PluginManifestError } from '#core/plugins/manifest';
import { formatBytes, pluginMemoryLines, pluginTableBlocks } from '../../../src/plugins/bot_admin/lib/stats';

const input = (overrides: Partial<PluginStatsInput> = {}): PluginStatsInput => ({
	plugins: [],
	routed: 0,
	handlers: [],
	commands: [],
	commandPlugin: () => null,
	memory: () => null,
	...overrides
});

describe('aggregatePluginStats', () => {
	it('GIVEN two handlers of one plugin THEN their time is summed and divided by every routed message', () => {
		const [row] = aggregatePluginStats(
			input({
				plugins: ['progression'],
				routed: 10,
				handlers: [
					{ plugin: 'progression', totalMs: 3 },
					{ plugin: 'progression', totalMs: 2 }
				]
			})
		);
		expect(row).toMatchObject({ plugin: 'progression', handlers: 2, handlerMs: 5, msPerMessage: 0.5 });
	});

	it('GIVEN commands of two plugins THEN each plugin gets the p50/p95 of its own commands merged, and unknown commands are left out', () => {
		const rows = aggregatePluginStats(
			input({
				plugins: ['a', 'b'],
				commands: [
					{ name: 'one', runs: 2, samples: Float64Array.from([1, 2]) },
					{ name: 'two', runs: 3, samples: Float64Array.from([3, 4, 100]) },
					{ name: 'three', runs: 1, samples: Float64Array.from([7]) },
					{ name: 'gone', runs: 9, samples: Float64Array.from([999]) }
				],
				commandPlugin: (name) => ({ one: 'a', two: 'a', three: 'b' })[name] ?? null
			})
		);
		const a = rows.find((row) => row.plugin === 'a')!;
		expect(a).toMatchObject({ commandRuns: 5, timed: 5, p50Ms: 3, p95Ms: 100 });
		expect(rows.find((row) => row.plugin === 'b')).toMatchObject({ commandRuns: 1, p50Ms: 7, p95Ms: 7 });
		expect(rows.map((row) => row.plugin).sort()).toEqual(['a', 'b']);
	});

	it('GIVEN memory hooks THEN bytes are summed per plugin, zero items dropped, and a throwing hook is marked unknown', () => {
		const rows = aggregatePluginStats(
			input({
				plugins: ['words', 'empty', 'broken', 'none'],
				memory: (plugin): Record<string, number> | null => {
					if (plugin === 'words') return { dictionary: 4_000_000, cache: 1_000, lazy: 0 };
					if (plugin === 'empty') return { later: 0 };
					if (plugin === 'broken') throw new Error('boom');
					return null;
				}
			})
		);
		const byName = Object.fromEntries(rows.map((row) => [row.plugin, row]));
		expect(byName.words).toMatchObject({ memory: { dictionary: 4_000_000, cache: 1_000 }, memoryBytes: 4_001_000, memoryFailed: false });
		expect(byName.empty).toMatchObject({ memory: {}, memoryBytes: 0, memoryFailed: false });
		expect(byName.broken).toMatchObject({ memoryBytes: 0, memoryFailed: true });
		expect(byName.none).toMatchObject({ handlers: 0, commandRuns: 0, p50Ms: null, memoryBytes: 0 });
	});

	it('GIVEN handlers outside plugins and nothing routed THEN they count under core, at 0 ms per message, busiest plugins first', () => {
		const rows = aggregatePluginStats(
			input({
				plugins: ['quiet', 'busy'],
				routed: 0,
				handlers: [{ plugin: null, totalMs: 1 }]
			})
		);
		expect(rows.find((row) => row.plugin === 'core')).toMatchObject({ handlers: 1, msPerMessage: 0 });
		const ordered = aggregatePluginStats(
			input({
				plugins: ['quiet', 'busy'],
				routed: 4,
				handlers: [
					{ plugin: 'busy', totalMs: 2 },
					{ plugin: 'quiet', totalMs: 1 }
				]
			})
		);
		expect(ordered.map((row) => row.plugin)).toEqual(['busy', 'quiet']);
	});

	it('GIVEN a real router and command stats THEN routed messages and command windows feed the rows', () => {
		let now = 0;
		const entries = [
			{ name: 'xp', plugin: 'progression', priority: 0, dms: false, edits: false, run: () => ((now += 2), false) },
			{ name: 'chain', plugin: 'word_games', priority: 1, dms: false, edits: false, run: () => ((now += 1), true) }
		];
		const router = new MessageRouter({ source: () => entries, clock: () => now });
		const message = { partial: false, webhookId: null, system: false, author: { bot: false }, guildId: 'g', content: 'hi', id: 'm' };
		for (let i = 0; i < 4; i++) router.route(message as never, { edited: false });
		router.route({ ...message, author: { bot: true } } as never, { edited: false });
		expect(router.routedMessages).toBe(4);
		const stats = new CommandStats();
		stats.recordRun('rank', true, 10);
		stats.recordRun('rank', true, 30);
		stats.recordRun('rank', false, -1);
		const rows = aggregatePluginStats({
			plugins: ['progression', 'word_games'],
			routed: router.routedMessages,
			handlers: router.stats(),
			commands: stats.timings(),
			commandPlugin: (name) => (name === 'rank' ? 'progression' : null),
			memory: () => null
		});
		expect(rows[0]).toMatchObject({ plugin: 'progression', msPerMessage: 2, commandRuns: 3, timed: 2, p50Ms: 10, p95Ms: 30 });
		expect(rows[1]).toMatchObject({ plugin: 'word_games', msPerMessage: 1 });
		router.resetStats();
		expect(router.routedMessages).toBe(0);
	});
});

describe('the memory hook in a manifest', () => {
	it('GIVEN a memory hook THEN the manifest keeps it; GIVEN something else THEN the start-up error names the plugin', () => {
		const memory = () => ({ cache: 1 });
		expect(definePlugin({ name: 'memo', category: 'core', description: 'x', version: '1.0.0', memory }).memory).toBe(memory);
		expect(definePlugin({ name: 'memo', category: 'core', description: 'x', version: '1.0.0' })).not.toHaveProperty('memory');
		expect(() => definePlugin({ name: 'memo', category: 'core', description: 'x', version: '1.0.0', memory: 5 as never })).toThrow(
			new PluginManifestError('Plugin "memo" has a memory hook that is not a function; expected () => ({ item: bytes })')
		);
	});
});

describe('the /stats plugin table', () => {
	const row = (plugin: string, extra: Partial<ReturnType<typeof aggregatePluginStats>[number]> = {}) => ({
		plugin,
		handlers: 1,
		handlerMs: 1,
		msPerMessage: 0.0123,
		commandRuns: 2,
		timed: 2,
		p50Ms: 3.14,
		p95Ms: 42,
		memory: { dictionary: 3_900_000 },
		memoryBytes: 3_900_000,
		memoryFailed: false,
		...extra
	});

	it('GIVEN a few plugins THEN one code block with aligned columns and dashes where nothing is measured', () => {
		const [block, ...rest] = pluginTableBlocks([
			row('word_games'),
			row('social', { handlers: 0, p50Ms: null, p95Ms: null, memory: {}, memoryBytes: 0 })
		]);
		expect(rest).toEqual([]);
		expect(block).toBe(
			[
				'```',
				'plugin      ms/msg  cmd p50/p95   memory',
				'word_games   0.012       3.1/42  3.7 MiB',
				'social           -            -        -',
				'```'
			].join('\n')
		);
	});

	it('GIVEN more plugins than one field holds THEN several blocks, each within 1,024 characters, no row lost', () => {
		const rows = Array.from({ length: 60 }, (_, index) => row(`plugin_number_${index}`));
		const blocks = pluginTableBlocks(rows);
		expect(blocks.length).toBeGreaterThan(1);
		for (const block of blocks) expect(block.length).toBeLessThanOrEqual(1024);
		const lines = blocks.flatMap((block) => block.split('\n').filter((line) => line.startsWith('plugin_number_')));
		expect(lines).toHaveLength(60);
	});

	it('GIVEN memory items THEN they are listed largest first, and cut with a count when they would not fit', () => {
		const rows = [row('word_games'), row('progression', { memory: { xp_buffer: 2048, rank_index: 512 }, memoryBytes: 2560 })];
		expect(pluginMemoryLines(rows)).toEqual([
			'`word_games.dictionary` 3.7 MiB',
			'`progression.xp_buffer` 2.0 KiB',
			'`progression.rank_index` 512 B'
		]);
		expect(pluginMemoryLines(rows, 60)).toEqual(['`word_games.dictionary` 3.7 MiB', '…and 2 more']);
		expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
	});
});
