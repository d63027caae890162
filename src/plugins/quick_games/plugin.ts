import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'quick_games',
	category: 'entertainment',
	description: 'One-shot games: /coinflip, /roll with dice notation, /rps against Tika or another member.',
	version: '1.0.0',
	// Lines in personality.yml beside this file; spoken through pluginVoice(this manifest).
	personality: ['rps_tika_won', 'rps_tika_lost', 'rps_draw', 'match_expired'],
	dependencies: [],
	defaultEnabled: true
});
