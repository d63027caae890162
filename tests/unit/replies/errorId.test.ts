import { createErrorId, ERROR_ID_PATTERN } from '#core/replies/errorId';

describe('createErrorId', () => {
	it('makes 8 lowercase hex characters, short enough to read out', () => {
		for (let i = 0; i < 100; i++) expect(createErrorId()).toMatch(ERROR_ID_PATTERN);
	});

	it('does not repeat itself across many errors', () => {
		const ids = new Set(Array.from({ length: 10_000 }, () => createErrorId()));
		expect(ids.size).toBe(10_000);
	});
});
