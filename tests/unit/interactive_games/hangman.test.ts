import { GALLOWS, guessLetter, guessWord, HANGMAN_MAX_WRONG, hangmanMasked, newHangman } from '../../../src/plugins/interactive_games/lib/hangman';
import { DIFFICULTIES, loadWordLists, pickWord } from '../../../src/plugins/interactive_games/lib/words';

describe('hangman rules', () => {
	it('GIVEN a correct letter THEN every occurrence is revealed; a wrong one costs a guess', () => {
		const state = newHangman('banana');
		expect(hangmanMasked(state)).toBe('_ _ _ _ _ _');
		expect(guessLetter(state, 'a')).toBe('hit');
		expect(hangmanMasked(state)).toBe('_ A _ A _ A');
		expect(guessLetter(state, 'z')).toBe('miss');
		expect(state.wrong).toBe(1);
	});

	it('GIVEN a letter guessed twice or not a letter THEN it is refused without cost', () => {
		const state = newHangman('kiwi');
		guessLetter(state, 'k');
		expect(guessLetter(state, 'K')).toBe('repeat');
		expect(guessLetter(state, '1')).toBe('invalid');
		expect(guessLetter(state, 'ab')).toBe('invalid');
		expect(state.wrong).toBe(0);
	});

	it('GIVEN every letter found THEN the game is won and takes no more guesses', () => {
		const state = newHangman('kiwi');
		for (const letter of 'KIW') guessLetter(state, letter);
		expect(state.status).toBe('won');
		expect(guessLetter(state, 'a')).toBe('over');
	});

	it('GIVEN six wrong guesses THEN the game is lost and the word is shown', () => {
		const state = newHangman('kiwi');
		for (const letter of 'ABCDEF') guessLetter(state, letter);
		expect(state.wrong).toBe(HANGMAN_MAX_WRONG);
		expect(state.status).toBe('lost');
		expect(hangmanMasked(state)).toBe('K I W I');
	});

	it('GIVEN a full-word guess THEN right wins, wrong costs one guess, repeats and non-words are refused', () => {
		const state = newHangman('otter');
		expect(guessWord(state, 'hello')).toBe('miss');
		expect(state.wrong).toBe(1);
		expect(guessWord(state, 'HELLO')).toBe('repeat');
		expect(guessWord(state, 'two words')).toBe('invalid');
		expect(guessWord(state, ' Otter ')).toBe('hit');
		expect(state.status).toBe('won');
	});

	it('GIVEN the gallows THEN there are 7 stages, each drawing one more part', () => {
		expect(GALLOWS).toHaveLength(7);
		const parts = GALLOWS.map((stage) => stage.replace(/[\s+=|-]/g, '').length);
		expect(parts).toEqual([0, 1, 1, 2, 3, 4, 5].map((n, i) => (i === 0 ? 0 : n)));
		expect(GALLOWS[6]).toContain('O');
	});

	it('GIVEN the shipped word lists THEN every category has 40+ clean, unique words per difficulty', () => {
		const lists = loadWordLists();
		expect(Object.keys(lists).length).toBeGreaterThanOrEqual(3);
		for (const [category, levels] of Object.entries(lists))
			for (const difficulty of DIFFICULTIES) {
				const words = levels[difficulty];
				expect({ category, difficulty, enough: words.length >= 40 }).toEqual({ category, difficulty, enough: true });
				expect(new Set(words).size).toBe(words.length);
			}
		const picked = pickWord('animals', 'easy', () => 0);
		expect(picked).toEqual({ word: lists.animals!.easy[0], category: 'animals' });
	});
});
