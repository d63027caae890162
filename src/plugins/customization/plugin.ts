import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({
	name: 'customization',
	category: 'user',
	description: 'Custom roles for boosters and active members, and rank card themes (accent colour, background).',
	version: '1.0.0',
	// Progression is optional: when it is enabled in a guild, custom roles can be opened to members from a level up and
	// the /rankcard preview shows the member's level. Its data comes through container.services.get('progression').
	dependencies: [],
	optionalDependencies: ['progression'],
	defaultEnabled: true
});
