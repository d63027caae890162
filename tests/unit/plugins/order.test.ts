import { definePlugin, type PluginManifestInput } from '#core/plugins/manifest';
import { orderPlugins, PluginDependencyError } from '#core/plugins/order';

const plugin = (name: string, extra: Partial<PluginManifestInput> = {}) => ({
	manifest: definePlugin({ name, category: 'user', description: `${name} plugin`, version: '1.0.0', ...extra })
});
const names = (plugins: { manifest: { name: string } }[]) => plugins.map((entry) => entry.manifest.name);

describe('orderPlugins', () => {
	it('puts every plugin after the plugins it depends on', () => {
		const ordered = orderPlugins([plugin('customization', { dependencies: ['progression'] }), plugin('progression')]);
		expect(names(ordered)).toEqual(['progression', 'customization']);
	});

	it('loads an installed optional dependency first, and does not require one that is absent', () => {
		const ordered = orderPlugins(
			[plugin('customization', { category: 'admin', optionalDependencies: ['progression'] }), plugin('progression', { category: 'user' })],
			['admin', 'user']
		);
		expect(names(ordered)).toEqual(['progression', 'customization']);
		expect(names(orderPlugins([plugin('customization', { optionalDependencies: ['progression'] })]))).toEqual(['customization']);
	});

	it('follows load_order categories, then plugin names, then the alphabet', () => {
		const ordered = orderPlugins(
			[
				plugin('chapel', { category: 'community' }),
				plugin('zeta', { category: 'unknown' }),
				plugin('moderation', { category: 'admin' }),
				plugin('alpha', { category: 'unknown' }),
				plugin('progression', { category: 'user' })
			],
			['admin', 'user', 'automation', 'entertainment', 'community']
		);
		expect(names(ordered)).toEqual(['moderation', 'progression', 'chapel', 'alpha', 'zeta']);
	});

	it('GIVEN names with underscores and digits THEN the alphabet puts "_" before digits before letters, as a dictionary would', () => {
		const ordered = orderPlugins(['word2', 'wordfilter', 'word_games', 'word0', 'words', 'word_chain'].map((name) => plugin(name)));
		expect(names(ordered)).toEqual(['word_chain', 'word_games', 'word0', 'word2', 'wordfilter', 'words']);
		expect(names(ordered)).toEqual(['word2', 'wordfilter', 'word_games', 'word0', 'words', 'word_chain'].sort((a, b) => a.localeCompare(b)));
	});

	it('lets a plugin named in load_order jump ahead of its category', () => {
		const ordered = orderPlugins([plugin('moderation', { category: 'admin' }), plugin('chapel', { category: 'community' })], ['chapel', 'admin']);
		expect(names(ordered)).toEqual(['chapel', 'moderation']);
	});

	it('never lets load_order break a dependency', () => {
		const ordered = orderPlugins(
			[plugin('aa', { category: 'first', dependencies: ['bb'] }), plugin('bb', { category: 'last' })],
			['first', 'last']
		);
		expect(names(ordered)).toEqual(['bb', 'aa']);
	});

	it('refuses a missing dependency naming both plugins', () => {
		expect(() => orderPlugins([plugin('customization', { dependencies: ['progression'] })])).toThrow(
			new PluginDependencyError('Plugin "customization" depends on "progression", which is not installed')
		);
	});

	it('refuses a dependency cycle and prints the cycle', () => {
		const attempt = () =>
			orderPlugins([
				plugin('aa', { dependencies: ['bb'] }),
				plugin('bb', { dependencies: ['cc'] }),
				plugin('cc', { dependencies: ['aa'] }),
				plugin('dd')
			]);
		expect(attempt).toThrow(PluginDependencyError);
		expect(attempt).toThrow('Circular plugin dependency: aa → bb → cc → aa');
	});

	it('refuses two plugins with the same name', () => {
		expect(() => orderPlugins([plugin('games'), plugin('games')])).toThrow('Two plugins are named "games"');
	});
});

describe('definePlugin', () => {
	it('fills in defaults: no dependencies, enabled by default, toggleable', () => {
		const manifest = definePlugin({ name: 'progression', category: 'user', description: 'XP', version: '2.0.0' });
		expect(manifest).toEqual({
			name: 'progression',
			category: 'user',
			description: 'XP',
			version: '2.0.0',
			dependencies: [],
			optionalDependencies: [],
			defaultEnabled: true,
			toggleable: true,
			personality: [],
			placeholders: []
		});
		expect(Object.isFrozen(manifest)).toBe(true);
	});

	it.each([
		[{ name: 'Bad Name' }, 'must be snake_case'],
		[{ version: 'v1' }, 'expected semver'],
		[{ description: '  ' }, 'needs a description'],
		[{ dependencies: ['games'] }, 'cannot depend on itself'],
		[{ optionalDependencies: ['games'] }, 'cannot depend on itself'],
		[{ personality: ['Level Up'] }, 'declares personality category "Level Up"'],
		[{ placeholders: ['{what}'] }, 'declares placeholder "{what}"'],
		[{ config: { port: 1 } as never }, 'config that is not a zod schema']
	])('rejects %p with a message saying %s', (override, message) => {
		expect(() => definePlugin({ name: 'games', category: 'entertainment', description: 'Games', version: '1.0.0', ...override })).toThrow(
			message
		);
	});
});
