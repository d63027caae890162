import {
	computeProgress,
	fitText,
	formatCompact,
	formatNumber,
	graphemes,
	initials,
	luminance,
	truncateToWidth,
	withEllipsis,
	wrapText
} from '#shared/images/layout';

/** A fake font: every grapheme is 10 px wide, so widths are easy to reason about. */
const measure = (text: string) => graphemes(text).length * 10;
/** Scales with the font size: `size / 2` px per grapheme. */
const measureAt = (size: number) => (text: string) => graphemes(text).length * (size / 2);

describe('progress computation', () => {
	it('GIVEN xp inside a level THEN current, needed and ratio describe the position in that level', () => {
		expect(computeProgress(150, 100, 300)).toEqual({ current: 50, needed: 200, ratio: 0.25, maxed: false });
	});

	it('GIVEN a member with no XP THEN progress is zero, not NaN', () => {
		expect(computeProgress(0, 0, 100)).toEqual({ current: 0, needed: 100, ratio: 0, maxed: false });
	});

	it('GIVEN the max level (no next level) THEN the bar is full and marked maxed', () => {
		expect(computeProgress(5_000, 4_000, null)).toMatchObject({ ratio: 1, maxed: true, needed: 0 });
	});

	it('GIVEN inconsistent inputs (xp below the level start, or beyond the next level) THEN the ratio stays within 0..1', () => {
		expect(computeProgress(50, 100, 300).ratio).toBe(0);
		expect(computeProgress(999, 100, 300).ratio).toBe(1);
		expect(computeProgress(Number.NaN, 0, 100).ratio).toBe(0);
		expect(computeProgress(10, 100, 100)).toMatchObject({ ratio: 0, needed: 0, maxed: false });
		expect(computeProgress(150, 100, 100)).toMatchObject({ ratio: 1, needed: 0, maxed: false });
		expect(computeProgress(0, 0, 0)).toMatchObject({ ratio: 0, current: 0, needed: 0 });
	});
});

describe('number formatting', () => {
	it('GIVEN numbers of every size THEN compact forms stay short and never round up past the truth', () => {
		expect(formatCompact(0)).toBe('0');
		expect(formatCompact(999)).toBe('999');
		expect(formatCompact(1_000)).toBe('1K');
		expect(formatCompact(12_345)).toBe('12.3K');
		expect(formatCompact(19_999)).toBe('19.9K');
		expect(formatCompact(123_456)).toBe('123K');
		expect(formatCompact(1_500_000)).toBe('1.5M');
		expect(formatCompact(2_000_000_000)).toBe('2B');
		expect(formatCompact(-5)).toBe('0');
	});

	it('GIVEN a large number THEN thousands are separated with commas', () => {
		expect(formatNumber(1234567)).toBe('1,234,567');
		expect(formatNumber(12)).toBe('12');
	});
});

describe('text fitting and truncation', () => {
	it('GIVEN text that fits THEN it is returned unchanged', () => {
		expect(truncateToWidth('Alice', 100, measure)).toBe('Alice');
	});

	it('GIVEN text too wide THEN it is cut with an ellipsis and the result fits', () => {
		const cut = truncateToWidth('Alexandria Ocasio', 80, measure);
		expect(cut).toBe('Alexand…');
		expect(measure(cut)).toBeLessThanOrEqual(80);
	});

	it('GIVEN a name of emoji with joiners and skin tones THEN truncation never splits an emoji', () => {
		const name = '👩‍💻👍🏽🇫🇷🎉🎉🎉';
		const cut = truncateToWidth(name, 40, measure);
		expect(cut).toBe('👩‍💻👍🏽🇫🇷…');
	});

	it('GIVEN CJK text THEN truncation works per character', () => {
		expect(truncateToWidth('你好世界你好世界', 50, measure)).toBe('你好世界…');
	});

	it('GIVEN a width too small for anything THEN only the ellipsis remains', () => {
		expect(withEllipsis('Alice', 5, measure)).toBe('…');
	});

	it('GIVEN a long name THEN fitText shrinks the font first, and truncates only at the smallest size', () => {
		expect(fitText('Alice', 200, { max: 40, min: 20 }, measureAt)).toEqual({ size: 40, text: 'Alice' });
		// 10 graphemes: 20 px each at 40 → 200 > 150; at 30 → 150 fits.
		expect(fitText('Alexandria', 150, { max: 40, min: 20 }, measureAt)).toEqual({ size: 30, text: 'Alexandria' });
		const tiny = fitText('A very long display name indeed', 100, { max: 40, min: 20 }, measureAt);
		expect(tiny.size).toBe(20);
		expect(tiny.text.endsWith('…')).toBe(true);
		expect(measureAt(20)(tiny.text)).toBeLessThanOrEqual(100);
	});
});

describe('word wrapping', () => {
	it('GIVEN a short bio THEN it stays on one line', () => {
		expect(wrapText('I like tea', 200, 2, measure)).toEqual(['I like tea']);
	});

	it('GIVEN a longer bio THEN it breaks between words', () => {
		expect(wrapText('one two three four', 100, 3, measure)).toEqual(['one two', 'three four']);
	});

	it('GIVEN more text than lines THEN the last line ends with an ellipsis and every line fits', () => {
		const lines = wrapText('one two three four five six seven eight', 100, 2, measure);
		expect(lines).toHaveLength(2);
		expect(lines[1]!.endsWith('…')).toBe(true);
		for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(100);
	});

	it('GIVEN CJK without spaces THEN it breaks between characters', () => {
		expect(wrapText('你好世界你好世界', 40, 3, measure)).toEqual(['你好世界', '你好世界']);
	});

	it('GIVEN a word longer than a line THEN it is split between graphemes', () => {
		const lines = wrapText('supercalifragilistic', 100, 3, measure);
		expect(lines[0]).toBe('supercalif');
		expect(lines.join('')).toBe('supercalifragilistic');
	});

	it('GIVEN line breaks in the bio THEN they start new lines, and blank lines are dropped', () => {
		expect(wrapText('first\n\n\nsecond', 200, 3, measure)).toEqual(['first', 'second']);
	});

	it('GIVEN more paragraphs than lines THEN the last kept line gets an ellipsis', () => {
		const lines = wrapText('a\nb\nc', 200, 2, measure);
		expect(lines).toEqual(['a', 'b…']);
	});
});

describe('avatar fallback and colours', () => {
	it('GIVEN names THEN initials use the first letters of the first and last words, skipping emoji-only words', () => {
		expect(initials('Alice Liddell')).toBe('AL');
		expect(initials('tika')).toBe('T');
		expect(initials('🎉 party time')).toBe('PT');
		expect(initials('🎉')).toBe('🎉');
		expect(initials('你好')).toBe('你');
		expect(initials('   ')).toBe('?');
	});

	it('GIVEN light and dark colours THEN luminance tells them apart', () => {
		expect(luminance(0xffffff)).toBeCloseTo(1);
		expect(luminance(0x000000)).toBe(0);
		expect(luminance(0xfee75c)).toBeGreaterThan(0.5);
		expect(luminance(0x5865f2)).toBeLessThan(0.5);
	});
});
