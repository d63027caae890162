import { compileRules, MAX_TIMEOUTS } from '../../../src/plugins/moderation/lib/filter/compile';
import type { RegexTimeoutError } from '../../../src/shared/regex/runner';
import { MAX_PATTERN_LENGTH, validatePattern, validateRegex } from '../../../src/plugins/moderation/lib/filter/validate';

describe('word filter regex validation', () => {
	it.each([
		['(a+)+$', /nests repetitions/],
		['(\\w*)*x', /nests repetitions/],
		['(a|a)*b', /too slow/],
		['(x)\\1', /Backreferences/],
		['(?<w>x)\\k<w>', /Named backreferences/],
		['(?<=a)b', /Lookbehind/],
		['(?<!a)b', /Lookbehind/],
		['x*', /matches an empty message/],
		['[abc', /not a valid regular expression/],
		['a'.repeat(MAX_PATTERN_LENGTH + 1), /limit is 200/]
	])('GIVEN the regex %s THEN it is refused with a clear reason', (pattern, reason) => {
		const result = validateRegex(pattern);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.reason).toMatch(reason);
	});

	it.each(['discord\\.gg/\\w+', 'b[a4]d(word)?', '^free nitro', '[\\\\1]x', '\\bspam(?=!)'])(
		'GIVEN the harmless regex %s THEN it is accepted',
		(pattern) => {
			expect(validateRegex(pattern)).toEqual({ ok: true, pattern });
		}
	);

	it('GIVEN word, contains and wildcard patterns THEN they are trimmed, length-limited and must hold enough letters', () => {
		expect(validatePattern('  bad   word ', 'word')).toEqual({ ok: true, pattern: 'bad word' });
		expect(validatePattern('b'.repeat(MAX_PATTERN_LENGTH + 1), 'word')).toMatchObject({ ok: false });
		expect(validatePattern('   ', 'word')).toMatchObject({ ok: false, reason: 'The pattern is empty.' });
		expect(validatePattern('!!!', 'word')).toMatchObject({ ok: false });
		expect(validatePattern('a', 'contains')).toMatchObject({ ok: false });
		expect(validatePattern('*a*', 'wildcard')).toMatchObject({ ok: false });
		expect(validatePattern('f**k', 'wildcard')).toMatchObject({ ok: false });
		expect(validatePattern('f*ck', 'wildcard')).toEqual({ ok: true, pattern: 'f*ck' });
	});
});

describe('word filter regex time budget', () => {
	it('GIVEN a guild filter whose regex keeps overrunning THEN the message counts as clean and the regex rules are suspended after a few overruns', () => {
		const filter = compileRules([{ id: 1, pattern: '(a+)+$', match: 'regex' }], { regexBudgetMs: 20 });
		const timeouts: RegexTimeoutError[] = [];
		const started = performance.now();
		for (let i = 0; i < MAX_TIMEOUTS + 2; i++) expect(filter.match(`${'a'.repeat(40)}!`, (error) => timeouts.push(error))).toBeNull();
		expect(timeouts).toHaveLength(MAX_TIMEOUTS);
		expect(filter.regexSuspended).toBe(true);
		expect(performance.now() - started).toBeLessThan(2_000);
	});
});
