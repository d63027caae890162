import { matchText } from './text';

/**
 * Wildcard triggers: the whole message must fit the pattern, where `*` stands for any text (also none) and `?` for
 * exactly one character; the rest is compared in the normalised form (text.ts). `good morning*` is "starts with
 * good morning", `*pizza*` "mentions pizza anywhere", `how do i * role*` a question in any words. `{args}` is what the
 * first `*` stood for.
 *
 * Matching simulates the pattern as a set of positions (an NFA), so it costs at most pattern × message steps and can
 * never backtrack exponentially, whatever the admin typed.
 */
export type GlobUnit = { kind: 'char'; code: number } | { kind: 'star' } | { kind: 'one' };

export interface Glob {
	readonly units: readonly GlobUnit[];
	/** The longest run of literal text: a message without it cannot match (the matcher's cheap pre-check). */
	readonly longestLiteral: string;
	/** Characters the message needs at least (everything but the stars). */
	readonly minLength: number;
	/** The normalised form, `*` and `?` kept: what makes two wildcard triggers the same. */
	readonly normalized: string;
}

/** Compiles a wildcard trigger as typed. Globs are taken from the text as typed, so normalisation never invents one. */
export function compileGlob(pattern: string): Glob {
	const pieces = pattern
		.trim()
		.replace(/\s+/g, ' ')
		.split(/([*?])/);
	const units: GlobUnit[] = [];
	let normalized = '';
	let literal = '';
	let longestLiteral = '';
	const endLiteral = () => {
		if (literal.trim().length > longestLiteral.trim().length) longestLiteral = literal;
		literal = '';
	};
	for (const piece of pieces) {
		if (piece === '*' || piece === '?') {
			endLiteral();
			// `**` means the same as `*`.
			if (piece === '*' && units.at(-1)?.kind === 'star') continue;
			units.push(piece === '*' ? { kind: 'star' } : { kind: 'one' });
			normalized += piece;
			continue;
		}
		// Keep the spaces next to a glob ("hi *" is not "hi*"); matchText would trim them.
		const lead = /^\s/.test(piece) ? ' ' : '';
		const trail = /\s$/.test(piece) ? ' ' : '';
		const body = matchText(piece);
		const text = body ? `${lead}${body}${trail}` : lead || trail;
		for (let i = 0; i < text.length; i++) units.push({ kind: 'char', code: text.charCodeAt(i) });
		normalized += text;
		literal += text;
	}
	endLiteral();
	// The message is trimmed: spaces at the very ends of the pattern could never match.
	while (units[0]?.kind === 'char' && units[0].code === 32) units.shift();
	while (units.at(-1)?.kind === 'char' && (units.at(-1) as { code: number }).code === 32) units.pop();
	return {
		units,
		longestLiteral: longestLiteral.trim(),
		minLength: units.filter((unit) => unit.kind !== 'star').length,
		normalized: normalized.trim()
	};
}

/**
 * Whether the whole (normalised) `text` fits the glob; when it does, also the span the first `*` stood for, as long as
 * it can be (for `{args}`: in `!8ball *` it is the question, in `how do i * role*` the words in the middle). Null when
 * the text does not fit.
 */
export function matchGlob(glob: Glob, text: string): { starStart: number; starEnd: number } | null {
	const { units } = glob;
	const length = text.length;
	if (length < glob.minLength) return null;
	if (run(units, length, (index) => text.charCodeAt(index), true) !== length) return null;
	const first = units.findIndex((unit) => unit.kind === 'star');
	if (first < 0) return { starStart: length, starEnd: length };
	// The units before the first star take one character each. The star then reaches as far as the units after it
	// allow: the shortest tail they match, found by running them backwards from the end of the text.
	const rest = units.slice(first + 1).reverse();
	const tail = run(rest, length - first, (index) => text.charCodeAt(length - 1 - index), false);
	return { starStart: first, starEnd: length - tail };
}

/**
 * Runs the units as a set of positions over `length` characters. `whole`: `length` when the units match all of them,
 * else -1. Otherwise: the fewest characters after which the units are done (-1: never).
 */
function run(units: readonly GlobUnit[], length: number, charAt: (index: number) => number, whole: boolean): number {
	const size = units.length;
	let current = new Uint8Array(size + 1);
	let next = new Uint8Array(size + 1);
	current[0] = 1;
	closeOverStars(units, current);
	if (!whole && current[size]) return 0;
	for (let position = 0; position < length; position++) {
		const code = charAt(position);
		next.fill(0);
		let alive = false;
		for (let state = 0; state < size; state++) {
			if (!current[state]) continue;
			const unit = units[state]!;
			if (unit.kind === 'star') next[state] = 1;
			else if (unit.kind === 'one' || unit.code === code) next[state + 1] = 1;
			else continue;
			alive = true;
		}
		if (!alive) return -1;
		closeOverStars(units, next);
		[current, next] = [next, current];
		if (!whole && current[size]) return position + 1;
	}
	return current[size] ? length : -1;
}
/** A star may stand for nothing: whoever reaches a star also reaches the unit after it. */
function closeOverStars(units: readonly GlobUnit[], states: Uint8Array): void {
	for (let state = 0; state < units.length; state++) if (states[state] && units[state]!.kind === 'star') states[state + 1] = 1;
}
