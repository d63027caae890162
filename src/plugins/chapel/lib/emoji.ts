/**
 * Chapel emojis. A chapel stores each emoji as text: a unicode emoji as itself (`⭐`), a custom emoji as `name:id` or
 * `a:name:id` (animated), the form Discord's REST routes take. Reactions are matched by a **key**: the custom emoji's
 * id, or the unicode emoji without variation selectors (Discord sends `❤️` and `❤` for the same heart).
 */
import { lazy } from '#core/lazy';

export interface UnicodeEmoji {
	kind: 'unicode';
	name: string;
}

export interface CustomEmoji {
	kind: 'custom';
	id: string;
	name: string;
	animated: boolean;
}

export type ParsedEmoji = UnicodeEmoji | CustomEmoji;

/** At most this many emojis per chapel: enough for ⭐🌟✨, few enough to read at a glance. */
export const MAX_EMOJIS_PER_CHAPEL = 5;

const CUSTOM_MENTION = /<(a?):([\w~-]{2,32}):(\d{17,20})>/g;
const CUSTOM_PLAIN = /^(a:)?([\w~-]{2,32}):(\d{17,20})$/;
const SNOWFLAKE = /^\d{17,20}$/;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const SELECTORS = /[\uFE0E\uFE0F]/g;
/** Built when a chapel's emojis are first parsed, not at start-up (a segmenter loads ICU's break rules). */
const graphemes = lazy(() => new Intl.Segmenter('en', { granularity: 'grapheme' }));

/** The key reactions are matched by: a custom emoji's id, or the unicode emoji without variation selectors. */
export function emojiKey(emoji: { id?: string | null; name?: string | null }): string {
	if (emoji.id) return emoji.id;
	return (emoji.name ?? '').replace(SELECTORS, '');
}

/** The key of a stored emoji (`⭐`, `name:id`, `a:name:id`). */
export function storedKey(stored: string): string {
	const custom = CUSTOM_PLAIN.exec(stored);
	return custom ? custom[3]! : stored.replace(SELECTORS, '');
}

/** How a stored emoji reads in a message: `⭐` or `<:name:id>`. */
export function displayEmoji(stored: string): string {
	const custom = CUSTOM_PLAIN.exec(stored);
	if (!custom) return stored;
	return `<${custom[1] ? 'a' : ''}:${custom[2]}:${custom[3]}>`;
}

/** The stored form of a parsed emoji. */
export function storeEmoji(emoji: ParsedEmoji): string {
	return emoji.kind === 'unicode' ? emoji.name : `${emoji.animated ? 'a:' : ''}${emoji.name}:${emoji.id}`;
}

export type EmojiListResult = { ok: true; emojis: ParsedEmoji[] } | { ok: false; reason: 'empty' | 'too_many' | 'not_emoji'; token?: string };

/**
 * Parses what an admin typed for a chapel's emojis: one or more unicode emojis and custom emojis (`<:name:id>`,
 * `name:id`, or a bare id), separated by spaces or commas or not at all. Duplicates are dropped. Anything that is not an
 * emoji (`:star:` shortcodes, words) is refused and named, so the admin sees which part was wrong.
 */
export function parseEmojiList(input: string): EmojiListResult {
	const found: ParsedEmoji[] = [];
	let rest = input;
	rest = rest.replace(CUSTOM_MENTION, (_match, animated: string, name: string, id: string) => {
		found.push({ kind: 'custom', id, name, animated: animated === 'a' });
		return ' ';
	});
	for (const token of rest.split(/[\s,]+/).filter(Boolean)) {
		const plain = CUSTOM_PLAIN.exec(token);
		if (plain) {
			found.push({ kind: 'custom', id: plain[3]!, name: plain[2]!, animated: Boolean(plain[1]) });
			continue;
		}
		if (SNOWFLAKE.test(token)) {
			// A bare id: the name is filled in from the emoji Tika can see (see resolveCustom in the setup command).
			found.push({ kind: 'custom', id: token, name: '_', animated: false });
			continue;
		}
		for (const { segment } of graphemes().segment(token)) {
			if (!PICTOGRAPHIC.test(segment)) return { ok: false, reason: 'not_emoji', token };
			found.push({ kind: 'unicode', name: segment });
		}
	}
	const unique = [...new Map(found.map((emoji) => [emoji.kind === 'custom' ? emoji.id : emojiKey({ name: emoji.name }), emoji])).values()];
	if (unique.length === 0) return { ok: false, reason: 'empty' };
	if (unique.length > MAX_EMOJIS_PER_CHAPEL) return { ok: false, reason: 'too_many' };
	return { ok: true, emojis: unique };
}
