import { levenshtein } from '#shared/utils/text';

/** Feature names as users type them: any case, spaces or dashes for underscores ("Fx-Toggle" → "fx_toggle"). */
export function normaliseFeatureName(input: string): string {
	return input
		.trim()
		.toLowerCase()
		.replace(/^\/+/, '')
		.replace(/[\s-]+/g, '_');
}

/**
 * The names closest to what was typed: those containing it (or contained in it) first, then those within a couple of
 * typos, best first. A wrong name should point at the right one, not at the whole list.
 */
export function closestNames(input: string, names: readonly string[], limit = 5): string[] {
	const typed = normaliseFeatureName(input);
	if (!typed) return [];
	const maxDistance = Math.max(1, Math.min(3, Math.floor(typed.length / 3)));
	const scored: { name: string; score: number }[] = [];
	for (const name of names) {
		if (name.includes(typed) || typed.includes(name)) scored.push({ name, score: 0 });
		else {
			const distance = levenshtein(typed, name);
			if (distance <= maxDistance) scored.push({ name, score: distance });
		}
	}
	return scored
		.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
		.slice(0, limit)
		.map((entry) => entry.name);
}
