import type { PluginReport } from '#core/plugins/PluginController';
import { describeReport, pluginChoices, pluginLine, pluginsIntro, type PluginSummary } from '#plugins/bot_admin/lib/plugins';

const report = (overrides: Partial<PluginReport>): PluginReport => ({
	action: 'reload',
	plugin: 'games',
	loaded: [],
	unloaded: [],
	failed: [],
	notFound: [],
	commands: 'unchanged',
	...overrides
});

const summary = (overrides: Partial<PluginSummary>): PluginSummary => ({
	name: 'games',
	version: '1.0.0',
	category: 'entertainment',
	enabled: true,
	toggleable: true,
	pieces: { commands: 2, listeners: 1 },
	loadErrors: [],
	...overrides
});

describe('plugin operation reports', () => {
	it('GIVEN everything loaded THEN the report is a success listing the pieces', () => {
		const view = describeReport(report({ loaded: ['commands/dice', 'listeners/ready'] }));
		expect(view.tone).toBe('success');
		expect(view.title).toBe('Reloaded `games`');
		expect(view.fields).toEqual([{ name: 'Loaded (2)', value: '`commands/dice`, `listeners/ready`' }]);
		expect(view.footnote).toBeNull();
	});

	it('keeps loaded, unloaded and failed apart, each failure with its reason (Red style)', () => {
		const view = describeReport(
			report({ loaded: ['commands/dice'], unloaded: ['commands/coin'], failed: [{ piece: 'commands/cards.ts', reason: 'Unexpected token' }] })
		);
		expect(view.tone).toBe('warning');
		expect(view.title).toBe('Reloaded `games`, with problems');
		expect(view.fields.map((field) => field.name)).toEqual(['Loaded (1)', 'Unloaded (1)', 'Failed (1)']);
		expect(view.fields[2]!.value).toBe('`commands/cards.ts`: Unexpected token');
	});

	it('GIVEN nothing worked THEN the report is an error saying what could not be done', () => {
		const view = describeReport(report({ action: 'enable', failed: [{ piece: 'commands/dice.ts', reason: 'boom' }] }));
		expect(view.tone).toBe('error');
		expect(view.title).toBe('Could not enable `games`');
	});

	it('GIVEN the plugin does not exist THEN only "not found" is reported, with where to look', () => {
		const view = describeReport(report({ plugin: 'nope', notFound: ['nope'] }));
		expect(view.tone).toBe('error');
		expect(view.title).toBe('No plugin called `nope`');
		expect(view.fields).toEqual([{ name: 'Not found', value: '`nope`' }]);
		expect(view.footnote).toContain('/plugins list');
	});

	it('says when Discord got a new command list, and when it refused one', () => {
		expect(describeReport(report({ action: 'disable', unloaded: ['commands/dice'], commands: 'updated' })).footnote).toBe(
			'Slash commands updated on Discord.'
		);
		const failed = describeReport(report({ loaded: ['commands/dice'], commands: 'failed', commandsError: 'Invalid Form Body' }));
		expect(failed.tone).toBe('warning');
		expect(failed.footnote).toContain('Invalid Form Body');
	});

	it('GIVEN a plugin without piece files THEN the report says so instead of an empty embed', () => {
		expect(describeReport(report({})).fields).toEqual([{ name: 'Pieces', value: 'None: the plugin has no piece files.' }]);
	});
});

describe('/plugins list lines', () => {
	it('shows version, category, state and piece counts per store', () => {
		expect(pluginLine(summary({}))).toBe('**games** `v1.0.0` · entertainment · 🟢 enabled\ncommands 2 · listeners 1');
	});

	it('shows a disabled plugin as not loaded, and a non-toggleable one as always on', () => {
		expect(pluginLine(summary({ enabled: false, pieces: {} }))).toBe('**games** `v1.0.0` · entertainment · 🔴 disabled\nnot loaded');
		expect(pluginLine(summary({ toggleable: false }))).toContain('🔒 always on');
	});

	it('lists the first load errors and counts the rest', () => {
		const loadErrors = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ piece: `commands/${name}.ts`, reason: 'broken' }));
		const line = pluginLine(summary({ loadErrors }));
		expect(line).toContain('⚠️ `commands/a.ts`: broken');
		expect(line).not.toContain('commands/d.ts');
		expect(line).toContain('…and 2 more that failed to load');
	});

	it('sums up how many plugins are disabled or broken', () => {
		const intro = pluginsIntro([
			summary({}),
			summary({ name: 'levels', enabled: false }),
			summary({ name: 'ai', loadErrors: [{ piece: 'x', reason: 'y' }] })
		]);
		expect(intro).toMatch(/^3 plugins · 1 disabled · 1 with load errors\./);
	});

	it('autocompletes names by prefix first, then by substring, with their state', () => {
		const plugins = [summary({ name: 'mini_games' }), summary({ name: 'games', enabled: false }), summary({ name: 'levels' })];
		expect(pluginChoices(plugins, 'gam')).toEqual([
			{ name: 'games (disabled)', value: 'games' },
			{ name: 'mini_games (enabled)', value: 'mini_games' }
		]);
	});
});
