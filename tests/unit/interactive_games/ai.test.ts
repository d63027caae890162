import { container } from '@sapphire/framework';
import { WorkerPool } from '#core/workers/index';
import { tikaPlaysConnect4 } from '../../../src/plugins/interactive_games/lib/ai';
import { act, createGame, playTikaConnect4, tikaToMoveConnect4, type LiveGame } from '../../../src/plugins/interactive_games/lib/session';

const say = (category: string) => `[${category}]`;
const BOT = 'tika';

function againstTika(): LiveGame {
	return createGame({
		id: 'c4c4c4c4',
		kind: 'connect4',
		guildId: 'g',
		channelId: 'c',
		challengerId: 'alice',
		opponentId: null,
		botId: BOT,
		difficulty: 'hard'
	});
}

describe('Connect 4 against Tika: her search runs on the worker pool', () => {
	let pool: WorkerPool;
	beforeEach(() => {
		pool = new WorkerPool({ size: 1 });
		container.workers = pool;
	});
	afterEach(() => pool.close());

	it('GIVEN alice threatens four in a row THEN Tika, thinking on a worker thread, blocks it and taunts', async () => {
		const game = againstTika();
		// Alice takes columns 2, 3 and 4 of the bottom row; Tika's first two discs go to column 1 (played for her here).
		for (const column of [1, 2]) {
			expect(act(game, 'alice', { type: 'move', index: column }, say)).toEqual({ type: 'updated', ended: false });
			expect(tikaToMoveConnect4(game)).toBe(true);
			expect(act(game, 'alice', { type: 'move', index: 6 }, say).type).toBe('not_turn');
			playTikaConnect4(game, 0, say);
		}
		act(game, 'alice', { type: 'move', index: 3 }, say);

		const outcome = await tikaPlaysConnect4(game, say);

		expect(outcome).toEqual({ type: 'updated', ended: false });
		expect(game.c4.cells[4 * 6]).toBe(2);
		expect(game.note).toBe('Tika played column 5. [game_taunt]');
		expect(tikaToMoveConnect4(game)).toBe(false);
		expect(pool.stats()).toMatchObject({ completed: 1, failed: 0 });
	});

	it('GIVEN alice forfeits while Tika thinks THEN her move is dropped and the game stays over', async () => {
		const game = againstTika();
		act(game, 'alice', { type: 'move', index: 3 }, say);
		const thinking = tikaPlaysConnect4(game, say);
		act(game, 'alice', { type: 'forfeit' }, say);

		await expect(thinking).resolves.toBeNull();
		expect(game.c4.moves).toBe(1);
		expect(game.result).toMatchObject({ reason: 'forfeit', winner: BOT, loser: 'alice' });
	});
});
