import { lazy } from '#core/lazy';
import { napiCanvas } from './canvas';

/**
 * Font families for every image Tika draws (cards, charts). Registered once per process (whichever thread draws first:
 * the main thread or a worker of the pool), lazily, on the first render:
 * the colour emoji font alone is ~7 MB and takes ~100 ms to parse, which a bot that never draws an image should not
 * pay at start-up.
 *
 * The stacks list Latin first, then CJK, then colour emoji: Skia picks, glyph by glyph, the first family that has it,
 * so "Alice 你好 🎉" draws with three fonts in one fillText call.
 */
export const FONT_SANS = 'TikaSans';
export const FONT_CJK = 'TikaCJK';
export const FONT_EMOJI = 'TikaEmoji';
export const FONT_STACK = `${FONT_SANS}, ${FONT_CJK}, ${FONT_EMOJI}, sans-serif`;

/** `font(24, 'bold')` → `bold 24px TikaSans, TikaCJK, TikaEmoji, sans-serif`. Call `ensureFonts()` before drawing. */
export function font(size: number, weight: 'normal' | 'bold' = 'normal'): string {
	return `${weight === 'bold' ? 'bold ' : ''}${size}px ${FONT_STACK}`;
}

// The .woff files, not .woff2: the woff2 emoji files carry only an SVG table, which canvas draws as nothing.
const FILES: readonly (readonly [string, string])[] = [
	...['latin', 'latin-ext', 'cyrillic', 'greek', 'vietnamese'].flatMap((subset) =>
		['400', '700'].map((weight) => [`@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff`, FONT_SANS] as const)
	),
	['@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff', FONT_CJK],
	['@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff', FONT_CJK],
	['@fontsource/noto-color-emoji/files/noto-color-emoji-emoji-400-normal.woff', FONT_EMOJI]
];

const registerFonts = lazy(() => {
	const { GlobalFonts } = napiCanvas();
	// Skia's font collection is the process's, shared by every thread: a worker thread drawing its first image finds the
	// families another thread registered (registering them again would parse the emoji font again, ~200 ms).
	const known = new Set(FILES.map(([, family]) => family).filter((family) => GlobalFonts.has(family)));
	for (const [path, family] of FILES) {
		if (known.has(family)) continue;
		try {
			GlobalFonts.registerFromPath(require.resolve(path), family);
		} catch {
			// The image still renders with whatever fonts the system has.
		}
	}
});

/** Registers the fonts the first time it is called in a thread (core's `lazy`), unless another thread did; later calls cost nothing. A missing file is skipped (system fallback). */
export function ensureFonts(): void {
	registerFonts();
}
