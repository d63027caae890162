/**
 * Connect Four on 7 columns × 6 rows. Cells are indexed column * 6 + row, row 0 at the bottom; 0 empty, 1 and 2 the
 * players (1 starts). The AI is a negamax with alpha-beta pruning, iterative deepening and a time budget.
 */
export const C4_COLUMNS = 7;
export const C4_ROWS = 6;

export interface C4State {
	cells: number[];
	heights: number[];
	moves: number;
	/** Set once someone connected four. */
	winner: 0 | 1 | 2;
	/** The winning cells, for highlighting. */
	line: number[];
}

export function newC4(): C4State {
	return { cells: new Array<number>(C4_COLUMNS * C4_ROWS).fill(0), heights: new Array<number>(C4_COLUMNS).fill(0), moves: 0, winner: 0, line: [] };
}

export const c4Index = (column: number, row: number) => column * C4_ROWS + row;

export function c4CanPlay(state: C4State, column: number): boolean {
	return Number.isInteger(column) && column >= 0 && column < C4_COLUMNS && state.heights[column]! < C4_ROWS && state.winner === 0;
}

export function c4IsFull(state: C4State): boolean {
	return state.moves >= C4_COLUMNS * C4_ROWS;
}

export function c4LegalColumns(state: C4State): number[] {
	const columns: number[] = [];
	for (let c = 0; c < C4_COLUMNS; c++) if (c4CanPlay(state, c)) columns.push(c);
	return columns;
}

const DIRECTIONS: readonly [number, number][] = [
	[1, 0], // horizontal
	[0, 1], // vertical
	[1, 1], // diagonal /
	[1, -1] // diagonal \
];

/** The four-or-more line through (column,row) for the piece there, or null. */
export function c4LineThrough(cells: readonly number[], column: number, row: number): number[] | null {
	const player = cells[c4Index(column, row)];
	if (!player) return null;
	for (const [dc, dr] of DIRECTIONS) {
		const line = [c4Index(column, row)];
		for (const sign of [1, -1]) {
			let c = column + dc * sign;
			let r = row + dr * sign;
			while (c >= 0 && c < C4_COLUMNS && r >= 0 && r < C4_ROWS && cells[c4Index(c, r)] === player) {
				line.push(c4Index(c, r));
				c += dc * sign;
				r += dr * sign;
			}
		}
		if (line.length >= 4) return line;
	}
	return null;
}

/** Whether the piece at (column,row) completes four: the allocation-free version of c4LineThrough, for the search. */
function completesFour(cells: readonly number[], column: number, row: number): boolean {
	const player = cells[column * C4_ROWS + row];
	for (let d = 0; d < 4; d++) {
		const dc = DIRECTIONS[d]![0];
		const dr = DIRECTIONS[d]![1];
		let count = 1;
		let c = column + dc;
		let r = row + dr;
		while (c >= 0 && c < C4_COLUMNS && r >= 0 && r < C4_ROWS && cells[c * C4_ROWS + r] === player) {
			count++;
			c += dc;
			r += dr;
		}
		c = column - dc;
		r = row - dr;
		while (c >= 0 && c < C4_COLUMNS && r >= 0 && r < C4_ROWS && cells[c * C4_ROWS + r] === player) {
			count++;
			c -= dc;
			r -= dr;
		}
		if (count >= 4) return true;
	}
	return false;
}

/** Drops `player`'s piece in `column` (gravity: lowest free row). Returns the row, or -1 when refused. */
export function c4Play(state: C4State, column: number, player: 1 | 2): number {
	if (!c4CanPlay(state, column)) return -1;
	const row = state.heights[column]!;
	state.cells[c4Index(column, row)] = player;
	state.heights[column] = row + 1;
	state.moves++;
	const line = c4LineThrough(state.cells, column, row);
	if (line) {
		state.winner = player;
		state.line = line;
	}
	return row;
}

/** 1 / 2 for a winner, 'draw' on a full board, null while the game goes on. */
export function c4Outcome(state: C4State): 1 | 2 | 'draw' | null {
	if (state.winner) return state.winner;
	return c4IsFull(state) ? 'draw' : null;
}

export function cloneC4(state: C4State): C4State {
	return { cells: [...state.cells], heights: [...state.heights], moves: state.moves, winner: state.winner, line: [...state.line] };
}

