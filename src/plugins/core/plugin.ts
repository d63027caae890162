import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'core',
	category: 'core',
	description: 'The essentials: latency checks and help.',
	version: '1.0.0',
	// Help and ping must always answer, or nobody can find out how to turn anything else back on.
	toggleable: false
});
