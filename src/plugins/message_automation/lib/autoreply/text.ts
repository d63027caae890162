import { normalize, normalizeText } from '#shared/text/normalize';

/**
 * The one form triggers and messages are compared in: the shared normalisation (case, accents, look-alikes, invisible
 * characters and Discord mentions folded away, #shared/text/normalize, the word filter's too), then every run of
 * whitespace as one space, trimmed. "Good   MORNING" and "good morning" are the same text.
 */
export function matchText(raw: string): string {
	const normalized = normalizeText(raw);
	// Most chat is already in that form (single spaces, nothing around it): then no new string is built.
	return isFolded(normalized) ? normalized : normalized.replace(SPACES, ' ').trim();
}

/** Whether `text` has no whitespace at either end, no run of it, and no whitespace other than U+0020 (what `\s` matches). */
export function isFolded(text: string): boolean {
	let previousSpace = true;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 32) {
			if (previousSpace) return false;
			previousSpace = true;
		} else if (code > 32 && code < 127) previousSpace = false;
		else if (isWhitespace(code)) return false;
		else previousSpace = false;
	}
	return !previousSpace || text.length === 0;
}

/** The units `\s` matches other than U+0020. */
function isWhitespace(code: number): boolean {
	return (
		(code >= 9 && code <= 13) ||
		code === 0xa0 ||
		code === 0x1680 ||
		(code >= 0x2000 && code <= 0x200a) ||
		code === 0x2028 ||
		code === 0x2029 ||
		code === 0x202f ||
		code === 0x205f ||
		code === 0x3000 ||
		code === 0xfeff
	);
}

/** {@link matchText} plus, per character, the span of the original message that produced it. */
export interface MappedText {
	readonly text: string;
	readonly starts: readonly number[];
	readonly ends: readonly number[];
}

const SPACES = /\s+/g;
const SPACE = /\s/;

/** The same text as {@link matchText} (same rules, character by character), with the map back to the original. */
export function mappedMatchText(raw: string): MappedText {
	const normalized = normalize(raw);
	let text = '';
	const starts: number[] = [];
	const ends: number[] = [];
	/** The first whitespace of a run seen after some text: written only when more text follows (trimming the end). */
	let space: number | null = null;
	for (let i = 0; i < normalized.text.length; i++) {
		const char = normalized.text[i]!;
		if (SPACE.test(char)) {
			if (text.length > 0 && space === null) space = i;
			continue;
		}
		if (space !== null) {
			text += ' ';
			starts.push(normalized.starts[space]!);
			ends.push(normalized.ends[space]!);
			space = null;
		}
		text += char;
		starts.push(normalized.starts[i]!);
		ends.push(normalized.ends[i]!);
	}
	return { text, starts, ends };
}

/** The original text after matched characters [.., end) (what `{args}` is), trimmed. */
export function originalAfter(raw: string, mapped: MappedText, end: number): string {
	return raw.slice(end > 0 ? mapped.ends[end - 1]! : 0).trim();
}

/** The original text behind [start, end) and whatever the normalisation dropped around it, trimmed. */
export function originalBetween(raw: string, mapped: MappedText, start: number, end: number): string {
	if (end <= start) return '';
	const from = start > 0 ? mapped.ends[start - 1]! : 0;
	const to = end < mapped.text.length ? mapped.starts[end]! : raw.length;
	return raw.slice(from, to).trim();
}
