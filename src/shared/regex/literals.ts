/**
 * A prefilter for user regexes, after the idea of RE2's and Hyperscan's: the literal text a regex cannot match
 * without. `discord\.gg/\w+` cannot match a message that lacks "discord.gg/", so the (costly, sandboxed) regex run
 * is skipped for it. Looking for a substring is linear and safe in the main thread; most messages contain none of
 * the literals, so most messages never reach the sandbox.
 *
 * Conservative by construction: only characters that are certainly literal extend a run; anything else (classes,
 * groups, escapes like `\d`, `.`, anchors, optional characters) ends it. A regex whose every top-level alternative
 * has a literal gets one per alternative ("any of these must appear"); otherwise null (always run the regex).
 * Literals are lower-cased: sandboxed regexes are case-insensitive (runner.ts).
 */
export function requiredLiterals(pattern: string): string[] | null {
	const alternatives = splitTopLevel(pattern);
	const literals: string[] = [];
	for (const alternative of alternatives) {
		const literal = longestLiteral(alternative);
		if (!literal) return null;
		literals.push(literal);
	}
	return literals;
}

const PLAIN = /^[a-z0-9 ,\-:;!@#%&=~'"<>/_`]$/i;
const ESCAPED_PUNCTUATION = /^[.\\/^$|?*+()[\]{}\-,:;!@#%&=~'"<>_`]$/;

function longestLiteral(sequence: string): string {
	let best = '';
	let run = '';
	const end = () => {
		if (run.length > best.length) best = run;
		run = '';
	};
	for (let i = 0; i < sequence.length; i++) {
		const char = sequence[i]!;
		let literal: string | null = null;
		if (char === '\\') {
			const next = sequence[i + 1] ?? '';
			i++;
			if (ESCAPED_PUNCTUATION.test(next)) literal = next;
		} else if (char === '[') {
			i = skipClass(sequence, i);
		} else if (char === '(') {
			i = skipGroup(sequence, i);
		} else if (char === '{') {
			// A count such as {2,5}: its digits are not text.
			const close = sequence.indexOf('}', i);
			i = close === -1 ? sequence.length : close;
		} else if (PLAIN.test(char)) literal = char;

		if (literal === null) {
			end();
			continue;
		}
		const quantifier = sequence[i + 1];
		if (quantifier === '*' || quantifier === '?' || quantifier === '{') {
			// Optional (or a count we do not read): not required.
			end();
		} else if (quantifier === '+') {
			run += literal.toLowerCase();
			end();
		} else run += literal.toLowerCase();
	}
	end();
	return best;
}

/** The top-level alternatives of a pattern (`a|b(c|d)` → `a`, `b(c|d)`). */
function splitTopLevel(pattern: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\') i++;
		else if (char === '[') i = skipClass(pattern, i);
		else if (char === '(') depth++;
		else if (char === ')') depth--;
		else if (char === '|' && depth === 0) {
			parts.push(pattern.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(pattern.slice(start));
	return parts;
}

/** Index of the `]` closing the class opened at `open`. */
function skipClass(pattern: string, open: number): number {
	for (let i = open + 1; i < pattern.length; i++) {
		if (pattern[i] === '\\') i++;
		else if (pattern[i] === ']' && i > open + 1) return i;
		else if (pattern[i] === ']' && pattern[open + 1] !== '^') return i;
	}
	return pattern.length;
}

/** Index of the `)` closing the group opened at `open`. */
function skipGroup(pattern: string, open: number): number {
	let depth = 0;
	for (let i = open; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\') i++;
		else if (char === '[') i = skipClass(pattern, i);
		else if (char === '(') depth++;
		else if (char === ')' && --depth === 0) return i;
	}
	return pattern.length;
}
