import { z } from 'zod/mini';
import { definePlugin } from '#core/plugins/manifest';

/** GIFs an operator lists for one action; each must be an https URL (Discord shows it in the reply's embed). */
const gifs = z.optional(
	z.array(z.url({ protocol: /^https$/, error: 'an https URL of a GIF, such as https://media.example.com/hug.gif' }), {
		error: 'a list of https GIF URLs, such as [https://media.example.com/hug.gif]'
	})
);

export default definePlugin({
	name: 'social',
	category: 'community',
	description: 'Hugs, pats, pokes, high fives, boops and bonks between members, drawn and counted; reputation points.',
	version: '1.0.0',
	defaultEnabled: true,
	personality: [
		'social_hug',
		'social_pat',
		'social_poke',
		'social_highfive',
		'social_boop',
		'social_bonk',
		'social_self',
		'social_bot',
		'social_tika',
		'social_opted_out',
		'rep_given',
		'rep_too_soon',
		'rep_self',
		'rep_bot'
	],
	// {target}: a mention of the member acted on; {action}: the verb (hug, high-five...); {when}: a Discord timestamp;
	// {total}: the receiver's reputation after a /rep.
	placeholders: ['target', 'action', 'when', 'total'],
	// config.yml → plugins.settings.social
	config: z.strictObject({
		// Per action, GIF URLs to send instead of the drawn picture (one is picked at random). Unlisted actions are drawn.
		gifs: z.prefault(
			z.strictObject({
				hug: gifs,
				pat: gifs,
				poke: gifs,
				highfive: gifs,
				boop: gifs,
				bonk: gifs
			}),
			{}
		)
	})
});
