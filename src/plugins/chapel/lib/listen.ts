import type { Piece } from '@sapphire/framework';
import { isFeatureEnabledFor } from '#core/features/listeners';
import type { ChapelEngine } from './engine';
import { chapel } from './runtime';

/**
 * The gate every chapel listener goes through: the chapels are loaded (once), the event concerns a guild with a chapel
 * (`cares`, answered from memory, so other guilds cost a lookup and no query), and the feature is on there. Then `act`.
 */
export function whenChapelCares(
	piece: Pick<Piece, 'location' | 'container'>,
	guildId: string | null | undefined,
	cares: (engine: ChapelEngine) => boolean,
	act: (engine: ChapelEngine) => unknown
): void {
	if (!guildId) return;
	const engine = chapel();
	const loading = engine.ready();
	if (loading) {
		loading
			.then(() => whenChapelCares(piece, guildId, cares, act))
			.catch((error: unknown) => piece.container.logger.error('[chapel] could not load the chapels:', error));
		return;
	}
	if (!cares(engine)) return;
	const enabled = isFeatureEnabledFor(piece, guildId);
	const run = () => {
		try {
			const result = act(engine);
			if (result instanceof Promise) result.catch((error: unknown) => piece.container.logger.error('[chapel] event failed:', error));
		} catch (error) {
			piece.container.logger.error('[chapel] event failed:', error);
		}
	};
	if (enabled === true) run();
	else if (enabled !== false) void enabled.then((on) => on && run());
}
