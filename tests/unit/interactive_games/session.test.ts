import { act, createGame, endGame, statChanges, type LiveGame } from '../../../src/plugins/interactive_games/lib/session';
import { customId, parseCustomId, renderGame } from '../../../src/plugins/interactive_games/lib/view';

const say = (category: string) => `[${category}]`;
const BOT = 'tika';

function duel(kind: LiveGame['kind'] = 'tictactoe'): LiveGame {
	return createGame({
		id: 'abcd1234',
		kind,
		guildId: 'g',
		channelId: 'c',
		challengerId: 'alice',
		opponentId: 'bob',
		botId: BOT,
		difficulty: 'medium',
		word: 'cat'
	});
}

describe('game sessions', () => {
	it('GIVEN a challenge THEN only the opponent accepts, the challenger may withdraw, and moves wait for acceptance', () => {
		const game = duel();
		expect(game.phase).toBe('challenge');
		expect(act(game, 'alice', { type: 'accept' }, say)).toEqual({ type: 'refused', message: 'Only <@bob> can accept this challenge.' });
		expect(act(game, 'bob', { type: 'move', index: 0 }, say).type).toBe('refused');
		expect(act(game, 'carol', { type: 'accept' }, say)).toEqual({ type: 'stranger' });
		expect(act(game, 'bob', { type: 'accept' }, say)).toEqual({ type: 'updated', ended: false });
		expect(game.phase).toBe('playing');
		const withdrawn = duel();
		expect(act(withdrawn, 'alice', { type: 'decline' }, say)).toEqual({ type: 'updated', ended: true });
		expect(withdrawn.result?.reason).toBe('declined');
		expect(statChanges(withdrawn)).toEqual([]);
	});

	it('GIVEN a TicTacToe duel THEN turns alternate, taken squares are refused and a line wins', () => {
		const game = duel();
		act(game, 'bob', { type: 'accept' }, say);
		expect(act(game, 'bob', { type: 'move', index: 0 }, say)).toEqual({ type: 'not_turn', waitingFor: 'alice' });
		act(game, 'alice', { type: 'move', index: 0 }, say);
		expect(act(game, 'bob', { type: 'move', index: 0 }, say).type).toBe('refused');
		for (const [who, index] of [
			['bob', 3],
			['alice', 1],
			['bob', 4],
			['alice', 2]
		] as const)
			act(game, who, { type: 'move', index }, say);
		expect(game.result).toEqual({ reason: 'win', winner: 'alice', loser: 'bob' });
		expect(statChanges(game)).toEqual([
			{ userId: 'alice', field: 'wins' },
			{ userId: 'bob', field: 'losses' }
		]);
		expect(act(game, 'bob', { type: 'move', index: 8 }, say).type).toBe('refused');
	});

	it('GIVEN a game against Tika THEN she answers in the same action, taunts, and only the human is counted', () => {
		const game = createGame({
			id: 'abcd1234',
			kind: 'tictactoe',
			guildId: 'g',
			channelId: 'c',
			challengerId: 'alice',
			opponentId: null,
			botId: BOT,
			difficulty: 'hard'
		});
		expect(game.phase).toBe('playing');
		act(game, 'alice', { type: 'move', index: 0 }, say);
		expect(game.ttt.filter((cell) => cell !== 0)).toHaveLength(2);
		expect(game.note).toBe('[game_taunt]');
		expect(act(game, BOT, { type: 'move', index: 1 }, say)).toEqual({ type: 'stranger' });
		act(game, 'alice', { type: 'forfeit' }, say);
		expect(game.result).toEqual({ reason: 'forfeit', winner: BOT, loser: 'alice' });
		expect(game.note).toContain('[game_tika_won]');
		expect(statChanges(game)).toEqual([{ userId: 'alice', field: 'losses' }]);
	});

	it('GIVEN an idle duel THEN the player to move loses; a feature switch-off counts for nobody', () => {
		const idle = duel('connect4');
		act(idle, 'bob', { type: 'accept' }, say);
		act(idle, 'alice', { type: 'move', index: 3 }, say);
		endGame(idle, 'idle', 'bob');
		expect(statChanges(idle)).toEqual([
			{ userId: 'alice', field: 'wins' },
			{ userId: 'bob', field: 'losses' }
		]);
		const off = duel('connect4');
		act(off, 'bob', { type: 'accept' }, say);
		endGame(off, 'disabled');
		expect(statChanges(off)).toEqual([]);
		expect(JSON.stringify(renderGame(off).components)).not.toContain('"disabled":false');
	});

	it('GIVEN a Connect 4 duel with a full column THEN a press on it is refused and the turn does not pass', () => {
		const game = duel('connect4');
		act(game, 'bob', { type: 'accept' }, say);
		for (let i = 0; i < 6; i++) act(game, i % 2 === 0 ? 'alice' : 'bob', { type: 'move', index: 0 }, say);
		expect(act(game, 'alice', { type: 'move', index: 0 }, say)).toEqual({ type: 'refused', message: 'Column 1 is full. Pick another one.' });
		expect(act(game, 'alice', { type: 'move', index: 1 }, say)).toEqual({ type: 'updated', ended: false });
	});

	it('GIVEN co-op hangman THEN the players take turns and win together', () => {
		const game = duel('hangman');
		act(game, 'bob', { type: 'accept' }, say);
		expect(act(game, 'alice', { type: 'letter', letter: 'c' }, say)).toEqual({ type: 'updated', ended: false });
		expect(act(game, 'alice', { type: 'letter', letter: 'a' }, say).type).toBe('not_turn');
		expect(act(game, 'bob', { type: 'letter', letter: 'c' }, say).type).toBe('refused');
		expect(act(game, 'bob', { type: 'word', word: 'cat' }, say)).toEqual({ type: 'updated', ended: true });
		expect(statChanges(game)).toEqual([
			{ userId: 'alice', field: 'wins' },
			{ userId: 'bob', field: 'wins' }
		]);
	});

	it('GIVEN custom ids THEN they round-trip, stay short and reject foreign ids', () => {
		expect(parseCustomId(customId('abcd1234', 'm4'))).toEqual({ gameId: 'abcd1234', action: 'm4' });
		expect(customId('abcd1234', 'wm').length).toBeLessThanOrEqual(100);
		expect(parseCustomId('rps:abcd1234:rock')).toBeNull();
		expect(parseCustomId('game:short:m1')).toBeNull();
	});
});
