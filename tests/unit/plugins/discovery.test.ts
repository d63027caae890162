import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { discoverPlugins } from '#core/plugins/discovery';
import { PluginManager } from '#core/plugins/PluginManager';

const manifestSource = (name: string, extra = '') =>
	`const { definePlugin } = require(${JSON.stringify(resolve('src/core/plugins/manifest.ts'))});\n` +
	`module.exports = { default: definePlugin({ name: '${name}', category: 'user', description: 'd', version: '1.0.0'${extra} }) };\n`;

describe('plugin discovery', () => {
	let root: string;
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'tika-plugins-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const addPlugin = (folder: string, source: string) => {
		mkdirSync(join(root, folder, 'commands'), { recursive: true });
		writeFileSync(join(root, folder, 'plugin.ts'), source);
	};

	it('finds every plugin folder with its manifest and absolute directory', () => {
		addPlugin('games', manifestSource('games'));
		addPlugin('levels', manifestSource('levels'));
		const found = discoverPlugins(root);
		expect(found.map((plugin) => plugin.manifest.name).sort()).toEqual(['games', 'levels']);
		expect(found.find((plugin) => plugin.manifest.name === 'games')!.directory).toBe(join(root, 'games'));
	});

	it('ignores files and folders starting with . or _', () => {
		addPlugin('games', manifestSource('games'));
		mkdirSync(join(root, '_drafts'));
		writeFileSync(join(root, 'README.md'), '# plugins');
		expect(discoverPlugins(root)).toHaveLength(1);
	});

	it('refuses a plugin folder without a manifest', () => {
		mkdirSync(join(root, 'orphan'));
		expect(() => discoverPlugins(root)).toThrow('Plugin folder orphan/ has no plugin.ts manifest');
	});

	it('refuses a manifest whose name differs from its folder', () => {
		addPlugin('games', manifestSource('gamez'));
		expect(() => discoverPlugins(root)).toThrow('declares the name "gamez"');
	});

	it('tells which plugin owns a piece from the piece file path', () => {
		addPlugin('games', manifestSource('games'));
		addPlugin('games_extra', manifestSource('games_extra'));
		const manager = PluginManager.fromDirectory(root);
		const piece = (file: string) => ({ location: { full: join(root, file) } }) as never;
		expect(manager.pluginOf(piece('games/commands/tictactoe.ts'))?.manifest.name).toBe('games');
		// A folder whose name starts with another plugin's name must not be confused with it.
		expect(manager.pluginOf(piece('games_extra/commands/x.ts'))?.manifest.name).toBe('games_extra');
		expect(manager.pluginOf({ location: { full: '/elsewhere/listeners/ready.ts' } } as never)).toBeUndefined();
	});

	it('ships a valid core plugin in src/plugins', () => {
		const manager = PluginManager.fromDirectory(resolve('src/plugins'));
		expect(manager.get('core')?.manifest.toggleable).toBe(false);
	});
});
