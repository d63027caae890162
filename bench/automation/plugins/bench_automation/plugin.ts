import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'bench_automation',
	category: 'bench',
	description: 'bench/automation: counts the messages that went through every handler',
	version: '1.0.0'
});
