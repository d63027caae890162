import type { ResponseVars } from '#shared/personality/types';
import { c4CanPlay, c4Outcome, c4Play, newC4, type C4State } from './connect4';
import type { ManagedGame } from './GameManager';
import { guessLetter, guessWord, newHangman, type HangmanState } from './hangman';
import { emptyTttBoard, tttAiMove, tttOutcome, type Difficulty, type TttBoard } from './tictactoe';
import type { GameLine } from './voice';

export type GameKind = 'tictactoe' | 'connect4' | 'hangman';
export const GAME_KINDS: readonly GameKind[] = ['tictactoe', 'connect4', 'hangman'];
export const GAME_NAMES: Record<GameKind, string> = { tictactoe: 'TicTacToe', connect4: 'Connect 4', hangman: 'Hangman' };

export type EndReason = 'win' | 'draw' | 'forfeit' | 'idle' | 'declined' | 'challenge_expired' | 'disabled' | 'restart';

export interface GameResult {
	reason: EndReason;
	/** Who won (a user id, possibly Tika's), null for draws, cancelled games and lost solo hangman. */
	winner: string | null;
	/** The player who lost, forfeited or walked away. */
	loser: string | null;
}

export interface LiveGame extends ManagedGame {
	kind: GameKind;
	/** Seat 0 starts; seat 1 is the opponent, Tika's id, or null for solo hangman. */
	seats: [string, string | null];
	botId: string;
	vsTika: boolean;
	difficulty: Difficulty;
	phase: 'challenge' | 'playing' | 'over';
	turn: 0 | 1;
	messageId: string | null;
	ttt: TttBoard;
	c4: C4State;
	hangman: HangmanState | null;
	category: string | null;
	/** Tika's latest line, or what just happened. */
	note: string;
	result: GameResult | null;
	createdAt: number;
}

export type Say = (category: GameLine, vars?: ResponseVars) => string;

export interface NewGameInput {
	id: string;
	kind: GameKind;
	guildId: string;
	channelId: string;
	challengerId: string;
	/** null: Tika (or solo hangman). */
	opponentId: string | null;
	botId: string;
	difficulty: Difficulty;
	word?: string;
	category?: string | null;
}

export function createGame(input: NewGameInput): LiveGame {
	const vsTika = input.opponentId === null && input.kind !== 'hangman';
	const second = input.opponentId ?? (input.kind === 'hangman' ? null : input.botId);
	return {
		id: input.id,
		kind: input.kind,
		guildId: input.guildId,
		channelId: input.channelId,
		players: input.opponentId ? [input.challengerId, input.opponentId] : [input.challengerId],
		seats: [input.challengerId, second],
		botId: input.botId,
		vsTika,
		difficulty: input.difficulty,
		phase: input.opponentId ? 'challenge' : 'playing',
		turn: 0,
		messageId: null,
		ttt: emptyTttBoard(),
		c4: newC4(),
		hangman: input.kind === 'hangman' ? newHangman(input.word ?? 'TIKA') : null,
		category: input.category ?? null,
		note: '',
		result: null,
		createdAt: Date.now()
	};
}

export const currentPlayer = (game: LiveGame): string | null => game.seats[game.turn];
export const otherSeat = (game: LiveGame, userId: string): string | null => (game.seats[0] === userId ? game.seats[1] : game.seats[0]);

export type Action =
	| { type: 'accept' }
	| { type: 'decline' }
	| { type: 'forfeit' }
	| { type: 'move'; index: number }
	| { type: 'letter'; letter: string }
	| { type: 'word'; word: string };

export type ActOutcome =
	{ type: 'stranger' } | { type: 'not_turn'; waitingFor: string } | { type: 'refused'; message: string } | { type: 'updated'; ended: boolean };

function end(game: LiveGame, result: GameResult): ActOutcome {
	game.phase = 'over';
	game.result = result;
	return { type: 'updated', ended: true };
}

/** Ends a game now for a reason outside the board (idle, forfeit, feature disabled, restart, challenge expiry). */
export function endGame(game: LiveGame, reason: EndReason, leaverId: string | null = null): GameResult {
	const winner = leaverId && game.phase === 'playing' && game.kind !== 'hangman' ? otherSeat(game, leaverId) : null;
	game.phase = 'over';
	game.result = { reason, winner, loser: leaverId };
	return game.result;
}

