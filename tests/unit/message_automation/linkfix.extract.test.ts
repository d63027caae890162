import { extractLinks, mightHaveLinks } from '../../../src/plugins/message_automation/lib/linkfix/extract';

const found = (content: string, limit = 5) => extractLinks(content, limit).links.map((link) => [link.original, link.spoiler]);

describe('link fixing: finding links in a message', () => {
	it('GIVEN a message without "http" THEN the cheap precheck already says no', () => {
		expect(mightHaveLinks('gm everyone, x.com is down again')).toBe(false);
		expect(extractLinks('gm everyone', 5)).toEqual({ links: [], embeddable: 0 });
	});

	it('GIVEN a post link in a sentence THEN it is found without the punctuation around it', () => {
		expect(found('look at this: https://x.com/jack/status/20. wild')).toEqual([['https://x.com/jack/status/20', false]]);
		expect(found('(see https://x.com/jack/status/20)')).toEqual([['https://x.com/jack/status/20', false]]);
		expect(found('[the post](https://x.com/jack/status/20)')).toEqual([['https://x.com/jack/status/20', false]]);
	});

	it('GIVEN <link> (embed suppressed on purpose) THEN it is left alone, even as a masked link', () => {
		expect(found('quiet please <https://x.com/jack/status/20>')).toEqual([]);
		expect(found('[quiet](<https://x.com/jack/status/20>)')).toEqual([]);
		expect(found('<https://x.com/jack/status/20> but https://x.com/jack/status/21')).toEqual([['https://x.com/jack/status/21', false]]);
	});

	it('GIVEN ||link|| THEN the link is found and marked as a spoiler', () => {
		expect(found('spoilers! ||https://x.com/jack/status/20||')).toEqual([['https://x.com/jack/status/20', true]]);
		expect(found('||ending: https://x.com/jack/status/20 wow|| and https://bsky.app/profile/a.bsky.social/post/3k')).toEqual([
			['https://x.com/jack/status/20', true],
			['https://bsky.app/profile/a.bsky.social/post/3k', false]
		]);
	});

	it('GIVEN links inside inline code or a code block THEN they are text, not links', () => {
		expect(found('use `https://x.com/jack/status/20` as an example')).toEqual([]);
		expect(found('```\nhttps://x.com/jack/status/20\n```')).toEqual([]);
		expect(found('``https://x.com/jack/status/20`` then https://x.com/jack/status/21')).toEqual([['https://x.com/jack/status/21', false]]);
		expect(found('```js\n// ||not a spoiler\n``` https://x.com/jack/status/21 ||')).toEqual([['https://x.com/jack/status/21', false]]);
	});

	it('GIVEN the same post twice (two spellings, tracking parameters) THEN it is fixed once, as a spoiler if either copy was one', () => {
		expect(found('https://x.com/jack/status/20 https://twitter.com/jack/status/20?s=20')).toEqual([['https://x.com/jack/status/20', false]]);
		expect(found('https://x.com/jack/status/20 ||https://x.com/jack/status/20||')).toEqual([['https://x.com/jack/status/20', true]]);
	});

	it('GIVEN more links than the limit THEN only the first ones are fixed, and the rest still count as embeddable', () => {
		const content = [1, 2, 3, 4, 5, 6, 7].map((n) => `https://x.com/jack/status/${n}`).join(' ');
		const result = extractLinks(content, 5);
		expect(result.links.map((link) => link.key)).toEqual(['twitter:1', 'twitter:2', 'twitter:3', 'twitter:4', 'twitter:5']);
		expect(result.embeddable).toBe(7);
	});

	it('GIVEN other links beside the posts THEN they count as embeddable but are not fixed', () => {
		const result = extractLinks('https://x.com/jack/status/20 and https://www.youtube.com/watch?v=abc and <https://example.com>', 5);
		expect(result.links).toHaveLength(1);
		expect(result.embeddable).toBe(2);
	});
});
