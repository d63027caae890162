/**
 * The canonical form of a text for matching words (the word filter's rules, custom role names): what evasion attempts
 * look like once their disguise is removed.
 *
 * One pass over the code points: Discord mentions/emoji/channel tokens become a space (their digits are ids, not
 * words), invisible characters (zero-width spaces and joiners, BOM, word joiner, soft hyphen, variation selectors,
 * bidi marks) vanish, every other character is lower-cased, stripped of accents (NFKD without combining marks, which
 * also turns full-width and mathematical letters into plain ones) and folded through a look-alike table (Cyrillic and
 * Greek homoglyphs, leetspeak). Separators and repeated letters are left in place: the word filter's compiled rules
 * tolerate them, which keeps "class" from collapsing into "clas" and "as" from matching "ass".
 *
 * `1` (and `|`) stays `1` because it stands for either `i` or `l`; rules treat `i`, `l` and `1` as interchangeable.
 *
 * `starts[i]`/`ends[i]` give the span of the original text that produced normalised character `i`, so `/wordfilter
 * test` can show the original words that matched.
 */
export interface NormalizedText {
	readonly text: string;
	readonly starts: readonly number[];
	readonly ends: readonly number[];
}

/** Longest input looked at; Discord messages are at most 4,000 characters, so this only guards odd callers. */
export const MAX_NORMALIZED_INPUT = 8_000;

/** Look-alikes that Unicode normalisation leaves alone. Values are lower-case ASCII. */
const CONFUSABLES: Record<string, string> = {
	// Cyrillic
	а: 'a',
	в: 'b',
	е: 'e',
	ё: 'e',
	і: 'i',
	ї: 'i',
	ј: 'j',
	к: 'k',
	м: 'm',
	н: 'h',
	о: 'o',
	р: 'p',
	с: 'c',
	т: 't',
	у: 'y',
	х: 'x',
	ѕ: 's',
	ԁ: 'd',
	һ: 'h',
	ԛ: 'q',
	ԝ: 'w',
	ү: 'y',
	ӏ: 'l',
	п: 'n',
	ь: 'b',
	// Greek
	α: 'a',
	β: 'b',
	γ: 'y',
	δ: 'd',
	ε: 'e',
	ζ: 'z',
	η: 'n',
	ι: 'i',
	κ: 'k',
	μ: 'u',
	ν: 'v',
	ο: 'o',
	ρ: 'p',
	σ: 'o',
	ς: 's',
	τ: 't',
	υ: 'u',
	χ: 'x',
	ω: 'w',
	ϲ: 'c',
	// Latin look-alikes NFKD does not decompose
	ø: 'o',
	ð: 'd',
	đ: 'd',
	ħ: 'h',
	ł: 'l',
	ŧ: 't',
	ı: 'i',
	ß: 'ss',
	æ: 'ae',
	œ: 'oe',
	þ: 'p',
	ɑ: 'a',
	ɡ: 'g',
	ꞵ: 'b',
	// Leetspeak and symbols
	'0': 'o',
	'3': 'e',
	'4': 'a',
	'5': 's',
	'7': 't',
	'@': 'a',
	$: 's',
	'€': 'e',
	'£': 'l',
	'|': '1',
	'¡': 'i'
};

/** Characters that render as nothing (zero-width space/joiners, BOM, word joiner, soft hyphen, bidi marks, fillers). */
const INVISIBLE_RANGES: readonly [number, number][] = [
	[0x00ad, 0x00ad],
	[0x034f, 0x034f],
	[0x061c, 0x061c],
	[0x115f, 0x1160],
	[0x17b4, 0x17b5],
	[0x180b, 0x180f],
	[0x200b, 0x200f],
	[0x202a, 0x202e],
	[0x2060, 0x2064],
	[0x2066, 0x206f],
	[0x3164, 0x3164],
	[0xfe00, 0xfe0f],
	[0xfeff, 0xfeff],
	[0xffa0, 0xffa0]
];

function isInvisible(code: number): boolean {
	return INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to);
}

/**
 * Characters that reorder the text around them on screen (Unicode's Bidi_Control: U+061C, U+200E/U+200F,
 * U+202A–U+202E, U+2066–U+2069). Normalising drops them like any invisible character, which recovers the order the
 * text was typed in (`A\u202eNIMDA` → "animda") but not the order people see ("AADMIN"): where what is displayed
 * matters, such as a name, refuse them instead.
 */
