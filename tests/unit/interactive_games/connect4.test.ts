import { c4AiMove, c4CanPlay, c4Index, c4Outcome, c4Play, newC4, type C4State } from '../../../src/plugins/interactive_games/lib/connect4';

/** Plays columns alternately starting with player 1 (1-based for readability). */
function play(columns: string): C4State {
	const state = newC4();
	let player: 1 | 2 = 1;
	for (const column of columns) {
		expect(c4Play(state, Number(column) - 1, player)).toBeGreaterThanOrEqual(0);
		player = player === 1 ? 2 : 1;
	}
	return state;
}

/** Drops discs as listed ([player, column 0-based]) regardless of turn order. */
function place(...groups: [number, number][][]): C4State {
	const state = newC4();
	for (const group of groups) for (const [player, column] of group) expect(c4Play(state, column, player as 1 | 2)).toBeGreaterThanOrEqual(0);
	return state;
}

describe('connect4 engine', () => {
	it('GIVEN discs dropped in a column THEN they stack from the bottom (gravity)', () => {
		const state = newC4();
		expect(c4Play(state, 3, 1)).toBe(0);
		expect(c4Play(state, 3, 2)).toBe(1);
		expect(c4Play(state, 3, 1)).toBe(2);
		expect(state.cells[c4Index(3, 0)]).toBe(1);
		expect(state.cells[c4Index(3, 1)]).toBe(2);
	});

	it('GIVEN a full column THEN another disc there is refused and the board is unchanged', () => {
		const state = play('111111');
		expect(c4CanPlay(state, 0)).toBe(false);
		const before = [...state.cells];
		expect(c4Play(state, 0, 1)).toBe(-1);
		expect(state.cells).toEqual(before);
		expect(state.moves).toBe(6);
	});

	it('GIVEN four in a row horizontally THEN the player wins', () => {
		const state = play('1122334');
		expect(c4Outcome(state)).toBe(1);
		expect(state.line.sort((a, b) => a - b)).toEqual([c4Index(0, 0), c4Index(1, 0), c4Index(2, 0), c4Index(3, 0)]);
	});

	it('GIVEN four stacked vertically THEN the player wins', () => {
		expect(c4Outcome(play('1212121'))).toBe(1);
	});

	it('GIVEN a rising diagonal THEN the player wins', () => {
		// 1 at (0,0) (1,1) (2,2) and finally (3,3); 2 fills underneath.
		const state = place(
			[[1, 0]],
			[
				[2, 1],
				[1, 1]
			],
			[
				[2, 2],
				[2, 2],
				[1, 2]
			],
			[
				[2, 3],
				[2, 3],
				[1, 3]
			]
		);
		expect(state.winner).toBe(0);
		c4Play(state, 3, 1);
		expect(c4Outcome(state)).toBe(1);
		expect(state.line).toHaveLength(4);
	});

	it('GIVEN a falling diagonal THEN the player wins', () => {
		const state = place(
			[[1, 6]],
			[
				[2, 5],
				[1, 5]
			],
			[
				[2, 4],
				[2, 4],
				[1, 4]
			],
			[
				[2, 3],
				[2, 3],
				[1, 3]
			]
		);
		expect(state.winner).toBe(0);
		c4Play(state, 3, 1);
		expect(c4Outcome(state)).toBe(1);
	});

	it('GIVEN a board filled with no four THEN it is a draw', () => {
		// Columns in pairs of rows, shifted so no four line up.
		const state = newC4();
		const pattern = [
			[1, 1, 2, 2, 1, 1],
			[2, 2, 1, 1, 2, 2],
			[1, 1, 2, 2, 1, 1],
			[2, 2, 1, 1, 2, 2],
			[1, 1, 2, 2, 1, 1],
			[2, 2, 1, 1, 2, 2],
			[1, 1, 2, 2, 1, 1]
		];
		pattern.forEach((column, c) => column.forEach((player) => c4Play(state, c, player as 1 | 2)));
		expect(state.winner).toBe(0);
		expect(c4Outcome(state)).toBe('draw');
		expect(c4CanPlay(state, 3)).toBe(false);
	});

	it('GIVEN Tika can win at once THEN she takes the win', () => {
		// Tika (2) has three stacked in column 5; the opponent has nothing in a row.
		const state = place([
			[1, 0],
			[2, 4],
			[1, 1],
			[2, 4],
			[1, 6],
			[2, 4],
			[1, 0]
		]);
		expect(c4AiMove(state, 2).column).toBe(4);
	});

	it('GIVEN the opponent threatens four THEN Tika blocks it', () => {
		// The opponent (1) has columns 2-4 on the bottom row; Tika must block at column 1 or 5.
		const state = place([
			[1, 1],
			[2, 1],
			[1, 2],
			[2, 2],
			[1, 3]
		]);
		expect([0, 4]).toContain(c4AiMove(state, 2).column);
		// And a vertical threat: three of 1's discs stacked in column 7.
		const vertical = place([
			[1, 6],
			[2, 0],
			[1, 6],
			[2, 1],
			[1, 6]
		]);
		expect(c4AiMove(vertical, 2, { difficulty: 'easy', random: () => 0 }).column).toBe(6);
	});

	it('GIVEN a mid-game position THEN Tika answers within the time budget and deepens the search', () => {
		const state = play('4453');
		const start = performance.now();
		const result = c4AiMove(state, 1, { budgetMs: 100 });
		expect(performance.now() - start).toBeLessThan(400);
		expect(result.depth).toBeGreaterThanOrEqual(4);
		expect(c4CanPlay(state, result.column)).toBe(true);
	});

	it('GIVEN Tika on hard against a random player THEN she wins every game', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		for (let game = 0; game < 4; game++) {
			const state = newC4();
			let player: 1 | 2 = 1;
			while (c4Outcome(state) === null) {
				const legal = [0, 1, 2, 3, 4, 5, 6].filter((column) => c4CanPlay(state, column));
				const column = player === 2 ? c4AiMove(state, 2, { budgetMs: 20 }).column : legal[Math.floor(random() * legal.length)]!;
				expect(c4Play(state, column, player)).toBeGreaterThanOrEqual(0);
				player = player === 1 ? 2 : 1;
			}
			expect(c4Outcome(state)).toBe(2);
		}
	});
});