/**
 * Applies one player's action. Pure except for `say` (Tika's lines) and `random`: the caller renders the game
 * afterwards and, when `ended`, records the result and removes the game.
 */
export function act(game: LiveGame, userId: string, action: Action, say: Say, random: () => number = Math.random): ActOutcome {
	if (!game.seats.includes(userId) || userId === game.botId) return { type: 'stranger' };
	if (game.phase === 'over') return { type: 'refused', message: 'This game is already over.' };

	if (game.phase === 'challenge') {
		const opponent = game.seats[1]!;
		if (action.type === 'accept') {
			if (userId !== opponent) return { type: 'refused', message: `Only <@${opponent}> can accept this challenge.` };
			game.phase = 'playing';
			game.note = `<@${opponent}> accepted. <@${game.seats[0]}> starts.`;
			return { type: 'updated', ended: false };
		}
		if (action.type === 'decline') {
			game.note = userId === opponent ? `<@${opponent}> declined the challenge.` : `<@${userId}> withdrew the challenge.`;
			return end(game, { reason: 'declined', winner: null, loser: null });
		}
		return { type: 'refused', message: `The game starts once <@${opponent}> accepts.` };
	}

	if (action.type === 'accept' || action.type === 'decline') return { type: 'refused', message: 'This game has already started.' };
	if (action.type === 'forfeit') {
		game.note = `<@${userId}> forfeited.`;
		const result = endGame(game, 'forfeit', userId);
		if (game.vsTika) game.note += ` ${say('game_tika_won', { user: `<@${userId}>` })}`;
		return end(game, result);
	}
	const mover = currentPlayer(game);
	if (mover !== userId) return { type: 'not_turn', waitingFor: mover! };

	switch (game.kind) {
		case 'tictactoe':
			return actTicTacToe(game, userId, action, say, random);
		case 'connect4':
			return actConnect4(game, userId, action, say);
		case 'hangman':
			return actHangman(game, userId, action);
	}
}

function nextTurn(game: LiveGame): void {
	game.turn = game.turn === 0 ? 1 : 0;
}

/** Ends a board game when `outcome` says so (1 = seat 0's mark, 2 = seat 1's). */
function settleBoard(game: LiveGame, outcome: 1 | 2 | 'draw' | null, say: Say): ActOutcome | null {
	if (outcome === null) return null;
	if (outcome === 'draw') {
		game.note = game.vsTika ? say('game_draw') : "It's a draw.";
		return end(game, { reason: 'draw', winner: null, loser: null });
	}
	const winner = game.seats[outcome - 1]!;
	const loser = game.seats[outcome === 1 ? 1 : 0]!;
	if (game.vsTika)
		game.note = winner === game.botId ? say('game_tika_won', { user: `<@${loser}>` }) : say('game_tika_lost', { user: `<@${winner}>` });
	else game.note = `<@${winner}> wins!`;
	return end(game, { reason: 'win', winner, loser });
}

function actTicTacToe(game: LiveGame, _userId: string, action: Action, say: Say, random: () => number): ActOutcome {
	if (action.type !== 'move' || action.index < 0 || action.index > 8) return { type: 'refused', message: 'Pick a square on the board.' };
	if (game.ttt[action.index] !== 0) return { type: 'refused', message: 'That square is taken. Pick an empty one.' };
	game.ttt[action.index] = game.turn === 0 ? 1 : 2;
	game.note = '';
	const settled = settleBoard(game, tttOutcome(game.ttt), say);
	if (settled) return settled;
	nextTurn(game);
	if (game.vsTika) {
		game.ttt[tttAiMove(game.ttt, 2, game.difficulty, random)] = 2;
		const after = settleBoard(game, tttOutcome(game.ttt), say);
		if (after) return after;
		nextTurn(game);
		game.note = say('game_taunt', { game: GAME_NAMES.tictactoe });
	}
	return { type: 'updated', ended: false };
}

/** Tika's thinking budget per Connect 4 move. */
export const C4_AI_BUDGET_MS = 150;

