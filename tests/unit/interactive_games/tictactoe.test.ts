import {
	emptyTttBoard,
	tttAiMove,
	tttBestMoves,
	tttLegalMoves,
	tttOutcome,
	tttToMove,
	tttWinner,
	TTT_LINES,
	type Mark,
	type TttBoard
} from '../../../src/plugins/interactive_games/lib/tictactoe';

describe('tictactoe engine', () => {
	it.each(TTT_LINES.map((line) => [line]))('GIVEN marks on line %p THEN that mark wins along it', (line) => {
		for (const mark of [1, 2] as const) {
			const board = emptyTttBoard();
			for (const index of line) board[index] = mark;
			expect(tttWinner(board)).toEqual({ mark, line });
			expect(tttOutcome(board)).toBe(mark);
		}
	});

	it('GIVEN a full board with no line THEN it is a draw, and an unfinished one goes on', () => {
		const draw: TttBoard = [1, 2, 1, 1, 2, 2, 2, 1, 1];
		expect(tttOutcome(draw)).toBe('draw');
		expect(tttOutcome([1, 2, 0, 0, 0, 0, 0, 0, 0])).toBeNull();
		expect(tttLegalMoves([1, 2, 0, 0, 0, 0, 0, 0, 1])).toEqual([2, 3, 4, 5, 6, 7]);
	});

	it('GIVEN Tika on hard THEN from EVERY reachable position with her to move she never loses (exhaustive)', () => {
		// Walk every game: the opponent tries every move; Tika (either mark) answers with each of her optimal moves.
		let positions = 0;
		const explore = (board: Mark[], tika: 1 | 2): void => {
			const outcome = tttOutcome(board);
			if (outcome !== null) {
				expect(outcome).not.toBe(tika === 1 ? 2 : 1);
				return;
			}
			const toMove = tttToMove(board);
			if (toMove === tika) {
				positions++;
				for (const move of tttBestMoves(board, tika)) {
					board[move] = tika;
					explore(board, tika);
					board[move] = 0;
				}
			} else
				for (const move of tttLegalMoves(board)) {
					board[move] = toMove;
					explore(board, tika);
					board[move] = 0;
				}
		};
		explore(emptyTttBoard(), 1);
		explore(emptyTttBoard(), 2);
		expect(positions).toBeGreaterThan(500);
	});

	it('GIVEN any reachable position where a win is possible THEN hard Tika takes an immediate win', () => {
		const board: TttBoard = [2, 2, 0, 1, 1, 0, 1, 0, 0];
		expect(tttAiMove(board, 2, 'hard')).toBe(2);
		const block: TttBoard = [1, 1, 0, 0, 2, 0, 0, 0, 0];
		expect(tttAiMove(block, 2, 'hard')).toBe(2);
	});

	it('GIVEN easy and medium THEN Tika slips with probability 0.5 / 0.2 (random move), never on hard', () => {
		const board: TttBoard = [1, 1, 0, 0, 2, 0, 0, 0, 0];
		// random() below the mistake rate picks a random legal square (here the last one).
		const sequence = (values: number[]) => () => values.shift() ?? 0;
		expect(tttAiMove(board, 2, 'easy', sequence([0.49, 0.99]))).toBe(8);
		expect(tttAiMove(board, 2, 'easy', sequence([0.51, 0]))).toBe(2);
		expect(tttAiMove(board, 2, 'medium', sequence([0.19, 0.99]))).toBe(8);
		expect(tttAiMove(board, 2, 'medium', sequence([0.21, 0]))).toBe(2);
		expect(tttAiMove(board, 2, 'hard', sequence([0, 0]))).toBe(2);
		expect(() => tttAiMove([1, 2, 1, 1, 2, 2, 2, 1, 1], 1, 'hard')).toThrow('No legal move');
	});
});
