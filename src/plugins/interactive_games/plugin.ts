import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'interactive_games',
	category: 'entertainment',
	description: 'Board and word games with buttons: /game tictactoe, /game connect4, /game hangman, against Tika or a member.',
	version: '1.0.0',
	// Lines in personality.yml beside this file; spoken through pluginVoice(this manifest).
	personality: ['game_taunt', 'game_tika_won', 'game_tika_lost', 'game_draw', 'game_expired'],
	dependencies: [],
	defaultEnabled: true
});
