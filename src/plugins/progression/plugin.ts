import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'progression',
	category: 'community',
	description: 'XP for chatting, levels, level-up announcements, role rewards and leaderboards.',
	version: '1.0.0',
	// Lines in personality.yml beside this file; spoken through pluginVoice(this manifest).
	personality: ['level_up'],
	// The profile card shows social's reputation and chapel's count when they are installed (container.services.get(...)).
	optionalDependencies: ['social', 'chapel'],
	defaultEnabled: true
});
