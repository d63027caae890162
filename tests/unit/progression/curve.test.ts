import {
	clampXp,
	levelForXp,
	levelProgress,
	MAX_TOTAL_XP,
	MEE6_CURVE,
	totalXpForLevel,
	xpForNextLevel,
	type Curve
} from '../../../src/plugins/progression/lib/curve';
import { curveOf, DEFAULT_SETTINGS } from '../../../src/plugins/progression/lib/settings';

// Totals worked out by hand from the sum of a·l² + b·l + c over l = 0 … L − 1.
const CASES: { name: string; curve: Curve; totals: Record<0 | 1 | 100 | 1000, number> }[] = [
	{ name: 'mee6 (5l² + 50l + 100)', curve: MEE6_CURVE, totals: { 0: 0, 1: 100, 100: 1_899_250, 1000: 1_689_242_500 } },
	{
		name: 'linear (50l + 100)',
		curve: curveOf({ ...DEFAULT_SETTINGS, curve: 'linear', curveB: 50, curveC: 100 }),
		totals: { 0: 0, 1: 100, 100: 257_500, 1000: 25_075_000 }
	},
	{
		name: 'flat (100 a level)',
		curve: curveOf({ ...DEFAULT_SETTINGS, curve: 'flat', curveC: 100 }),
		totals: { 0: 0, 1: 100, 100: 10_000, 1000: 100_000 }
	},
	{
		name: 'quadratic (l² + 2l + 3)',
		curve: curveOf({ ...DEFAULT_SETTINGS, curve: 'quadratic', curveA: 1, curveB: 2, curveC: 3 }),
		totals: { 0: 0, 1: 3, 100: 338_550, 1000: 333_835_500 }
	}
];

describe('level curves', () => {
	describe.each(CASES)('$name', ({ curve, totals }) => {
		it.each([0, 1, 100, 1000] as const)(
			'GIVEN level %i THEN level → XP is the hand-computed total and XP → level gives the level back',
			(level) => {
				expect(totalXpForLevel(level, curve)).toBe(totals[level]);
				expect(levelForXp(totals[level], curve, 1000)).toBe(level);
				if (level > 0) expect(levelForXp(totals[level] - 1, curve, 1000)).toBe(level - 1);
			}
		);
	});

	it('GIVEN the MEE6 curve THEN going from level 0 to 1 costs 100 XP and from 1 to 2 costs 155', () => {
		expect(xpForNextLevel(0)).toBe(100);
		expect(xpForNextLevel(1)).toBe(155);
	});

	it('GIVEN a max level WHEN XP goes past it THEN the level stops there and there is no next level', () => {
		expect(levelForXp(MAX_TOTAL_XP, MEE6_CURVE, 50)).toBe(50);
		expect(levelProgress(MAX_TOTAL_XP, MEE6_CURVE, 50)).toEqual({ level: 50, levelStartXp: totalXpForLevel(50), nextLevelXp: null });
		expect(levelProgress(150, MEE6_CURVE, 50)).toEqual({ level: 1, levelStartXp: 100, nextLevelXp: 255 });
	});

	it('GIVEN totals outside the Int range THEN they are clamped to 0 … 2,000,000,000', () => {
		expect(clampXp(-5)).toBe(0);
		expect(clampXp(3_000_000_000)).toBe(MAX_TOTAL_XP);
		expect(totalXpForLevel(1000)).toBeLessThan(MAX_TOTAL_XP);
	});
});
