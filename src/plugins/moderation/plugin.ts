import { definePlugin } from '#core/plugins/manifest';
import type * as Filter from './lib/filter/service';

export default definePlugin({
	name: 'moderation',
	category: 'admin',
	description: 'Keep the server safe: detention (a role-based jail with timed release), word blocking and a numbered mod log of every action.',
	version: '1.0.0',
	// Lines in personality.yml beside this file; spoken through pluginVoice(this manifest).
	personality: ['filter_warning'],
	defaultEnabled: true,
	// The word filter's compiled rules of the guilds in its cache; required when asked, not at start-up.
	memory: () => ({ word_filter: (require('./lib/filter/service') as typeof Filter).filterMemoryBytes() })
});
