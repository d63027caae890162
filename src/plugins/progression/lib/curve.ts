/**
 * Level curves. Every curve is a quadratic cost: going from level l to l + 1 costs a·l² + b·l + c XP.
 * MEE6's curve is (5, 50, 100); "linear" is (0, step, base); "flat" is (0, 0, cost).
 */
export const MAX_TOTAL_XP = 2_000_000_000;
export const MAX_LEVEL_CAP = 1_000;

export interface Curve {
	a: number;
	b: number;
	c: number;
}

export const MEE6_CURVE: Curve = { a: 5, b: 50, c: 100 };

/** XP needed to go from `level` to `level + 1`. */
export function xpForNextLevel(level: number, curve: Curve = MEE6_CURVE): number {
	return curve.a * level * level + curve.b * level + curve.c;
}

/** Total XP at which `level` starts (closed form of the sum of the costs of levels 0 … level − 1). */
export function totalXpForLevel(level: number, curve: Curve = MEE6_CURVE): number {
	if (level <= 0) return 0;
	const n = level;
	return (curve.a * (n - 1) * n * (2 * n - 1)) / 6 + (curve.b * n * (n - 1)) / 2 + curve.c * n;
}

/** The level reached with `xp` total XP, never above `maxLevel`. Binary search over the monotonic total. */
export function levelForXp(xp: number, curve: Curve = MEE6_CURVE, maxLevel = MAX_LEVEL_CAP): number {
	if (xp <= 0) return 0;
	let low = 0;
	let high = maxLevel;
	while (low < high) {
		const mid = Math.ceil((low + high) / 2);
		if (totalXpForLevel(mid, curve) <= xp) low = mid;
		else high = mid - 1;
	}
	return low;
}

/** Clamps a total to what the Int columns hold safely. */
export function clampXp(xp: number): number {
	return Math.max(0, Math.min(MAX_TOTAL_XP, Math.floor(xp)));
}

/** Where a total sits on the curve: the level, where it started, and the total needed for the next one (null at the max). */
export function levelProgress(xp: number, curve: Curve, maxLevel: number): { level: number; levelStartXp: number; nextLevelXp: number | null } {
	const level = levelForXp(xp, curve, maxLevel);
	const next = level >= maxLevel ? null : totalXpForLevel(level + 1, curve);
	return { level, levelStartXp: totalXpForLevel(level, curve), nextLevelXp: next };
}
