/**
 * Which links each site's mirrors can fix, and how to spell them on a mirror. The URL rules are code (they follow each
 * site's URL scheme); the mirror hosts are data (config.yml `link_fix.mirrors`), because mirrors come and go.
 */
export const LINK_FIX_SITES = ['twitter', 'instagram', 'tiktok', 'reddit', 'bluesky', 'threads', 'pixiv', 'tumblr', 'deviantart'] as const;
export type LinkFixSite = (typeof LINK_FIX_SITES)[number];

export const SITE_LABELS: Readonly<Record<LinkFixSite, string>> = {
	twitter: 'X / Twitter',
	instagram: 'Instagram',
	tiktok: 'TikTok',
	reddit: 'Reddit',
	bluesky: 'Bluesky',
	threads: 'Threads',
	pixiv: 'pixiv',
	tumblr: 'Tumblr',
	deviantart: 'DeviantArt'
};

export function isLinkFixSite(value: unknown): value is LinkFixSite {
	return typeof value === 'string' && (LINK_FIX_SITES as readonly string[]).includes(value);
}

/** A recognised post: what to put after the mirror's host, and what identifies the post (for duplicates and embeds). */
export interface SitePost {
	readonly site: LinkFixSite;
	/** Path (and kept query) on the mirror, starting with `/`. */
	readonly path: string;
	/** Two links with the same key are the same post. */
	readonly key: string;
}

interface SiteRule {
	readonly site: LinkFixSite;
	/** Whether a (lower-case) host name belongs to the site. */
	readonly host: (host: string) => boolean;
	/** The mirror path for a path on the site, or null when the page is not a post the mirrors can show. */
	readonly match: (segments: readonly string[], host: string) => { path: string; key: string } | null;
	/**
	 * Query parameters a mirror needs; every other one is dropped. Share links are full of tracking (`si`, `igsh`,
	 * `utm_*`, `s`/`t` on X, `fbclid`, `ref`...), and nothing but these changes what the mirror shows.
	 */
	readonly keep?: readonly string[];
}

const WWW_MOBILE = /^(?:www\.|mobile\.|m\.)/;
const hostIn =
	(...names: string[]) =>
	(host: string) =>
		names.includes(host.replace(WWW_MOBILE, ''));
const DIGITS = /^\d{1,25}$/;
const CODE = /^[\w-]{1,64}$/;
const HANDLE = /^[\w.:-]{1,253}$/;
const USER = /^@?[\w.-]{1,64}$/;

