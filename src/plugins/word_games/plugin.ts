import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'word_games',
	category: 'entertainment',
	description: 'Word chain: each word starts with the last letter of the previous one, checked against an English dictionary.',
	version: '1.0.0',
	// Lines in personality.yml beside this file; spoken through pluginVoice(this manifest).
	personality: ['wordchain_invalid'],
	dependencies: [],
	defaultEnabled: true
});
