import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'bench_wordfilter',
	category: 'bench',
	description: 'bench/wordfilter: counts the messages that went through every handler',
	version: '1.0.0'
});
