import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'bench_chapel',
	category: 'bench',
	description: 'bench/chapel: counts the reactions the gateway delivered',
	version: '1.0.0'
});
