import { hasBidiControl, normalize } from '#shared/text/normalize';

describe('shared text normalisation: bidi controls', () => {
	it.each([
		['right-to-left override', 'A\u202ENIMDA'],
		['left-to-right embedding', '\u202Aadmin\u202C'],
		['right-to-left isolate', 'x\u2067y\u2069'],
		['right-to-left mark', 'mod\u200F'],
		['Arabic letter mark', '\u061Cstaff']
	])('GIVEN a text with a %s THEN it is detected', (_name, text) => {
		expect(hasBidiControl(text)).toBe(true);
	});

	it.each(['Tea Lover 🍵', 'ad\u200Bmin', 'שלום', 'مرحبا', 'Ｈｅｌｌｏ'])('GIVEN %p without bidi controls THEN nothing is detected', (text) => {
		expect(hasBidiControl(text)).toBe(false);
	});

	it('GIVEN a bidi override THEN normalising drops it and keeps the typed order', () => {
		expect(normalize('A\u202ENIMDA').text).toBe('animda');
	});
});
