import { levenshtein } from '#shared/utils/text';

describe('levenshtein', () => {
	it.each([
		['', '', 0],
		['prefix', 'prefix', 0],
		['prefixx', 'prefix', 1],
		['progresion', 'progression', 1],
		['kitten', 'sitting', 3],
		['', 'abc', 3]
	])('counts the edits between %p and %p as %p', (a, b, expected) => {
		expect(levenshtein(a, b)).toBe(expected);
		expect(levenshtein(b, a)).toBe(expected);
	});
});
