import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'bench_xp_tick',
	category: 'bench',
	description: 'bench/xp-pipeline: counts messages once every other handler (progression included) is done with them.',
	version: '1.0.0',
	defaultEnabled: true
});
