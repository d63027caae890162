/** TicTacToe: a board of 9 cells (0 empty, 1 = X who starts, 2 = O), index = row * 3 + column. */
export type Mark = 0 | 1 | 2;
export type TttBoard = Mark[];
export type Difficulty = 'easy' | 'medium' | 'hard';

export const TTT_LINES: readonly (readonly [number, number, number])[] = [
	[0, 1, 2],
	[3, 4, 5],
	[6, 7, 8],
	[0, 3, 6],
	[1, 4, 7],
	[2, 5, 8],
	[0, 4, 8],
	[2, 4, 6]
];

export function emptyTttBoard(): TttBoard {
	return [0, 0, 0, 0, 0, 0, 0, 0, 0];
}

/** The winning mark and its line, or null. */
export function tttWinner(board: readonly Mark[]): { mark: 1 | 2; line: readonly number[] } | null {
	for (const line of TTT_LINES) {
		const mark = board[line[0]]!;
		if (mark !== 0 && mark === board[line[1]] && mark === board[line[2]]) return { mark, line };
	}
	return null;
}

export function tttLegalMoves(board: readonly Mark[]): number[] {
	const moves: number[] = [];
	for (let i = 0; i < 9; i++) if (board[i] === 0) moves.push(i);
	return moves;
}

/** 'x' / 'o' wins, 'draw' on a full board, null while the game goes on. */
export function tttOutcome(board: readonly Mark[]): 1 | 2 | 'draw' | null {
	const winner = tttWinner(board);
	if (winner) return winner.mark;
	return board.includes(0) ? null : 'draw';
}

/** Whose turn it is on a reachable board (X starts). */
export function tttToMove(board: readonly Mark[]): 1 | 2 {
	let x = 0;
	let o = 0;
	for (const cell of board)
		if (cell === 1) x++;
		else if (cell === 2) o++;
	return x > o ? 2 : 1;
}

const memo = new Map<string, number>();

/** Minimax value for `player` to move: > 0 win (sooner is larger), 0 draw, < 0 loss. */
function value(board: Mark[], player: 1 | 2): number {
	const key = board.join('') + player;
	const cached = memo.get(key);
	if (cached !== undefined) return cached;
	const winner = tttWinner(board);
	let result: number;
	if (winner) result = winner.mark === player ? 10 : -10;
	else if (!board.includes(0)) result = 0;
	else {
		result = -Infinity;
		const other = player === 1 ? 2 : 1;
		for (const move of tttLegalMoves(board)) {
			board[move] = player;
			const score = -value(board, other);
			board[move] = 0;
			// Shrink towards 0 with depth so that quicker wins and slower losses are preferred.
			const shaped = score > 0 ? score - 1 : score < 0 ? score + 1 : 0;
			if (shaped > result) result = shaped;
		}
	}
	memo.set(key, result);
	return result;
}

/** Every move that keeps the best minimax value for `player`. */
export function tttBestMoves(board: readonly Mark[], player: 1 | 2): number[] {
	const work = [...board];
	const other = player === 1 ? 2 : 1;
	let best = -Infinity;
	let moves: number[] = [];
	for (const move of tttLegalMoves(work)) {
		work[move] = player;
		const score = -value(work, other);
		work[move] = 0;
		if (score > best) {
			best = score;
			moves = [move];
		} else if (score === best) moves.push(move);
	}
	return moves;
}

/** Chance of a random (possibly bad) move instead of a perfect one. */
export const TTT_MISTAKE_RATE: Record<Difficulty, number> = { easy: 0.5, medium: 0.2, hard: 0 };

/** Tika's move: perfect on hard (she never loses), with random slips on easy and medium. */
export function tttAiMove(board: readonly Mark[], player: 1 | 2, difficulty: Difficulty, random: () => number = Math.random): number {
	const legal = tttLegalMoves(board);
	if (legal.length === 0) throw new Error('No legal move on a full board');
	if (random() < TTT_MISTAKE_RATE[difficulty]) return legal[Math.floor(random() * legal.length)]!;
	const best = tttBestMoves(board, player);
	return best[Math.floor(random() * best.length)]!;
}
