import { Piece, Store, StoreRegistry } from '@sapphire/pieces';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandSnapshot, CommandSync } from '#core/plugins/commandSync';
import { PieceLoadErrors } from '#core/plugins/loadErrors';
import { definePlugin, type PluginManifestInput } from '#core/plugins/manifest';
import { PluginControlError, PluginController } from '#core/plugins/PluginController';
import { PluginManager } from '#core/plugins/PluginManager';
import type { PluginStateStore } from '#core/plugins/state';

/**
 * A piece kind of its own, so these tests need no Discord client. Exported because the piece files written below
 * require this very file to extend it. (Re-loading a changed file cannot be shown here: jest's module registry
 * hands back the first version; plugins-process.test.ts covers that with a real process.)
 */
export class Thing extends Piece {}

const thingSource = (className: string) =>
	`const { Thing } = require(${JSON.stringify(__filename)});\nclass ${className} extends Thing {}\nmodule.exports = { ${className} };\n`;

describe('PluginController', () => {
	let root: string;
	let stores: StoreRegistry;
	let plugins: PluginManager;
	let controller: PluginController;
	let saved: Map<string, boolean>;
	let applied: { fresh: string[] }[];

	const write = (plugin: string, file: string, source: string) => {
		mkdirSync(join(root, plugin, 'things'), { recursive: true });
		writeFileSync(join(root, plugin, 'things', file), source);
	};
	const things = () => [...stores.get('things' as never as 'listeners').keys()].sort();

	async function boot(manifests: PluginManifestInput[], disabled: string[] = []) {
		plugins = new PluginManager(
			manifests.map((input) => ({ manifest: definePlugin(input), directory: join(root, input.name) })),
			[],
			{ disabled }
		);
		stores = new StoreRegistry();
		stores.register(new Store(Thing, { name: 'things' as never }) as never);
		saved = new Map();
		applied = [];
		const state: PluginStateStore = {
			disabled: async () => [...saved].filter(([, on]) => !on).map(([name]) => name),
			set: async (name, on) => void saved.set(name, on)
		};
		const commands: CommandSync = {
			snapshot: (): CommandSnapshot => ({ scopes: new Map(), ids: new Map() }),
			apply: async (_before, fresh) => {
				applied.push({ fresh: fresh.map((piece) => piece.name) });
				return { outcome: 'updated', failed: [] };
			}
		};
		const loadErrors = new PieceLoadErrors(
			() => plugins,
			() => ({ error: () => undefined })
		);
		loadErrors.capture(stores);
		controller = new PluginController({ plugins: () => plugins, stores: () => stores, state: () => state, commands, loadErrors });
		plugins.registerWith(stores);
		await stores.load();
	}

	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'tika-controller-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const games = { name: 'games', category: 'entertainment', description: 'Games', version: '1.0.0' };

	it('GIVEN a disabled plugin at start-up THEN none of its pieces load, yet it is listed as disabled', async () => {
		write('games', 'dice.js', thingSource('Dice'));
		write('levels', 'xp.js', thingSource('Xp'));
		await boot([games, { name: 'levels', category: 'user', description: 'Levels', version: '2.0.0' }], ['games']);
		expect(things()).toEqual(['xp']);
		expect(controller.list()).toEqual([
			expect.objectContaining({ name: 'games', enabled: false, pieces: {} }),
			expect.objectContaining({ name: 'levels', version: '2.0.0', enabled: true, pieces: { things: 1 } })
		]);
	});

	it('GIVEN a piece file throws at start-up THEN the error is kept for the plugin instead of only being logged', async () => {
		write('games', 'dice.js', thingSource('Dice'));
		write('games', 'broken.js', "throw new Error('syntax is hard\\nsecond line');\n");
		await boot([games]);
		expect(things()).toEqual(['dice']);
		expect(controller.list()[0]!.loadErrors).toEqual([{ piece: 'things/broken.js', reason: 'syntax is hard' }]);
	});

	describe('reload', () => {
		it('loads new files, reports broken ones with their reason, and unloads pieces whose file is gone', async () => {
			write('games', 'dice.js', thingSource('Dice'));
			write('games', 'coin.js', thingSource('Coin'));
			await boot([games]);

			rmSync(join(root, 'games', 'things', 'coin.js'));
			write('games', 'cards.js', thingSource('Cards'));
			write('games', 'broken.js', "throw new Error('nope');\n");
			const report = await controller.reload('games');

			expect(report).toEqual(
				expect.objectContaining({
					action: 'reload',
					plugin: 'games',
					loaded: ['things/cards', 'things/dice'],
					unloaded: ['things/coin'],
					failed: [{ piece: 'things/broken.js', reason: 'nope' }],
					notFound: [],
					commands: 'updated'
				})
			);
			expect(things()).toEqual(['cards', 'dice']);
			expect(applied).toEqual([{ fresh: ['cards', 'dice'] }]);
			expect(controller.list()[0]!.loadErrors).toEqual([{ piece: 'things/broken.js', reason: 'nope' }]);
		});

		it('GIVEN an unknown plugin THEN it is reported as not found and nothing else happens', async () => {
			await boot([games]);
			const report = await controller.reload('nope');
			expect(report).toEqual(expect.objectContaining({ notFound: ['nope'], loaded: [], failed: [] }));
			expect(applied).toEqual([]);
		});

		it('GIVEN a disabled plugin THEN reloading it is refused', async () => {
			await boot([games], ['games']);
			await expect(controller.reload('games')).rejects.toThrow(PluginControlError);
		});
	});

	describe('disable and enable', () => {
		it('persists the switch, unloads every piece, forgets the folder, and enable brings it all back', async () => {
			write('games', 'dice.js', thingSource('Dice'));
			await boot([games]);

			const off = await controller.disable('games');
			expect(off).toEqual(expect.objectContaining({ unloaded: ['things/dice'], loaded: [], failed: [] }));
			expect(saved.get('games')).toBe(false);
			expect(plugins.isEnabled('games')).toBe(false);
			expect(things()).toEqual([]);
			// A later full store load (or the HMR watcher) must not resurrect the pieces.
			await stores.load();
			expect(things()).toEqual([]);

			const on = await controller.enable('games');
			expect(on).toEqual(expect.objectContaining({ loaded: ['things/dice'], unloaded: [], failed: [] }));
			expect(saved.get('games')).toBe(true);
			expect(things()).toEqual(['dice']);
			expect(applied.map((call) => call.fresh)).toEqual([[], ['dice']]);
		});

		it('refuses to disable a non-toggleable plugin (lockout) and stores nothing', async () => {
			await boot([{ name: 'bot_admin', category: 'admin', description: 'Admin', version: '1.0.0', toggleable: false }]);
			await expect(controller.disable('bot_admin')).rejects.toThrow('`bot_admin` cannot be disabled');
			expect(saved.size).toBe(0);
			expect(plugins.isEnabled('bot_admin')).toBe(true);
		});

		it('refuses to disable a plugin that enabled plugins depend on, naming them', async () => {
			await boot([games, { name: 'tournaments', category: 'entertainment', description: 'T', version: '1.0.0', dependencies: ['games'] }]);
			await expect(controller.disable('games')).rejects.toThrow('`games` cannot be disabled while `tournaments` depends on it');
			await controller.disable('tournaments');
			await expect(controller.disable('games')).resolves.toEqual(expect.objectContaining({ plugin: 'games' }));
		});

		it('refuses to enable a plugin whose dependency is disabled, and to switch a plugin to the state it is in', async () => {
			await boot(
				[games, { name: 'tournaments', category: 'entertainment', description: 'T', version: '1.0.0', dependencies: ['games'] }],
				['games', 'tournaments']
			);
			await expect(controller.enable('tournaments')).rejects.toThrow('`tournaments` needs `games`; enable it first.');
			await controller.enable('games');
			await expect(controller.enable('games')).rejects.toThrow('`games` is already enabled.');
			await controller.disable('games');
			await expect(controller.disable('games')).rejects.toThrow('`games` is already disabled.');
		});

		it('ignores a stored "disabled" for a non-toggleable plugin, so a bad row cannot lock the operators out', async () => {
			await boot([{ name: 'bot_admin', category: 'admin', description: 'Admin', version: '1.0.0', toggleable: false }], ['bot_admin']);
			expect(plugins.isEnabled('bot_admin')).toBe(true);
		});
	});

	it('runs operations one at a time, and a refused one does not block the next', async () => {
		write('games', 'dice.js', thingSource('Dice'));
		await boot([games]);
		const results = await Promise.allSettled([controller.disable('games'), controller.disable('games'), controller.enable('games')]);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(things()).toEqual(['dice']);
	});
});
