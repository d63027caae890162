import { z } from 'zod/mini';
import { definePlugin } from '#core/plugins/manifest';
import type * as Runtime from './lib/runtime';

const range = (expected: string, min: number, max: number, fallback: number) =>
	z._default(z.int({ error: expected }).check(z.gte(min, { error: expected }), z.lte(max, { error: expected })), fallback);

export default definePlugin({
	name: 'chapel',
	category: 'community',
	description: 'Highlights boards: messages blessed with enough reactions are re-posted in a chapel channel.',
	version: '1.0.0',
	defaultEnabled: true,
	personality: ['chapel_refused', 'chapel_not_yours', 'chapel_highlighted'],
	placeholders: ['chapel'],
	// config.yml → plugins.settings.chapel
	config: z.strictObject({
		// A post's count is edited once reactions have been quiet this long...
		edit_delay_ms: range('a whole number of milliseconds from 0 to 60000', 0, 60_000, 2_000),
		// ...and at least this often while they keep coming (a busy post still moves).
		edit_max_wait_ms: range('a whole number of milliseconds from 0 to 300000', 0, 300_000, 8_000),
		max_chapels_per_guild: range('a whole number of chapels from 1 to 25', 1, 25, 10)
	}),
	// Votes waiting for their flush, the debouncer and the chapels held; required when asked, not at start-up.
	memory: () => (require('./lib/runtime') as typeof Runtime).currentChapel()?.estimateBytes() ?? {}
});
