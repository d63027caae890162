/** Durations for /timer and for "late by X": "25m", "1h30m", "2.5 hours", "90 seconds". */

/** Unit spellings and their length: s, sec(s), second(s); m, min(s), minute(s); h, hr(s), hour(s); d, day(s); w, week(s). */
const UNITS: readonly [RegExp, number][] = [
	[/^s(ecs?|econds?)?$/, 1_000],
	[/^m(ins?|inutes?)?$/, 60_000],
	[/^h(rs?|ours?)?$/, 3_600_000],
	[/^d(ays?)?$/, 86_400_000],
	[/^w(eeks?)?$/, 604_800_000]
];

/**
 * A duration in ms, or null when `input` is not one. Parts may be combined ("1h 30m", "1 hour and 30 minutes") and
 * decimal ("2.5 hours" is 2 h 30 min); a leading "in" is allowed. A bare number is not a duration (minutes? hours?).
 */
export function parseDuration(input: string): number | null {
	const text = input
		.trim()
		.toLowerCase()
		.replace(/^in\s+/, '');
	if (!text || text.length > 60) return null;
	const pattern = /(\d+(?:[.,]\d+)?|an?)\s*([a-z]+)(?:\s*,?\s*(?:and\s+)?)/y;
	let total = 0;
	let consumed = 0;
	for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
		const unit = UNITS.find(([pattern]) => pattern.test(match[2]!))?.[1];
		if (!unit) return null;
		const amount = match[1] === 'a' || match[1] === 'an' ? 1 : Number(match[1]!.replace(',', '.'));
		total += amount * unit;
		consumed = pattern.lastIndex;
	}
	if (consumed === 0 || consumed !== text.length) return null;
	return Math.round(total);
}

/** 5_400_000 → "1h 30m"; under a minute shows seconds; at most the two largest units ("2d 3h"). */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	const amounts = [Math.floor(seconds / 86_400), Math.floor(seconds / 3_600) % 24, Math.floor(seconds / 60) % 60, seconds % 60];
	const parts = amounts.map((amount, index) => (amount ? `${amount}${'dhms'[index]}` : '')).filter(Boolean);
	return parts.length ? parts.slice(0, 2).join(' ') : '0s';
}
