/** Hangman rules: letters A–Z, six wrong guesses allowed, a full-word guess wins or costs one wrong guess. */
export const HANGMAN_MAX_WRONG = 6;

export interface HangmanState {
	word: string;
	guessed: string[];
	wrong: number;
	/** Wrong full-word guesses, shown under the board. */
	wrongWords: string[];
	status: 'playing' | 'won' | 'lost';
}

export type HangmanGuess = 'hit' | 'miss' | 'repeat' | 'invalid' | 'over';

export function newHangman(word: string): HangmanState {
	const clean = word.trim().toUpperCase();
	if (!/^[A-Z]+$/.test(clean)) throw new Error(`Hangman words are letters A-Z only: "${word}"`);
	return { word: clean, guessed: [], wrong: 0, wrongWords: [], status: 'playing' };
}

export function hangmanMasked(state: HangmanState): string {
	return [...state.word].map((letter) => (state.status !== 'playing' || state.guessed.includes(letter) ? letter : '_')).join(' ');
}

function settle(state: HangmanState): void {
	if ([...state.word].every((letter) => state.guessed.includes(letter))) state.status = 'won';
	else if (state.wrong >= HANGMAN_MAX_WRONG) state.status = 'lost';
}

export function guessLetter(state: HangmanState, input: string): HangmanGuess {
	if (state.status !== 'playing') return 'over';
	const letter = input.trim().toUpperCase();
	if (!/^[A-Z]$/.test(letter)) return 'invalid';
	if (state.guessed.includes(letter)) return 'repeat';
	state.guessed.push(letter);
	const hit = state.word.includes(letter);
	if (!hit) state.wrong++;
	settle(state);
	return hit ? 'hit' : 'miss';
}

export function guessWord(state: HangmanState, input: string): HangmanGuess {
	if (state.status !== 'playing') return 'over';
	const word = input.trim().toUpperCase();
	if (!/^[A-Z]+$/.test(word)) return 'invalid';
	if (state.wrongWords.includes(word)) return 'repeat';
	if (word === state.word) {
		for (const letter of word) if (!state.guessed.includes(letter)) state.guessed.push(letter);
		state.status = 'won';
		return 'hit';
	}
	state.wrongWords.push(word);
	state.wrong++;
	settle(state);
	return 'miss';
}

/** The gallows after 0…6 wrong guesses (7 stages). */
export const GALLOWS: readonly string[] = [0, 1, 2, 3, 4, 5, 6].map((wrong) => {
	const head = wrong >= 1 ? 'O' : ' ';
	const left = wrong >= 3 ? '/' : ' ';
	const body = wrong >= 2 ? '|' : ' ';
	const right = wrong >= 4 ? '\\' : ' ';
	const legL = wrong >= 5 ? '/' : ' ';
	const legR = wrong >= 6 ? '\\' : ' ';
	return ['  +---+', `  |   ${head}`, `  |  ${left}${body}${right}`, `  |  ${legL} ${legR}`, '  |', '====='].join('\n');
});
