/** Units accepted by /detention put's duration: s, m, h, d, w (and their long names). */
const UNITS: Record<string, number> = {
	s: 1_000,
	sec: 1_000,
	secs: 1_000,
	second: 1_000,
	seconds: 1_000,
	m: 60_000,
	min: 60_000,
	mins: 60_000,
	minute: 60_000,
	minutes: 60_000,
	h: 3_600_000,
	hr: 3_600_000,
	hrs: 3_600_000,
	hour: 3_600_000,
	hours: 3_600_000,
	d: 86_400_000,
	day: 86_400_000,
	days: 86_400_000,
	w: 604_800_000,
	week: 604_800_000,
	weeks: 604_800_000
};

export const MIN_DURATION_MS = 1_000;
/** One year: longer detentions are "until released". */
export const MAX_DURATION_MS = 365 * 86_400_000;
const MAX_INPUT_LENGTH = 40;

export type DurationResult = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * Parses "10m", "2h", "1d", "1w", combinations ("1h30m", "1d 12h") and long names ("2 hours").
 * A bare number is minutes. Refuses zero, anything below 1 second or above 1 year, and unknown units.
 */
export function parseDuration(input: string): DurationResult {
	const text = input.trim().toLowerCase();
	if (!text) return { ok: false, reason: 'The duration is empty. Use something like `10m`, `2h`, `1d` or `1w`.' };
	if (text.length > MAX_INPUT_LENGTH)
		return { ok: false, reason: 'That duration is too long to read. Use something like `10m`, `2h`, `1d` or `1w`.' };
	if (/^\d+$/.test(text)) return bounded(Number(text) * 60_000);

	const pattern = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?\s*/gy;
	let total = 0;
	let consumed = 0;
	for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
		const unit = UNITS[match[2]!];
		if (!unit) return { ok: false, reason: `\`${match[2]}\` is not a unit I know. Use s, m, h, d or w (e.g. \`2h\`).` };
		total += Number(match[1]) * unit;
		consumed = pattern.lastIndex;
	}
	if (consumed !== text.length)
		return { ok: false, reason: `I cannot read \`${input.trim()}\` as a duration. Use something like \`10m\`, \`2h\`, \`1d\` or \`1w\`.` };
	return bounded(Math.round(total));
}

function bounded(ms: number): DurationResult {
	if (!Number.isFinite(ms) || ms < MIN_DURATION_MS) return { ok: false, reason: 'The duration must be at least 1 second.' };
	if (ms > MAX_DURATION_MS) return { ok: false, reason: 'The duration can be at most 1 year. Leave it empty to detain until released.' };
	return { ok: true, ms };
}

/** 5_400_000 → "1h 30m"; 0 → "0s". */
export function formatDuration(ms: number): string {
	const parts: string[] = [];
	let rest = Math.max(0, Math.round(ms / 1000));
	for (const [unit, seconds] of [
		['w', 604_800],
		['d', 86_400],
		['h', 3_600],
		['m', 60],
		['s', 1]
	] as const) {
		const count = Math.floor(rest / seconds);
		if (count > 0) parts.push(`${count}${unit}`);
		rest -= count * seconds;
	}
	return parts.length ? parts.join(' ') : '0s';
}
