import { compileRules, MAX_TIMEOUTS } from '../../../src/plugins/moderation/lib/filter/compile';
import { requiredLiterals } from '../../../src/plugins/moderation/lib/filter/literals';
import { RegexRunner, RegexTimeoutError } from '../../../src/plugins/moderation/lib/filter/regexRunner';
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
	it('GIVEN a catastrophic regex that slipped past validation WHEN it meets a hostile message THEN V8 interrupts it within the budget', () => {
		const runner = new RegexRunner(['(a+)+$'], 30);
		const hostile = `${'a'.repeat(40)}!`;
		const started = performance.now();
		expect(() => runner.first(hostile, null)).toThrow(RegexTimeoutError);
		// Unbounded, this takes minutes (2^40 paths); the budget stops it at ~30 ms plus the watchdog's reaction time.
		expect(performance.now() - started).toBeLessThan(1_000);
		// The sandbox replaced its stuck worker: regexes keep working.
		expect(new RegexRunner(['b.d']).first('so bad', null)).toEqual({ index: 0, text: 0, start: 3, end: 6 });
	});

	it('GIVEN a guild filter whose regex keeps overrunning THEN the message counts as clean and the regex rules are suspended after a few overruns', () => {
		const filter = compileRules([{ id: 1, pattern: '(a+)+$', match: 'regex' }], { regexBudgetMs: 20 });
		const timeouts: RegexTimeoutError[] = [];
		const started = performance.now();
		for (let i = 0; i < MAX_TIMEOUTS + 2; i++) expect(filter.match(`${'a'.repeat(40)}!`, (error) => timeouts.push(error))).toBeNull();
		expect(timeouts).toHaveLength(MAX_TIMEOUTS);
		expect(filter.regexSuspended).toBe(true);
		expect(performance.now() - started).toBeLessThan(2_000);
	});

	it('GIVEN normal regexes THEN they run and report where they matched', () => {
		const runner = new RegexRunner(['nope', 'b.d']);
		expect(runner.first('a bad day', null)).toEqual({ index: 1, text: 0, start: 2, end: 5 });
		expect(runner.first('x', 'B4D')).toEqual({ index: 1, text: 1, start: 0, end: 3 });
		expect(runner.first('nothing', null)).toBeNull();
	});
});

describe('word filter regex prefilter', () => {
	it.each([
		['discord\\.gg/\\w+', ['discord.gg/']],
		['free\\s*nitro', ['nitro']],
		['B[a4]D(word)?', ['b']],
		['spam|eggs+', ['spam', 'eggs']],
		['colou?r', ['colo']],
		['\\d{16}', null],
		['a|.*', null],
		['(?:abc)', null]
	])('GIVEN the regex %s THEN the literals it cannot match without are %j', (pattern, literals) => {
		expect(requiredLiterals(pattern)).toEqual(literals);
	});

	it('GIVEN regexes with literals THEN a message without them never reaches the sandbox, and one with them still matches', () => {
		const runner = new RegexRunner(['free\\s*nitro', 'discord\\.gg/\\w+']);
		expect(runner.first('hello there', 'Hello there')).toBeNull();
		expect(runner.first('get free   nitro', 'get FREE   NITRO')).toEqual({ index: 0, text: 0, start: 4, end: 16 });
		// A literal found only in the raw text (digits fold into letters when normalised) still counts.
		expect(new RegexRunner(['call 555\\d+']).first('call sss1', 'call 5551')).toEqual({ index: 0, text: 1, start: 0, end: 9 });
	});
});