// ---------------------------------------------------------------- AI

/** Every window of four cells in a line, for the evaluation. */
const WINDOWS: number[][] = (() => {
	const windows: number[][] = [];
	for (let c = 0; c < C4_COLUMNS; c++)
		for (let r = 0; r < C4_ROWS; r++)
			for (const [dc, dr] of DIRECTIONS) {
				const endC = c + dc * 3;
				const endR = r + dr * 3;
				if (endC < 0 || endC >= C4_COLUMNS || endR < 0 || endR >= C4_ROWS) continue;
				windows.push([0, 1, 2, 3].map((k) => c4Index(c + dc * k, r + dr * k)));
			}
	return windows;
})();
const WINDOW_SCORE = [0, 1, 8, 60];
const ORDER = [3, 2, 4, 1, 5, 0, 6];
const WIN = 100_000;

function evaluate(cells: readonly number[], player: number): number {
	let score = 0;
	for (const window of WINDOWS) {
		let mine = 0;
		let theirs = 0;
		for (const index of window) {
			const cell = cells[index];
			if (cell === player) mine++;
			else if (cell !== 0) theirs++;
		}
		if (theirs === 0) score += WINDOW_SCORE[mine]!;
		else if (mine === 0) score -= WINDOW_SCORE[theirs]!;
	}
	for (let r = 0; r < C4_ROWS; r++) {
		const cell = cells[c4Index(3, r)];
		if (cell === player) score += 3;
		else if (cell !== 0) score -= 3;
	}
	return score;
}

class OutOfTime extends Error {}

interface Search {
	cells: number[];
	heights: number[];
	moves: number;
	deadline: number;
	nodes: number;
	/** Zobrist hash of the position, two 26-bit halves combined into one exact integer key. */
	hashLow: number;
	hashHigh: number;
	table: Map<number, TableEntry>;
}

const EXACT = 0;
const LOWER = 1;
const UPPER = 2;
interface TableEntry {
	depth: number;
	score: number;
	flag: number;
	column: number;
}

/** Zobrist keys per player and cell (26 random bits each half; fixed seed so searches are reproducible). */
const ZOBRIST: number[][][] = (() => {
	let seed = 0x2545f491;
	const next = () => {
		seed ^= seed << 13;
		seed ^= seed >>> 17;
		seed ^= seed << 5;
		return (seed >>> 0) & 0x3ffffff;
	};
	return [0, 1, 2].map(() => Array.from({ length: C4_COLUMNS * C4_ROWS }, () => [next(), next()]));
})();
const TABLE_LIMIT = 400_000;

function toggle(search: Search, player: number, index: number): void {
	const key = ZOBRIST[player]![index]!;
	search.hashLow ^= key[0]!;
	search.hashHigh ^= key[1]!;
}

function negamax(search: Search, depth: number, alpha: number, beta: number, player: 1 | 2, ply: number): number {
	if ((++search.nodes & 1023) === 0 && performance.now() > search.deadline) throw new OutOfTime();
	const other = player === 1 ? 2 : 1;
	if (search.moves >= C4_COLUMNS * C4_ROWS) return 0;
	if (depth === 0) return evaluate(search.cells, player);
	// The side to move follows from the number of discs within one search, so the position alone is the key.
	const key = search.hashHigh * 0x4000000 + search.hashLow;
	const entry = search.table.get(key);
	let first = -1;
	if (entry) {
		if (entry.depth >= depth) {
			if (entry.flag === EXACT) return entry.score;
			if (entry.flag === LOWER && entry.score >= beta) return entry.score;
			if (entry.flag === UPPER && entry.score <= alpha) return entry.score;
		}
		first = entry.column;
	}
	const alphaStart = alpha;
	let best = -Infinity;
	let bestColumn = -1;
	for (let i = -1; i < ORDER.length; i++) {
		const column = i === -1 ? first : ORDER[i]!;
		if (column === -1 || (i >= 0 && column === first)) continue;
		const row = search.heights[column]!;
		if (row >= C4_ROWS) continue;
		const index = c4Index(column, row);
		search.cells[index] = player;
		search.heights[column] = row + 1;
		search.moves++;
		toggle(search, player, index);
		const score = completesFour(search.cells, column, row) ? WIN - ply : -negamax(search, depth - 1, -beta, -alpha, other, ply + 1);
		toggle(search, player, index);
		search.cells[index] = 0;
		search.heights[column] = row;
		search.moves--;
		if (score > best) {
			best = score;
			bestColumn = column;
		}
		if (best > alpha) alpha = best;
		if (alpha >= beta) break;
	}
	if (search.table.size < TABLE_LIMIT) {
		const flag = best <= alphaStart ? UPPER : best >= beta ? LOWER : EXACT;
		search.table.set(key, { depth, score: best, flag, column: bestColumn });
	}
	return best;
}

