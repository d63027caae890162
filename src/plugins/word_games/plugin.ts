import { definePlugin } from '#core/plugins/manifest';
import type * as Dictionary from './lib/dictionary';

export default definePlugin({
	name: 'word_games',
	category: 'entertainment',
	description: 'Word chain: each word starts with the last letter of the previous one, checked against an English dictionary.',
	version: '1.0.0',
	// Lines in personality.yml beside this file; spoken through pluginVoice(this manifest).
	personality: ['wordchain_invalid'],
	dependencies: [],
	defaultEnabled: true,
	// The dictionary's two typed arrays, once a word was played (required here, not imported: plugin.ts loads at start).
	memory: () => {
		const { loadDictionary, dictionaryStats } = require('./lib/dictionary') as typeof Dictionary;
		const bytes = loadDictionary.settled === undefined ? 0 : (dictionaryStats()?.bytes ?? 0);
		return { dictionary: bytes };
	}
});
