import { requiredLiterals } from '#shared/regex/literals';
import { RegexRunner, RegexTimeoutError } from '#shared/regex/runner';
import { stopRegexWorker } from '#shared/regex/sandbox';

afterAll(() => stopRegexWorker());

describe('regex sandbox time budget', () => {
	it('GIVEN a catastrophic regex that slipped past validation WHEN it meets a hostile text THEN V8 interrupts it within the budget', () => {
		const runner = new RegexRunner(['(a+)+$'], 30);
		const hostile = `${'a'.repeat(40)}!`;
		const started = performance.now();
		expect(() => runner.first(hostile, null)).toThrow(RegexTimeoutError);
		// Unbounded, this takes minutes (2^40 paths); the budget stops it at ~30 ms plus the watchdog's reaction time.
		expect(performance.now() - started).toBeLessThan(1_000);
		// The sandbox replaced its stuck worker: regexes keep working.
		expect(new RegexRunner(['b.d']).first('so bad', null)).toEqual({ index: 0, text: 0, start: 3, end: 6 });
	});

	it('GIVEN a catastrophic regex WHEN every match is listed THEN the vm budget stops it too', () => {
		const runner = new RegexRunner(['(a+)+$'], 30);
		const hostile = `${'a'.repeat(40)}!`;
		expect(() => runner.all(hostile, null)).toThrow(RegexTimeoutError);
	});

	it('GIVEN normal regexes THEN they run case-insensitive and report where they matched', () => {
		const runner = new RegexRunner(['nope', 'b.d']);
		expect(runner.first('a bad day', null)).toEqual({ index: 1, text: 0, start: 2, end: 5 });
		expect(runner.first('x', 'B4D')).toEqual({ index: 1, text: 1, start: 0, end: 3 });
		expect(runner.first('nothing', null)).toBeNull();
		expect(runner.all('a bad day', 'A BAD DAY!')).toEqual([
			{ index: 1, text: 0, start: 2, end: 5 },
			{ index: 1, text: 1, start: 2, end: 5 }
		]);
	});

	it('GIVEN the worker was stopped (plugin unload, shutdown) WHEN a set registered before runs again THEN a fresh worker gets it', () => {
		const runner = new RegexRunner(['sp[a4]m']);
		expect(runner.first('no spam here', null)).toMatchObject({ index: 0, start: 3, end: 7 });
		stopRegexWorker();
		stopRegexWorker();
		expect(runner.first('more sp4m', null)).toMatchObject({ index: 0, start: 5, end: 9 });
	});
});

describe('regex sandbox prefilter', () => {
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

	it('GIVEN regexes with literals THEN a text without them never reaches the sandbox, and one with them still matches', () => {
		const runner = new RegexRunner(['free\\s*nitro', 'discord\\.gg/\\w+']);
		expect(runner.first('hello there', 'Hello there')).toBeNull();
		expect(runner.first('get free   nitro', 'get FREE   NITRO')).toEqual({ index: 0, text: 0, start: 4, end: 16 });
		// A literal found only in the second (raw) text still counts.
		expect(new RegexRunner(['call 555\\d+']).first('call sss1', 'call 5551')).toEqual({ index: 0, text: 1, start: 0, end: 9 });
	});
});