const RULES: readonly SiteRule[] = [
	{
		site: 'twitter',
		host: hostIn('twitter.com', 'x.com'),
		match: (s) => {
			// /user/status/123, /user/statuses/123, /i/status/123, /i/web/status/123; optionally /photo/2 or /video/1 after it.
			const at = s.findIndex((segment) => segment === 'status' || segment === 'statuses');
			if (at < 1 || at > 2 || !DIGITS.test(s[at + 1] ?? '')) return null;
			const user = at === 2 ? (s[0] === 'i' && s[1] === 'web' ? 'i' : null) : s[0]!;
			if (!user || !USER.test(user)) return null;
			const id = s[at + 1]!;
			const media = (s[at + 2] === 'photo' || s[at + 2] === 'video') && /^[1-4]$/.test(s[at + 3] ?? '') ? `/${s[at + 2]}/${s[at + 3]}` : '';
			return { path: `/${user}/status/${id}${media}`, key: id };
		}
	},
	{
		site: 'instagram',
		host: hostIn('instagram.com'),
		keep: ['img_index'],
		match: (s) => {
			// /p/CODE, /reel/CODE, /reels/CODE, /tv/CODE, and the same after a user name (/user/p/CODE).
			const start = ['p', 'reel', 'reels', 'tv'].includes(s[0] ?? '') ? 0 : ['p', 'reel', 'reels', 'tv'].includes(s[1] ?? '') ? 1 : -1;
			if (start < 0 || !CODE.test(s[start + 1] ?? '')) return null;
			const kind = s[start] === 'reels' ? 'reel' : s[start]!;
			return { path: `/${kind}/${s[start + 1]}`, key: s[start + 1]! };
		}
	},
	{
		site: 'tiktok',
		host: (host) => /^(?:(?:www|m|vm|vt)\.)?tiktok\.com$/.test(host),
		match: (s, host) => {
			// vm.tiktok.com/CODE and vt.tiktok.com/CODE are share links; www.tiktok.com/t/CODE is the same thing.
			if (host.startsWith('vm.') || host.startsWith('vt.'))
				return CODE.test(s[0] ?? '') && s.length === 1 ? { path: `/t/${s[0]}`, key: `t:${s[0]}` } : null;
			if (s[0] === 't' && CODE.test(s[1] ?? '')) return { path: `/t/${s[1]}`, key: `t:${s[1]}` };
			if (USER.test(s[0] ?? '') && s[0]!.startsWith('@') && (s[1] === 'video' || s[1] === 'photo') && DIGITS.test(s[2] ?? ''))
				return { path: `/${s[0]}/${s[1]}/${s[2]}`, key: s[2]! };
			return null;
		}
	},
	{
		site: 'reddit',
		host: (host) => /^(?:(?:www|old|new|np|m|sh)\.)?reddit\.com$/.test(host),
		keep: ['context'],
		match: (s) => {
			if ((s[0] !== 'r' && s[0] !== 'u' && s[0] !== 'user') || !USER.test(s[1] ?? '')) return null;
			const base = `/${s[0]}/${s[1]}`;
			// /r/sub/s/CODE: the app's share links.
			if (s[2] === 's' && CODE.test(s[3] ?? '')) return { path: `${base}/s/${s[3]}`, key: `s:${s[3]}` };
			// /r/sub/comments/ID[/slug[/COMMENT]]
			if (s[2] !== 'comments' || !/^[a-z0-9]{1,12}$/i.test(s[3] ?? '')) return null;
			const slug = CODE.test(s[4] ?? '') ? `/${s[4]}` : '';
			const comment = slug && /^[a-z0-9]{1,12}$/i.test(s[5] ?? '') ? s[5]! : '';
			const path = `${base}/comments/${s[3]}${slug}${comment ? `/${comment}` : ''}`;
			return { path, key: `${s[3]!.toLowerCase()}${comment ? `:${comment.toLowerCase()}` : ''}` };
		}
	},
	{
		site: 'bluesky',
		host: hostIn('bsky.app'),
		match: (s) =>
			s[0] === 'profile' && HANDLE.test(s[1] ?? '') && s[2] === 'post' && CODE.test(s[3] ?? '')
				? { path: `/profile/${s[1]}/post/${s[3]}`, key: `${s[1]!.toLowerCase()}/${s[3]}` }
				: null
	},
	{
		site: 'threads',
		host: hostIn('threads.net', 'threads.com'),
		match: (s) => {
			if (s[0]?.startsWith('@') && USER.test(s[0]) && (s[1] === 'post' || s[1] === 't') && CODE.test(s[2] ?? ''))
				return { path: `/${s[0]}/post/${s[2]}`, key: s[2]! };
			if (s[0] === 't' && CODE.test(s[1] ?? '')) return { path: `/t/${s[1]}`, key: s[1]! };
			return null;
		}
	},
	{
		site: 'pixiv',
		host: hostIn('pixiv.net'),
		match: (s) => {
			// /artworks/ID or /en/artworks/ID (a language prefix).
			const at = s[0] === 'artworks' ? 0 : /^[a-z]{2}$/.test(s[0] ?? '') && s[1] === 'artworks' ? 1 : -1;
			if (at < 0 || !DIGITS.test(s[at + 1] ?? '')) return null;
			return { path: `/${s.slice(0, at + 2).join('/')}`, key: s[at + 1]! };
		}
	},
	{
		site: 'tumblr',
		host: (host) => /^(?:[\w-]+\.)?tumblr\.com$/.test(host),
		match: (s, host) => {
			const blog = host.replace(/\.tumblr\.com$/, '');
			// blog.tumblr.com/post/ID[/slug] and www.tumblr.com/blog/ID[/slug].
			if (blog !== 'tumblr.com' && blog !== 'www' && s[0] === 'post' && DIGITS.test(s[1] ?? ''))
				return { path: `/${blog}/${s[1]}`, key: `${blog}/${s[1]}` };
			if ((blog === 'www' || blog === 'tumblr.com') && USER.test(s[0] ?? '') && DIGITS.test(s[1] ?? ''))
				return { path: `/${s[0]}/${s[1]}`, key: `${s[0]!.toLowerCase()}/${s[1]}` };
			return null;
		}
	},
	{
		site: 'deviantart',
		host: hostIn('deviantart.com'),
		match: (s) => {
			// /user/art/Some-Title-123456789
			if (!USER.test(s[0] ?? '') || s[1] !== 'art' || !CODE.test(s[2] ?? '')) return null;
			const id = /(\d+)$/.exec(s[2]!)?.[1] ?? s[2]!.toLowerCase();
			return { path: `/${s[0]}/art/${s[2]}`, key: id };
		}
	}
];

/** Recognises a post link of one of the sites, or null. Already fixed links (mirror hosts) are not recognised. */
export function recognise(url: URL): SitePost | null {
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	const host = url.hostname.toLowerCase();
	const rule = RULES.find((candidate) => candidate.host(host));
	if (!rule) return null;
	let segments: string[];
	try {
		segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
	} catch {
		return null;
	}
	if (segments.some((segment) => /[\s/?#]/.test(segment))) return null;
	const matched = rule.match(segments, host);
	if (!matched) return null;
	const kept = new URLSearchParams();
	for (const name of rule.keep ?? []) {
		const value = url.searchParams.get(name);
		if (value !== null && /^[\w.-]{1,32}$/.test(value)) kept.set(name, value);
	}
	const query = kept.size > 0 ? `?${kept.toString()}` : '';
	return { site: rule.site, path: `${matched.path}${query}`, key: `${rule.site}:${matched.key}` };
}

/** FxTwitter's translation suffix: `/en`, `/pt-br`... A two-letter language, optionally with a region. */
export const TRANSLATION_PATTERN = /^[a-z]{2}(?:-[a-z]{2})?$/;

export interface RewriteOptions {
	/** Appended as `/<lang>` to X / Twitter links (FxTwitter translates the post); null for none. */
	translateTo?: string | null;
}

/** The post's address on `mirror`. */
export function rewrite(post: SitePost, mirror: string, options: RewriteOptions = {}): string {
	let path = post.path;
	if (post.site === 'twitter' && options.translateTo && TRANSLATION_PATTERN.test(options.translateTo)) {
		// FxTwitter reads /status/ID/<lang>; a /photo/N selector cannot be combined with it.
		path = `${path.replace(/\/(?:photo|video)\/\d$/, '')}/${options.translateTo}`;
	}
	return `https://${mirror}${path}`;
}
