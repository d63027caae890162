import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'moderation',
	category: 'admin',
	description: 'Keep the server safe: detention (a role-based jail with timed release), word blocking and a numbered mod log of every action.',
	version: '1.0.0',
	// Lines in personality.yml beside this file; spoken through pluginVoice(this manifest).
	personality: ['filter_warning'],
	defaultEnabled: true
});
