import { recognise, rewrite } from '../../../src/plugins/message_automation/lib/linkfix/sites';

const MIRROR: Record<string, string> = {
	twitter: 'fxtwitter.com',
	instagram: 'kkinstagram.com',
	tiktok: 'tnktok.com',
	reddit: 'vxreddit.com',
	bluesky: 'fxbsky.app',
	threads: 'vxthreads.net',
	pixiv: 'phixiv.net',
	tumblr: 'tpmblr.com',
	deviantart: 'fixdeviantart.com'
};

/** The link as the first mirror of its site would show it, or null when it is not a post of a known site. */
function fix(link: string, translateTo: string | null = null): string | null {
	const post = recognise(new URL(link));
	return post ? rewrite(post, MIRROR[post.site]!, { translateTo }) : null;
}

describe('link fixing: URL rules per site', () => {
	it.each([
		['https://x.com/jack/status/20', 'https://fxtwitter.com/jack/status/20'],
		['https://twitter.com/jack/status/20', 'https://fxtwitter.com/jack/status/20'],
		['https://mobile.twitter.com/jack/status/20', 'https://fxtwitter.com/jack/status/20'],
		['https://www.x.com/jack/status/20/', 'https://fxtwitter.com/jack/status/20'],
		['https://mobile.x.com/jack/statuses/20', 'https://fxtwitter.com/jack/status/20'],
		['https://x.com/i/status/20', 'https://fxtwitter.com/i/status/20'],
		['https://x.com/i/web/status/20', 'https://fxtwitter.com/i/status/20'],
		['https://x.com/jack/status/20/photo/2', 'https://fxtwitter.com/jack/status/20/photo/2']
	])('GIVEN the X / Twitter link %s THEN the fix is %s', (link, fixed) => {
		expect(fix(link)).toBe(fixed);
	});

	it.each([
		['https://www.instagram.com/p/C1a2b3-_x/', 'https://kkinstagram.com/p/C1a2b3-_x'],
		['https://instagram.com/reel/C1a2b3/', 'https://kkinstagram.com/reel/C1a2b3'],
		['https://www.instagram.com/reels/C1a2b3/', 'https://kkinstagram.com/reel/C1a2b3'],
		['https://www.instagram.com/someone/p/C1a2b3/', 'https://kkinstagram.com/p/C1a2b3'],
		['https://www.instagram.com/p/C1a2b3/?img_index=2&igsh=abc', 'https://kkinstagram.com/p/C1a2b3?img_index=2'],
		['https://www.tiktok.com/@someone/video/7300000000000000000', 'https://tnktok.com/@someone/video/7300000000000000000'],
		['https://vm.tiktok.com/ZMabc123/', 'https://tnktok.com/t/ZMabc123'],
		['https://vt.tiktok.com/ZSabc123/', 'https://tnktok.com/t/ZSabc123'],
		['https://www.tiktok.com/t/ZTabc123/', 'https://tnktok.com/t/ZTabc123'],
		['https://www.reddit.com/r/aww/comments/abc123/a_cute_cat/', 'https://vxreddit.com/r/aww/comments/abc123/a_cute_cat'],
		['https://old.reddit.com/r/aww/comments/abc123/', 'https://vxreddit.com/r/aww/comments/abc123'],
		['https://new.reddit.com/r/aww/comments/abc123/a_cute_cat/def456/', 'https://vxreddit.com/r/aww/comments/abc123/a_cute_cat/def456'],
		['https://www.reddit.com/r/aww/s/AbCdEf123', 'https://vxreddit.com/r/aww/s/AbCdEf123'],
		['https://bsky.app/profile/someone.bsky.social/post/3kabc123', 'https://fxbsky.app/profile/someone.bsky.social/post/3kabc123'],
		['https://www.threads.net/@someone/post/C1a2b3', 'https://vxthreads.net/@someone/post/C1a2b3'],
		['https://www.threads.com/@someone/post/C1a2b3', 'https://vxthreads.net/@someone/post/C1a2b3'],
		['https://www.pixiv.net/en/artworks/12345678', 'https://phixiv.net/en/artworks/12345678'],
		['https://www.pixiv.net/artworks/12345678', 'https://phixiv.net/artworks/12345678'],
		['https://someblog.tumblr.com/post/123456789/a-slug', 'https://tpmblr.com/someblog/123456789'],
		['https://www.tumblr.com/someblog/123456789/a-slug', 'https://tpmblr.com/someblog/123456789'],
		['https://www.deviantart.com/artist/art/A-Painting-987654321', 'https://fixdeviantart.com/artist/art/A-Painting-987654321']
	])('GIVEN the link %s THEN the fix is %s', (link, fixed) => {
		expect(fix(link)).toBe(fixed);
	});

	it.each([
		'https://x.com/jack',
		'https://x.com/home',
		'https://x.com/jack/status/notanumber',
		'https://www.instagram.com/someone/',
		'https://www.tiktok.com/@someone',
		'https://www.reddit.com/r/aww/',
		'https://bsky.app/profile/someone.bsky.social',
		'https://www.pixiv.net/users/123',
		'https://www.tumblr.com/someblog',
		'https://www.youtube.com/watch?v=abc',
		'https://fxtwitter.com/jack/status/20',
		'https://notx.com/jack/status/20',
		'ftp://x.com/jack/status/20'
	])('GIVEN %s (not a post, another site or already fixed) THEN it is not fixed', (link) => {
		expect(fix(link)).toBeNull();
	});

	it('GIVEN share links full of tracking parameters THEN the fixes drop every one of them', () => {
		expect(fix('https://x.com/jack/status/20?s=20&t=AbCdEf&ref_src=twsrc')).toBe('https://fxtwitter.com/jack/status/20');
		expect(fix('https://www.instagram.com/reel/C1a2b3/?igshid=abc&igsh=def&utm_source=ig_web_copy_link')).toBe(
			'https://kkinstagram.com/reel/C1a2b3'
		);
		expect(fix('https://www.tiktok.com/@someone/video/7300000000000000000?is_from_webapp=1&sender_device=pc&_r=1&_t=8abc')).toBe(
			'https://tnktok.com/@someone/video/7300000000000000000'
		);
		expect(fix('https://www.reddit.com/r/aww/comments/abc123/a_cute_cat/?utm_source=share&utm_medium=web2x&share_id=x1&context=3')).toBe(
			'https://vxreddit.com/r/aww/comments/abc123/a_cute_cat?context=3'
		);
		expect(fix('https://bsky.app/profile/someone.bsky.social/post/3kabc123?ref=home&fbclid=IwAR0')).toBe(
			'https://fxbsky.app/profile/someone.bsky.social/post/3kabc123'
		);
		expect(fix('https://www.threads.net/@someone/post/C1a2b3?xmt=AQ&si=abc')).toBe('https://vxthreads.net/@someone/post/C1a2b3');
	});

	it('GIVEN a translation language THEN only X / Twitter fixes get the /lang suffix, in place of a photo selector', () => {
		expect(fix('https://x.com/jack/status/20', 'en')).toBe('https://fxtwitter.com/jack/status/20/en');
		expect(fix('https://x.com/jack/status/20/photo/1', 'pt-br')).toBe('https://fxtwitter.com/jack/status/20/pt-br');
		expect(fix('https://www.instagram.com/p/C1a2b3/', 'en')).toBe('https://kkinstagram.com/p/C1a2b3');
		expect(fix('https://x.com/jack/status/20', 'not a language')).toBe('https://fxtwitter.com/jack/status/20');
	});

	it('GIVEN two spellings of the same post THEN they share one key, and different posts do not', () => {
		const key = (link: string) => recognise(new URL(link))?.key;
		expect(key('https://x.com/jack/status/20')).toBe(key('https://twitter.com/someone_else/status/20?s=19'));
		expect(key('https://www.instagram.com/reels/C1a2b3/')).toBe(key('https://instagram.com/p/C1a2b3'));
		expect(key('https://x.com/jack/status/20')).not.toBe(key('https://x.com/jack/status/21'));
		expect(key('https://x.com/jack/status/20')).not.toBe(key('https://www.pixiv.net/artworks/20'));
	});
});
