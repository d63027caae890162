import { z } from 'zod/mini';
import { definePlugin } from '#core/plugins/manifest';
import type * as Memory from './lib/memory';

const mirrors = (defaults: string[]) =>
	z._default(
		z.array(z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, { error: 'a host name such as fxtwitter.com' })), {
			error: 'a list of mirror host names, best first, such as [fxtwitter.com, fixupx.com]'
		}),
		defaults
	);

/**
 * Link fixing mirrors are data, not code: mirrors come and go (rxddit, InstaFix and fixthreads all went away at some
 * point), so an operator switches in config.yml without waiting for a release. The first mirror that is not known to
 * be down is used.
 */
export const DEFAULT_MIRRORS = {
	twitter: ['fxtwitter.com', 'fixupx.com', 'vxtwitter.com'],
	instagram: ['kkinstagram.com', 'instagramez.com', 'uuinstagram.com'],
	// vxtiktok.com shut down in November 2025 (a legal request); kkScript's kktiktok.com took over its links.
	tiktok: ['tnktok.com', 'kktiktok.com', 'tiktxk.com'],
	reddit: ['vxreddit.com', 'rxddit.com'],
	bluesky: ['fxbsky.app', 'bskx.app'],
	threads: ['vxthreads.net', 'fixthreads.seria.moe'],
	pixiv: ['phixiv.net', 'ppxiv.net'],
	tumblr: ['tpmblr.com', 'txtumblr.com'],
	deviantart: ['fixdeviantart.com', 'fxdeviantart.com']
} as const;

const range = (expected: string, min: number, max: number, fallback: number) =>
	z._default(z.int({ error: expected }).check(z.gte(min, { error: expected }), z.lte(max, { error: expected })), fallback);

export default definePlugin({
	name: 'message_automation',
	category: 'automation',
	description: 'Auto-replies to trigger words, and link fixing so that posts from X, Instagram, TikTok and others embed properly.',
	version: '1.0.0',
	defaultEnabled: true,
	personality: ['linkfix_not_yours'],
	// config.yml → plugins.settings.message_automation
	config: z.strictObject({
		autoreply: z.prefault(
			z.strictObject({
				max_triggers: range('a whole number of triggers from 1 to 1000', 1, 1000, 250),
				replies_per_message: range('a whole number of auto-replies per message from 1 to 5', 1, 5, 1)
			}),
			{}
		),
		link_fix: z.prefault(
			z.strictObject({
				max_links_per_message: range('a whole number of links from 1 to 10', 1, 10, 5),
				// Guilds fixing only links Discord failed to embed wait this long for Discord's own embed to arrive.
				embed_wait_ms: range('a whole number of milliseconds from 0 to 15000', 0, 15_000, 4_000),
				health_probe: z.prefault(
					z.strictObject({
						enabled: z._default(z.boolean({ error: 'true or false' }), true),
						interval_minutes: range('a whole number of minutes from 5 to 1440', 5, 1440, 30),
						timeout_ms: range('a whole number of milliseconds from 500 to 30000', 500, 30_000, 5_000)
					}),
					{}
				),
				mirrors: z.prefault(
					z.strictObject({
						twitter: mirrors([...DEFAULT_MIRRORS.twitter]),
						instagram: mirrors([...DEFAULT_MIRRORS.instagram]),
						tiktok: mirrors([...DEFAULT_MIRRORS.tiktok]),
						reddit: mirrors([...DEFAULT_MIRRORS.reddit]),
						bluesky: mirrors([...DEFAULT_MIRRORS.bluesky]),
						threads: mirrors([...DEFAULT_MIRRORS.threads]),
						pixiv: mirrors([...DEFAULT_MIRRORS.pixiv]),
						tumblr: mirrors([...DEFAULT_MIRRORS.tumblr]),
						deviantart: mirrors([...DEFAULT_MIRRORS.deviantart])
					}),
					{}
				)
			}),
			{}
		)
	}),
	// Compiled auto-reply matchers, their cooldowns and the link-fix index; required when asked, not at start-up.
	memory: () => (require('./lib/memory') as typeof Memory).messageAutomationMemory()
});