/**
 * A human's Connect 4 move. Against Tika the turn then passes to her, but her search (up to {@link C4_AI_BUDGET_MS} of
 * CPU) is not run here: the caller runs it off the event loop (lib/ai.ts, the core's worker pool) and plays her column
 * with {@link playTikaConnect4}. Until then the game waits on her turn ({@link tikaToMoveConnect4}), so a press in
 * between is answered "not your turn", and a forfeit or the idle timer still ends the game.
 */
function actConnect4(game: LiveGame, _userId: string, action: Action, say: Say): ActOutcome {
	if (action.type !== 'move') return { type: 'refused', message: 'Pick a column.' };
	if (!c4CanPlay(game.c4, action.index)) return { type: 'refused', message: `Column ${action.index + 1} is full. Pick another one.` };
	c4Play(game.c4, action.index, game.turn === 0 ? 1 : 2);
	game.note = '';
	const settled = settleBoard(game, c4Outcome(game.c4), say);
	if (settled) return settled;
	nextTurn(game);
	return { type: 'updated', ended: false };
}

/** Whether Tika is to play in this Connect 4 game (after a human's move returned by {@link act}). */
export function tikaToMoveConnect4(game: LiveGame): boolean {
	return game.kind === 'connect4' && game.vsTika && game.phase === 'playing' && currentPlayer(game) === game.botId;
}

/** Plays Tika's Connect 4 column (as chosen by c4AiMove for player 2) and settles the board. */
export function playTikaConnect4(game: LiveGame, column: number, say: Say): ActOutcome {
	if (!tikaToMoveConnect4(game) || !c4CanPlay(game.c4, column)) throw new Error(`Tika cannot play column ${column + 1} now`);
	c4Play(game.c4, column, 2);
	const after = settleBoard(game, c4Outcome(game.c4), say);
	if (after) return after;
	nextTurn(game);
	game.note = `Tika played column ${column + 1}. ${say('game_taunt', { game: GAME_NAMES.connect4 })}`;
	return { type: 'updated', ended: false };
}

function actHangman(game: LiveGame, userId: string, action: Action): ActOutcome {
	const state = game.hangman!;
	let outcome;
	if (action.type === 'letter') outcome = guessLetter(state, action.letter);
	else if (action.type === 'word') outcome = guessWord(state, action.word);
	else return { type: 'refused', message: 'Guess a letter or the whole word.' };
	const shown = action.type === 'letter' ? action.letter.toUpperCase() : action.word.trim().toUpperCase();
	if (outcome === 'invalid')
		return { type: 'refused', message: action.type === 'word' ? 'A guess is one word of letters A to Z.' : 'Guess one letter, A to Z.' };
	if (outcome === 'repeat') return { type: 'refused', message: `**${shown}** was already guessed. Try something else.` };
	game.note = outcome === 'hit' ? `<@${userId}> guessed **${shown}**: yes!` : `<@${userId}> guessed **${shown}**: no.`;
	if (state.status === 'won') return end(game, { reason: 'win', winner: userId, loser: null });
	if (state.status === 'lost') return end(game, { reason: 'win', winner: null, loser: userId });
	if (game.seats[1]) nextTurn(game);
	return { type: 'updated', ended: false };
}

export type StatField = 'wins' | 'losses' | 'draws';

/** What a finished game adds to each human's record. Tika and cancelled games count for nobody. */
export function statChanges(game: LiveGame): { userId: string; field: StatField }[] {
	const result = game.result;
	if (!result || !['win', 'draw', 'forfeit', 'idle'].includes(result.reason)) return [];
	const humans = game.seats.filter((seat): seat is string => seat !== null && seat !== game.botId);
	if (game.kind === 'hangman') {
		// Co-op: the team wins or loses together.
		const won = game.hangman?.status === 'won';
		return humans.map((userId) => ({ userId, field: won ? 'wins' : 'losses' }));
	}
	if (result.reason === 'draw') return humans.map((userId) => ({ userId, field: 'draws' }));
	return humans.map((userId) => ({ userId, field: userId === result.winner ? 'wins' : 'losses' }));
}
