/**
 * Pure layout helpers for the cards: progress maths, number formatting, text fitting and wrapping.
 * Text functions take a `measure` callback (canvas `measureText(...).width` in production, a fake in tests), so they
 * are unit-tested without a canvas.
 */
import { lazy } from '#core/lazy';

export type Measure = (text: string) => number;

export interface Progress {
	/** XP earned inside the current level. */
	current: number;
	/** XP the current level spans (0 at the max level). */
	needed: number;
	/** 0..1, 1 at the max level. */
	ratio: number;
	maxed: boolean;
}

/** Where a member stands inside their level; robust to inconsistent inputs (never NaN, never outside 0..1). */
export function computeProgress(xp: number, levelStartXp: number, nextLevelXp: number | null): Progress {
	const safeXp = Number.isFinite(xp) ? Math.max(0, xp) : 0;
	const start = Number.isFinite(levelStartXp) ? Math.max(0, levelStartXp) : 0;
	if (nextLevelXp === null || !Number.isFinite(nextLevelXp)) {
		return { current: Math.max(0, safeXp - start), needed: 0, ratio: 1, maxed: true };
	}
	const needed = Math.max(0, nextLevelXp - start);
	const current = Math.min(needed, Math.max(0, safeXp - start));
	// A level spanning no XP (a degenerate curve, or an empty fallback snapshot) is full only once XP passed its start.
	return { current, needed, ratio: needed === 0 ? (safeXp > start ? 1 : 0) : current / needed, maxed: false };
}

/** 950 → "950", 12_345 → "12.3K", 1_500_000 → "1.5M". Short enough for a card corner. */
export function formatCompact(value: number): string {
	const n = Math.max(0, Math.floor(Number.isFinite(value) ? value : 0));
	if (n < 1_000) return String(n);
	const units: readonly [number, string][] = [
		[1e9, 'B'],
		[1e6, 'M'],
		[1e3, 'K']
	];
	for (const [size, suffix] of units) {
		if (n >= size) {
			const scaled = n / size;
			const text = scaled >= 100 ? Math.floor(scaled).toString() : (Math.floor(scaled * 10) / 10).toFixed(1).replace(/\.0$/, '');
			return `${text}${suffix}`;
		}
	}
	return String(n);
}

