import { recognise, type SitePost } from './sites';

/** A post link found in a message. */
export interface FoundLink extends SitePost {
	/** The link as written (for logs and tests). */
	readonly original: string;
	/** Written between `||` spoiler bars: the fix keeps it hidden. */
	readonly spoiler: boolean;
}

export interface ExtractResult {
	/** Post links of known sites, first occurrence first, each post once, at most `limit`. */
	readonly links: readonly FoundLink[];
	/**
	 * Every link that would show an embed (known sites or not, after duplicates). When it equals the number of fixed
	 * links, nothing of the original's embeds is worth keeping, so suppressing them hides nothing the fix does not show.
	 */
	readonly embeddable: number;
}

const EMPTY: ExtractResult = Object.freeze({ links: Object.freeze([]), embeddable: 0 });

/** Fenced blocks first (they may contain single backticks), then inline code of one or two backticks. */
const CODE = /```[\s\S]*?```|``[^`][\s\S]*?``|`[^`\n]+`/g;
const SPOILER = /\|\|([\s\S]+?)\|\|/g;
/** A link, possibly in `<...>` (Discord shows no embed for those). Stops at whitespace, angle brackets and spoiler bars. */
const LINK = /(<)?(https?:\/\/[^\s<>|]+)(>)?/gi;
/** Punctuation that ends a sentence rather than a URL. */
const TRAILING = /[.,;:!?'"*_~]+$/;

/**
 * The cheap test the message handler runs on every message before anything else: most messages have no link at all.
 */
export function mightHaveLinks(content: string): boolean {
	return content.includes('http');
}

/**
 * Finds the post links in a message the way Discord reads it: links inside code (inline or blocks) are text, `<link>`
 * has its embed suppressed on purpose, `||link||` is a spoiler. The same post twice is fixed once.
 */
export function extractLinks(content: string, limit: number): ExtractResult {
	if (!mightHaveLinks(content)) return EMPTY;
	// Blank out code so that neither links nor spoiler bars inside it count; lengths stay the same so offsets still line up.
	// (Without a backtick or a spoiler bar, which is most messages with a link, those passes would find nothing.)
	const text = content.includes('`') ? content.replace(CODE, (code) => ' '.repeat(code.length)) : content;
	if (!mightHaveLinks(text)) return EMPTY;

	const spoilers: [number, number][] = [];
	if (text.includes('||')) for (const match of text.matchAll(SPOILER)) spoilers.push([match.index!, match.index! + match[0].length]);
	const inSpoiler = (at: number) => spoilers.some(([start, end]) => at >= start && at < end);

	const byKey = new Map<string, FoundLink>();
	const embeddable = new Set<string>();
	for (const match of text.matchAll(LINK)) {
		const [, open, raw, close] = match;
		if (open && close) continue;
		const written = trimLink(raw!);
		let url: URL;
		try {
			url = new URL(written);
		} catch {
			continue;
		}
		const post = recognise(url);
		embeddable.add(post?.key ?? url.href);
		if (!post) continue;
		const spoiler = inSpoiler(match.index!);
		const seen = byKey.get(post.key);
		// A post linked twice is fixed once; if either copy was a spoiler, the fix is one too.
		if (seen) {
			if (spoiler && !seen.spoiler) byKey.set(post.key, { ...seen, spoiler });
			continue;
		}
		if (byKey.size < limit) byKey.set(post.key, { ...post, original: written, spoiler });
	}
	return { links: [...byKey.values()], embeddable: embeddable.size };
}

/** Drops sentence punctuation and an unbalanced closing parenthesis (`(see https://x.com/a/status/1)`). */
function trimLink(raw: string): string {
	let link = raw.replace(TRAILING, '');
	while (link.endsWith(')') && count(link, '(') < count(link, ')')) link = link.slice(0, -1).replace(TRAILING, '');
	return link;
}

function count(text: string, char: string): number {
	let total = 0;
	for (const c of text) if (c === char) total++;
	return total;
}
