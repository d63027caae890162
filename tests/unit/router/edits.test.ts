import { contentChanged } from '#core/router/edits';

const snapshot = (content: string | null, editedTimestamp: number | null = null, partial = false) => ({ content, editedTimestamp, partial });

describe('contentChanged', () => {
	it('compares the text when the old message was cached', () => {
		expect(contentChanged(snapshot('hello'), snapshot('hello!', 2))).toBe(true);
		expect(contentChanged(snapshot('hello'), snapshot('hello', 2))).toBe(false);
	});

	it('ignores an update that only unfurled a link of an uncached message', () => {
		expect(contentChanged(snapshot(null, null, true), snapshot('see https://example.com'))).toBe(false);
	});

	it('trusts a new edit timestamp when the old message was not cached', () => {
		expect(contentChanged(snapshot(null, null, true), snapshot('fixed typo', 1_700_000_000_000))).toBe(true);
	});
});
