import { DEFAULT_MAX_REGEX_LENGTH, validateRegex } from '#shared/regex/validate';

describe('user regex validation', () => {
	it.each([
		['[abc', 'invalid', /not a valid regular expression/],
		['a'.repeat(DEFAULT_MAX_REGEX_LENGTH + 1), 'too-long', /limit is 200/],
		['(x)\\1', 'unsupported', /Backreferences/],
		['(?<w>x)\\k<w>', 'unsupported', /Named backreferences/],
		['(?<=a)b', 'unsupported', /Lookbehind/],
		['(a+)+$', 'catastrophic', /nests repetitions/],
		['(\\w*)*x', 'catastrophic', /nests repetitions/],
		['x*', 'matches-empty', /matches an empty message/],
		['(a|a)*b', 'slow', /too slow/]
	])('GIVEN the regex %s THEN it is refused as %s with a one-line reason', (pattern, problem, reason) => {
		const result = validateRegex(pattern);
		expect(result).toMatchObject({ ok: false, problem });
		expect(!result.ok && result.reason).toMatch(reason);
		expect(!result.ok && result.reason).not.toContain('\n');
	});

	it.each(['discord\\.gg/\\w+', 'b[a4]d(word)?', '^free nitro', '[\\\\1]x', '\\bspam(?=!)'])(
		'GIVEN the harmless regex %s THEN it is accepted',
		(pattern) => {
			expect(validateRegex(pattern)).toEqual({ ok: true, pattern });
		}
	);

	it('GIVEN a caller with its own length limit THEN that limit applies', () => {
		expect(validateRegex('spam', { maxLength: 3 })).toEqual({
			ok: false,
			problem: 'too-long',
			reason: 'The regex is 4 characters long; the limit is 3.'
		});
		expect(validateRegex('a'.repeat(250), { maxLength: 300 })).toEqual({ ok: true, pattern: 'a'.repeat(250) });
	});
});
