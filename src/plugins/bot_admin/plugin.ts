import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'bot_admin',
	category: 'admin',
	description: 'Run the bot: features per server, bot admins, plugins, settings and stats.',
	version: '1.0.0',
	// The lockout guard: this plugin holds /features, so switching it off would leave no way back.
	toggleable: false
});