export interface C4AiOptions {
	/** Time budget in milliseconds (default 150). */
	budgetMs?: number;
	/** Deepest iteration (default 42). */
	maxDepth?: number;
	/** Easy / medium cap the depth. */
	difficulty?: 'easy' | 'medium' | 'hard';
	random?: () => number;
}

export interface C4AiResult {
	column: number;
	depth: number;
	score: number;
	nodes: number;
}

const DEPTH_CAP = { easy: 2, medium: 4, hard: 42 } as const;

/**
 * Tika's column for `player`. Takes an immediate win, otherwise blocks an immediate loss, otherwise searches deeper
 * and deeper until the budget runs out and plays the best move of the deepest finished iteration.
 */
export function c4AiMove(state: C4State, player: 1 | 2, options: C4AiOptions = {}): C4AiResult {
	const legal = c4LegalColumns(state);
	if (legal.length === 0) throw new Error('No legal column');
	const other = player === 1 ? 2 : 1;
	const random = options.random ?? Math.random;
	const probe = cloneC4(state);
	for (const who of [player, other] as const)
		for (const column of legal) {
			const row = probe.heights[column]!;
			probe.cells[c4Index(column, row)] = who;
			const wins = completesFour(probe.cells, column, row);
			probe.cells[c4Index(column, row)] = 0;
			if (wins) return { column, depth: 1, score: who === player ? WIN : 0, nodes: 0 };
		}

	const difficulty = options.difficulty ?? 'hard';
	if (difficulty === 'easy' && random() < 0.3) return { column: legal[Math.floor(random() * legal.length)]!, depth: 0, score: 0, nodes: 0 };
	const maxDepth = Math.min(options.maxDepth ?? 42, DEPTH_CAP[difficulty], C4_COLUMNS * C4_ROWS - state.moves);
	const search: Search = {
		cells: [...state.cells],
		heights: [...state.heights],
		moves: state.moves,
		deadline: performance.now() + (options.budgetMs ?? 150),
		nodes: 0,
		hashLow: 0,
		hashHigh: 0,
		table: new Map()
	};
	state.cells.forEach((cell, index) => {
		if (cell) toggle(search, cell, index);
	});
	let result: C4AiResult = { column: ORDER.find((column) => legal.includes(column))!, depth: 0, score: 0, nodes: 0 };
	for (let depth = 1; depth <= maxDepth; depth++) {
		try {
			let bestScore = -Infinity;
			let bestColumn = -1;
			let alpha = -Infinity;
			// Search the previous best first: better pruning, and a partial iteration is never used anyway.
			const order = [result.column, ...ORDER.filter((column) => column !== result.column)];
			for (const column of order) {
				const row = search.heights[column]!;
				if (row >= C4_ROWS) continue;
				search.cells[c4Index(column, row)] = player;
				search.heights[column] = row + 1;
				search.moves++;
				toggle(search, player, c4Index(column, row));
				let score: number;
				try {
					score = completesFour(search.cells, column, row) ? WIN : -negamax(search, depth - 1, -Infinity, -alpha, other, 1);
				} finally {
					toggle(search, player, c4Index(column, row));
					search.cells[c4Index(column, row)] = 0;
					search.heights[column] = row;
					search.moves--;
				}
				if (score > bestScore) {
					bestScore = score;
					bestColumn = column;
				}
				if (bestScore > alpha) alpha = bestScore;
			}
			result = { column: bestColumn, depth, score: bestScore, nodes: search.nodes };
			if (Math.abs(bestScore) > WIN / 2) break; // a forced result is known: deeper search changes nothing
		} catch (error) {
			if (error instanceof OutOfTime) break;
			throw error;
		}
	}
	result.nodes = search.nodes;
	return result;
}
