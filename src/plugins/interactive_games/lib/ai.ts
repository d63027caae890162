import { container } from '@sapphire/framework';
import { workerTask } from '#core/workers/index';
import { c4AiMove, type C4AiOptions } from './connect4';
import { C4_AI_BUDGET_MS, playTikaConnect4, tikaToMoveConnect4, type ActOutcome, type LiveGame, type Say } from './session';

/** connect4.ts (no imports, pure search) loaded in a thread of the core's worker pool. */
const searchInWorker = workerTask<typeof c4AiMove>(require.resolve('./connect4'), 'c4AiMove');

/**
 * Tika's Connect 4 move, searched on a worker thread so the event loop keeps serving everyone else for the
 * {@link C4_AI_BUDGET_MS} she thinks. Should the pool be unavailable (closed by a shutdown, a thread lost), she thinks
 * here instead: the player still gets an answer.
 * @returns the outcome of her move, or null when the game moved on while she thought (forfeit, idle timeout).
 */
export async function tikaPlaysConnect4(game: LiveGame, say: Say): Promise<ActOutcome | null> {
	const moves = game.c4.moves;
	const options: C4AiOptions = { budgetMs: C4_AI_BUDGET_MS, difficulty: game.difficulty };
	let column: number;
	try {
		({ column } = await searchInWorker(game.c4, 2, options));
	} catch (error) {
		container.logger.warn(`[interactive_games] Connect 4 search in the worker pool failed, searching inline: ${String(error)}`);
		({ column } = c4AiMove(game.c4, 2, options));
	}
	if (!tikaToMoveConnect4(game) || game.c4.moves !== moves) return null;
	return playTikaConnect4(game, column, say);
}
