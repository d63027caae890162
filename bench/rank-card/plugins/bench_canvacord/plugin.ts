import { definePlugin } from '#core/plugins/manifest';

/** Bench fixture: /rankcanvacord, the /rank data path with canvacord's RankCardBuilder as the renderer. */
export default definePlugin({
	name: 'bench_canvacord',
	category: 'user',
	description: 'Bench fixture: /rank rendered by canvacord.',
	version: '1.0.0'
});