const BIDI_CONTROL = /\p{Bidi_Control}/u;

export function hasBidiControl(text: string): boolean {
	return BIDI_CONTROL.test(text);
}

const COMBINING = /\p{M}/gu;
/** Mentions, channels, roles, custom emoji and timestamps: ids are digits, and digits fold into letters. */
const DISCORD_TOKEN = /<(?:@[!&]?\d+|#\d+|a?:\w{1,32}:\d+|t:-?\d+(?::\w)?|\/[\w -]{1,100}:\d+)>/g;

/** Fold results per code point: messages repeat the same few hundred characters. */
const folded = new Map<number, string>();
const ASCII: string[] = [];
for (let code = 0; code < 128; code++) ASCII.push(foldSlow(String.fromCharCode(code)));

function foldSlow(char: string): string {
	if (isInvisible(char.codePointAt(0)!)) return '';
	const direct = CONFUSABLES[char] ?? CONFUSABLES[char.toLowerCase()];
	if (direct !== undefined) return direct;
	const base = char.normalize('NFKD').replace(COMBINING, '').toLowerCase();
	let out = '';
	for (const part of base) out += CONFUSABLES[part] ?? part;
	return out;
}

/** The canonical form of one code point ('' when it is invisible). */
export function foldChar(code: number): string {
	if (code < 128) return ASCII[code]!;
	let value = folded.get(code);
	if (value === undefined) {
		value = foldSlow(String.fromCodePoint(code));
		if (folded.size < 20_000) folded.set(code, value);
	}
	return value;
}

const ASCII_ONLY = /^[\x20-\x7e]*$/;
const ASCII_FOLDS = /[A-Z03457@$|]/g;

/**
 * Just the normalised text, for the hot path: the same result as `normalize(input).text`, but printable-ASCII
 * messages (most chat) take two native passes and allocate no index map. The map is only built (by `normalize`)
 * once something matched.
 */
export function normalizeText(input: string): string {
	// The word filter and auto-replies both normalise each message: the second asks for the text just made.
	if (input === lastInput) return lastText;
	const source = input.length > MAX_NORMALIZED_INPUT ? input.slice(0, MAX_NORMALIZED_INPUT) : input;
	const text =
		!source.includes('<') && ASCII_ONLY.test(source) ? source.replace(ASCII_FOLDS, (char) => ASCII[char.charCodeAt(0)]!) : normalize(source).text;
	lastInput = input;
	lastText = text;
	return text;
}
let lastInput: string | null = null;
let lastText = '';

export function normalize(input: string): NormalizedText {
	const source = input.length > MAX_NORMALIZED_INPUT ? input.slice(0, MAX_NORMALIZED_INPUT) : input;
	let text = '';
	const starts: number[] = [];
	const ends: number[] = [];

	// Spans of Discord tokens, visited in order while walking the text.
	const tokens: [number, number][] = [];
	if (source.includes('<')) {
		DISCORD_TOKEN.lastIndex = 0;
		for (let match = DISCORD_TOKEN.exec(source); match; match = DISCORD_TOKEN.exec(source))
			tokens.push([match.index, match.index + match[0].length]);
	}
	let token = 0;

	for (let index = 0; index < source.length;) {
		if (token < tokens.length && tokens[token]![0] === index) {
			const end = tokens[token]![1];
			text += ' ';
			starts.push(index);
			ends.push(end);
			index = end;
			token++;
			continue;
		}
		const code = source.codePointAt(index)!;
		const width = code > 0xffff ? 2 : 1;
		const out = foldChar(code);
		for (let i = 0; i < out.length; i++) {
			starts.push(index);
			ends.push(index + width);
		}
		text += out;
		index += width;
	}
	return { text, starts, ends };
}

/** The original text behind normalised characters [start, end). */
export function originalSpan(normalized: NormalizedText, start: number, end: number): [number, number] {
	if (end <= start || start >= normalized.starts.length) return [0, 0];
	return [normalized.starts[start]!, normalized.ends[Math.min(end, normalized.ends.length) - 1]!];
}
