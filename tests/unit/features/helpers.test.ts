import type { FeatureState } from '#core/features/FeatureManager';
import { closestNames, normaliseFeatureName } from '#core/features/suggest';
import { definePlugin, PluginManifestError } from '#core/plugins/manifest';
import { autocompleteChoices, describeChange, featureLine } from '#plugins/bot_admin/lib/features';

describe('feature names as users type them', () => {
	it('GIVEN case, dashes, spaces or a slash THEN the name is normalised to snake_case', () => {
		expect(normaliseFeatureName(' /AI-Chat ')).toBe('ai_chat');
		expect(normaliseFeatureName('interactive games')).toBe('interactive_games');
	});

	it('GIVEN a typo THEN the closest names come first', () => {
		expect(closestNames('progresion', ['progression', 'profile', 'games'])).toEqual(['progression']);
		expect(closestNames('game', ['games', 'interactive_games', 'chapel'])).toEqual(['games', 'interactive_games']);
		expect(closestNames('zzzz', ['games'])).toEqual([]);
	});
});

describe('manifest requirements', () => {
	const base = { name: 'ai_chat', category: 'user', description: 'Chat', version: '1.0.0' };

	it('GIVEN requirements THEN the manifest keeps them', () => {
		const requirements = () => 'AI chat needs an API key: /ai key set';
		expect(definePlugin({ ...base, requirements }).requirements).toBe(requirements);
	});

	it('GIVEN no requirements THEN the manifest has no such key', () => {
		expect('requirements' in definePlugin(base)).toBe(false);
	});

	it('GIVEN requirements that are not a function THEN the manifest is refused naming the plugin', () => {
		expect(() => definePlugin({ ...base, requirements: 'api key' as never })).toThrow(PluginManifestError);
		expect(() => definePlugin({ ...base, requirements: 'api key' as never })).toThrow(
			'Plugin "ai_chat" has requirements that are not a function'
		);
	});
});

describe('/features rendering', () => {
	const state = (overrides: Partial<FeatureState>): FeatureState => ({
		name: 'games',
		description: 'Games',
		category: 'entertainment',
		enabled: true,
		source: 'default',
		blockedBy: null,
		toggleable: true,
		...overrides
	});

	it('GIVEN a feature waiting for a dependency THEN its line says which one', () => {
		expect(featureLine(state({ name: 'rewards', enabled: false, blockedBy: 'leveling' }))).toBe(
			'**rewards** · 🔴 off · plugin default (waiting for **leveling**)\nGames'
		);
	});

	it('GIVEN features THEN autocomplete puts toggleable ones first and filters by what was typed', () => {
		const features = [
			state({ name: 'bot_admin', toggleable: false, source: 'locked' }),
			state({ name: 'games' }),
			state({ name: 'ai_chat', enabled: false })
		];
		expect(autocompleteChoices(features, '')).toEqual([
			{ name: 'ai_chat (off)', value: 'ai_chat' },
			{ name: 'games (on)', value: 'games' },
			{ name: 'bot_admin (always on)', value: 'bot_admin' }
		]);
		expect(autocompleteChoices(features, 'GAM')).toEqual([{ name: 'games (on)', value: 'games' }]);
	});

	it('GIVEN a change that did not move the state THEN it is reported as information, not success', () => {
		const summary = describeChange(
			{ feature: 'games', enabled: true, previous: true, changed: false, source: 'override', blockedBy: null, alsoChanged: [], setup: null },
			'set'
		);
		expect(summary).toMatchObject({ title: 'games was already on', unchanged: true });
	});
});
