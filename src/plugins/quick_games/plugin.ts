import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'quick_games',
	category: 'entertainment',
	description: 'One-shot games: /coinflip, /roll with dice notation, /rps against Tika or another member.',
	version: '1.0.0',
	dependencies: [],
	defaultEnabled: true
});
