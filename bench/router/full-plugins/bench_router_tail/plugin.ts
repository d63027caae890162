import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'bench_router_tail',
	category: 'bench',
	description: 'bench/router: counts the messages that went through every shipped handler',
	version: '1.0.0'
});
