import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'server_tools',
	category: 'admin',
	description: 'Server chores: /clear to bulk-delete messages with filters, /serverstats for counts and an activity chart.',
	version: '1.0.0',
	// Moderation is optional: when its case log is installed, every /clear is recorded there as a case (through
	// container.services.get('moderation')).
	dependencies: [],
	optionalDependencies: ['moderation'],
	defaultEnabled: true
});
