import { definePlugin } from '#core/plugins/manifest';
import type * as Memory from './lib/memory';

export default definePlugin({
	name: 'progression',
	category: 'community',
	description: 'XP for chatting, levels, level-up announcements, role rewards and leaderboards.',
	version: '1.0.0',
	// Lines in personality.yml beside this file; spoken through pluginVoice(this manifest).
	personality: ['level_up'],
	// The profile card shows social's reputation and chapel's count when they are installed (container.services.get(...)).
	optionalDependencies: ['social', 'chapel'],
	defaultEnabled: true,
	// Required when asked (/stats, a scrape), not imported: plugin.ts loads at start-up.
	memory: () => (require('./lib/memory') as typeof Memory).progressionMemory()
});