/** Thousands separators, locale-independent: 12345 → "12,345". */
export function formatNumber(value: number): string {
	return Math.max(0, Math.floor(Number.isFinite(value) ? value : 0))
		.toString()
		.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Built on the first image, not at start-up: a segmenter loads ICU's break rules (about 1 MB of resident memory). */
const segmenter = lazy(() => new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/** Grapheme clusters, so truncation never splits an emoji (👩‍💻, flags, skin tones) or a combining accent. */
export function graphemes(text: string): string[] {
	return Array.from(segmenter().segment(text), (part) => part.segment);
}

const ELLIPSIS = '…';

/** The longest prefix of `text` (whole graphemes) that fits `maxWidth` with an ellipsis; `text` itself when it fits. */
export function truncateToWidth(text: string, maxWidth: number, measure: Measure): string {
	if (measure(text) <= maxWidth) return text;
	return withEllipsis(text, maxWidth, measure);
}

/** `text` shortened as needed and always ending with an ellipsis (there was more text after it). */
export function withEllipsis(text: string, maxWidth: number, measure: Measure): string {
	const parts = graphemes(text.trimEnd());
	let low = 0;
	let high = parts.length;
	while (low < high) {
		const mid = Math.ceil((low + high) / 2);
		if (measure(parts.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= maxWidth) low = mid;
		else high = mid - 1;
	}
	return parts.slice(0, low).join('').trimEnd() + ELLIPSIS;
}

/**
 * The largest font size from `max` down to `min` at which `text` fits `maxWidth`; at `min` the text is truncated.
 * `measureAt(size)` returns a measure function for that size.
 */
export function fitText(
	text: string,
	maxWidth: number,
	sizes: { max: number; min: number },
	measureAt: (size: number) => Measure
): { size: number; text: string } {
	for (let size = sizes.max; size > sizes.min; size -= 2) {
		if (measureAt(size)(text) <= maxWidth) return { size, text };
	}
	return { size: sizes.min, text: truncateToWidth(text, maxWidth, measureAt(sizes.min)) };
}

/**
 * Word-wraps `text` into at most `maxLines` lines of `maxWidth`; the last line gets an ellipsis when text is left over.
 * Breaks between words; a single word wider than a line (or CJK without spaces) breaks between graphemes.
 */
export function wrapText(text: string, maxWidth: number, maxLines: number, measure: Measure): string[] {
	const lines: string[] = [];
	const paragraphs = text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
	let overflow = false;
	outer: for (const paragraph of paragraphs) {
		let line = '';
		for (const token of tokens(paragraph)) {
			const candidate = line + token;
			if (measure(candidate.trimEnd()) <= maxWidth) {
				line = candidate;
				continue;
			}
			if (line.trim()) {
				if (lines.length === maxLines - 1) {
					lines.push(line.trimEnd());
					overflow = true;
					break outer;
				}
				lines.push(line.trimEnd());
				line = '';
			}
			// The token alone is too wide: cut it between graphemes.
			let rest = token.trimStart();
			while (measure(rest.trimEnd()) > maxWidth) {
				const cut = longestPrefix(rest, maxWidth, measure);
				if (lines.length === maxLines - 1) {
					lines.push(cut);
					overflow = true;
					break outer;
				}
				lines.push(cut);
				rest = rest.slice(cut.length);
			}
			line = rest;
		}
		if (line.trim()) {
			if (lines.length === maxLines) {
				overflow = true;
				break;
			}
			lines.push(line.trimEnd());
		}
		if (lines.length === maxLines && paragraph !== paragraphs.at(-1)) {
			overflow = true;
			break;
		}
	}
	if (overflow && lines.length > 0) lines[lines.length - 1] = withEllipsis(lines.at(-1)!, maxWidth, measure);
	return lines;
}

/** The longest prefix of whole graphemes that fits (at least one grapheme, so wrapping always progresses). */
function longestPrefix(text: string, maxWidth: number, measure: Measure): string {
	const parts = graphemes(text);
	let low = 1;
	let high = parts.length;
	while (low < high) {
		const mid = Math.ceil((low + high) / 2);
		if (measure(parts.slice(0, mid).join('')) <= maxWidth) low = mid;
		else high = mid - 1;
	}
	return parts.slice(0, low).join('');
}

/** Words with their trailing space; runs of CJK characters become one token per character (no spaces to break at). */
function tokens(paragraph: string): string[] {
	const out: string[] = [];
	for (const match of paragraph.matchAll(
		/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+\s?|\s/gu
	)) {
		out.push(match[0]);
	}
	return out;
}

/** Up to two initials for the avatar fallback: "Alice Liddell" → "AL", "tika" → "T", "你好" → "你", "🎉 party" → "🎉P". */
export function initials(name: string): string {
	// Words without a letter or digit (emoji, punctuation) make poor initials; use them only when nothing else is left.
	const all = name.trim().split(/\s+/).filter(Boolean);
	const lettered = all.filter((word) => /[\p{L}\p{N}]/u.test(word));
	const words = lettered.length > 0 ? lettered : all;
	if (words.length === 0) return '?';
	const first = (word: string) => (graphemes(word)[0] ?? '').toUpperCase();
	return words.length === 1 ? first(words[0]!) : first(words[0]!) + first(words.at(-1)!);
}

/** `0xRRGGBB` → `#rrggbb`. */
export function hex(color: number): string {
	return `#${(color & 0xffffff).toString(16).padStart(6, '0')}`;
}

/** A colour as `rgba(r, g, b, alpha)`. */
export function rgba(color: number, alpha: number): string {
	return `rgba(${(color >> 16) & 0xff}, ${(color >> 8) & 0xff}, ${color & 0xff}, ${alpha})`;
}

/** Relative luminance (0 black .. 1 white), to choose dark or light text on an accent. */
export function luminance(color: number): number {
	const channel = (shift: number) => {
		const c = ((color >> shift) & 0xff) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}
