import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'social',
	category: 'community',
	description: 'Hugs, pats and other actions between members, drawn as images and counted; reputation points.',
	version: '1.0.0',
	defaultEnabled: true
});
