import { compileGlob, matchGlob } from '../../../src/plugins/message_automation/lib/autoreply/glob';
import type { AutoReply } from '../../../src/plugins/message_automation/lib/autoreply/kinds';
import { AutoReplyMatcher, compareSpecificity } from '../../../src/plugins/message_automation/lib/autoreply/matcher';
import { isFolded, mappedMatchText, matchText } from '../../../src/plugins/message_automation/lib/autoreply/text';
import { validateTrigger } from '../../../src/plugins/message_automation/lib/autoreply/validate';
import { trigger } from './autoreplyFixtures';

/** The triggers (by text) a message matches, most specific first. */
const matched = (triggers: AutoReply[], text: string, limit?: number) =>
	new AutoReplyMatcher(triggers).match(text, { limit }).map((match) => match.trigger.trigger);
const argsOf = (triggers: AutoReply[], text: string) => new AutoReplyMatcher(triggers).match(text, { limit: 1 })[0]?.args;

describe('auto-reply text form', () => {
	it('GIVEN case, accents, look-alikes and extra whitespace THEN they fold to one form', () => {
		expect(matchText('  GOOD   Mörning\n\tWorld ')).toBe('good morning world');
		expect(matchText('ｈｅｌｌｏ \u0430pple')).toBe('hello apple');
	});

	it('GIVEN any text THEN the mapped form is the same text and points back at the original', () => {
		for (const raw of ['  GOOD   Mörning\n\tWorld ', 'hi <@123456789012345678> there', 'x\u200By  z', '']) {
			const mapped = mappedMatchText(raw);
			expect(mapped.text).toBe(matchText(raw));
			expect(mapped.starts).toHaveLength(mapped.text.length);
		}
		const raw = 'Hi   THERE';
		const mapped = mappedMatchText(raw);
		expect(raw.slice(mapped.starts[4]!, mapped.ends[6]!)).toBe('HER');
	});

	it('GIVEN random texts with every kind of whitespace THEN a text is left as is exactly when folding would not change it', () => {
		// Every unit \s matches, a few that it does not (U+200B, U+0085), and letters.
		const units = ' \t\n\v\f\r\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u0085ab'.split('');
		let seed = 7;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
		let folded = 0;
		for (let round = 0; round < 5000; round++) {
			let text = '';
			const length = Math.floor(random() * 8);
			for (let i = 0; i < length; i++) text += units[Math.floor(random() * units.length)]!;
			const expected = text.replace(/\s+/g, ' ').trim();
			expect(isFolded(text)).toBe(expected === text);
			if (expected === text) folded++;
		}
		expect(folded).toBeGreaterThan(500);
		expect(matchText('hello there')).toBe('hello there');
		expect(matchText('hello\u00a0 there ')).toBe('hello there');
	});
});

describe('auto-reply match kinds', () => {
	it('GIVEN an exact trigger THEN only the whole message matches, in any case and spacing', () => {
		const rules = [trigger('good morning', 'exact')];
		expect(matched(rules, 'Good   MORNING')).toEqual(['good morning']);
		expect(matched(rules, 'good morning everyone')).toEqual([]);
		expect(matched(rules, 'oh good morning')).toEqual([]);
	});

	it('GIVEN a starts_with trigger THEN the message must begin with it, as whole words', () => {
		const rules = [trigger('!rules', 'starts_with')];
		expect(matched(rules, '!rules 3')).toEqual(['!rules']);
		expect(matched(rules, '!RULES')).toEqual(['!rules']);
		expect(matched(rules, '!rulesx')).toEqual([]);
		expect(matched(rules, 'see !rules')).toEqual([]);
		expect(argsOf(rules, '!rules   number 3 ')).toBe('number 3');
	});

	it('GIVEN a word trigger THEN it matches whole words anywhere, not inside other words', () => {
		const rules = [trigger('cat')];
		expect(matched(rules, 'my CAT is here')).toEqual(['cat']);
		expect(matched(rules, 'cat')).toEqual(['cat']);
		expect(matched(rules, 'a category')).toEqual([]);
		expect(matched(rules, 'concatenate')).toEqual([]);
		// The first occurrence glued to a word does not hide a later whole one.
		expect(matched(rules, 'cats and a cat')).toEqual(['cat']);
		expect(argsOf(rules, 'the cat sat down')).toBe('sat down');
	});

	it('GIVEN a contains trigger THEN it matches inside words too', () => {
		const rules = [trigger('cat', 'contains')];
		expect(matched(rules, 'concatenate')).toEqual(['cat']);
		expect(matched(rules, 'dog')).toEqual([]);
	});

	it('GIVEN a wildcard trigger THEN the whole message must fit, * standing for any text and ? for one character', () => {
		const rules = [trigger('how do i * role*', 'wildcard')];
		expect(matched(rules, 'How do I get the artist role?')).toEqual(['how do i * role*']);
		expect(matched(rules, 'so how do i get a role')).toEqual([]);
		const one = [trigger('b?g', 'wildcard')];
		expect(matched(one, 'bag')).toEqual(['b?g']);
		expect(matched(one, 'bang')).toEqual([]);
	});

	it('GIVEN a wildcard THEN {args} is what the first * stood for, as much as it can', () => {
		expect(argsOf([trigger('!8ball *', 'wildcard')], '!8ball Will it   RAIN?')).toBe('Will it   RAIN?');
		expect(argsOf([trigger('how do i * role*', 'wildcard')], 'How do I get the artist role? pls')).toBe('get the artist');
		expect(argsOf([trigger('*pizza*', 'wildcard')], 'i love pizza so much')).toBe('i love');
		expect(argsOf([trigger('a*b*c', 'wildcard')], 'a1b2b3c')).toBe('1b2');
		expect(argsOf([trigger('hi there', 'wildcard')], 'hi there')).toBe('');
	});

	it('GIVEN a regex trigger THEN it runs on the normalised text and on the raw one', () => {
		const rules = [trigger('order #\\d{3,}', 'regex')];
		// Digits fold into letters in the normalised form; the raw text still has them.
		expect(matched(rules, 'where is ORDER #12345 now')).toEqual(['order #\\d{3,}']);
		expect(argsOf(rules, 'where is order #12345 now')).toBe('now');
		expect(matched(rules, 'where is my order')).toEqual([]);
	});

	it('GIVEN a message that only mentions someone THEN nothing matches (mentions are not words)', () => {
		expect(matched([trigger('hello', 'contains')], '<@123456789012345678>')).toEqual([]);
	});
});

describe('auto-reply specificity', () => {
	const all = () => [
		trigger('hello there', 'regex'),
		trigger('hell', 'contains'),
		trigger('hello*', 'wildcard'),
		trigger('hello'),
		trigger('hello', 'starts_with'),
		trigger('hello there', 'exact')
	];

	it('GIVEN one trigger of every kind matching THEN exact > starts_with > word > wildcard > contains > regex', () => {
		expect(new AutoReplyMatcher(all()).match('Hello there').map((match) => match.trigger.match)).toEqual([
			'exact',
			'starts_with',
			'word',
			'wildcard',
			'contains',
			'regex'
		]);
	});

	it('GIVEN a limit of one THEN only the most specific trigger is returned', () => {
		expect(new AutoReplyMatcher(all()).match('Hello there', { limit: 1 }).map((match) => match.trigger.match)).toEqual(['exact']);
	});

	it('GIVEN two triggers of one kind THEN the longer one comes first, then the older one', () => {
		const morning = trigger('morning');
		const goodMorning = trigger('good morning');
		const twin = trigger('Good  Morning!');
		expect(new AutoReplyMatcher([morning, goodMorning]).match('good morning all', { limit: 1 })[0]!.trigger).toBe(goodMorning);
		expect([twin, goodMorning].sort(compareSpecificity)[0]).toBe(twin);
		expect(compareSpecificity(goodMorning, morning)).toBeLessThan(0);
	});

	it('GIVEN the most specific trigger is not eligible here THEN the next one is returned and the limit still holds', () => {
		const exact = trigger('hi', 'exact');
		const word = trigger('hi');
		const contains = trigger('hi', 'contains');
		const found = new AutoReplyMatcher([exact, word, contains]).match('hi', { limit: 1, eligible: (t) => t !== exact });
		expect(found.map((match) => match.trigger)).toEqual([word]);
	});

	it('GIVEN several regex triggers THEN the longest eligible one is picked, not the leftmost', () => {
		const short = trigger('p\\w+', 'regex');
		const long = trigger('pizza time', 'regex');
		expect(new AutoReplyMatcher([short, long]).match('a pizza time', { limit: 1 })[0]!.trigger).toBe(long);
		expect(new AutoReplyMatcher([short, long]).match('a pizza time', { limit: 1, eligible: (t) => t === short })[0]!.trigger).toBe(short);
	});
});

describe('auto-reply matcher at scale', () => {
	it('GIVEN 250 word triggers THEN a message finds exactly its own, wherever it is (their cost per message is bench:automation’s)', () => {
		const triggers = Array.from({ length: 250 }, (_, index) => trigger(`keyword${index}x`));
		const matcher = new AutoReplyMatcher(triggers);
		expect(matcher.match('nothing to see here').length).toBe(0);
		expect(matcher.match('a perfectly ordinary message that mentions nothing in particular, twice over. '.repeat(2))).toEqual([]);
		expect(matcher.match('so keyword137x it is')[0]!.trigger.trigger).toBe('keyword137x');
		for (const index of [0, 1, 99, 249])
			expect(matcher.match(`${'chat '.repeat(index)}keyword${index}x`)[0]!.trigger.trigger).toBe(`keyword${index}x`);
		// "keyword1x" is not inside "keyword13x": word triggers match whole words only.
		expect(matcher.match('keyword13x').map((match) => match.trigger.trigger)).toEqual(['keyword13x']);
	});

	it('GIVEN a guild without triggers THEN matching returns at once', () => {
		expect(new AutoReplyMatcher([]).match('hello')).toEqual([]);
	});
});

describe('wildcard globs', () => {
	it('GIVEN stars and question marks THEN the simulation never backtracks, even on hostile input', () => {
		const glob = compileGlob('*a*a*a*a*a*a*a*b');
		const started = performance.now();
		expect(matchGlob(glob, 'a'.repeat(3_000))).toBeNull();
		expect(performance.now() - started).toBeLessThan(200);
	});

	it('GIVEN spaces next to a glob THEN they are kept ("hi *" needs a space)', () => {
		const glob = compileGlob('hi *');
		expect(matchGlob(glob, 'hi there')).not.toBeNull();
		expect(matchGlob(glob, 'hithere')).toBeNull();
		expect(compileGlob('HELLO   **').normalized).toBe('hello *');
	});
});

describe('trigger validation', () => {
	it('GIVEN empty or invisible triggers THEN they are refused', () => {
		expect(validateTrigger('   ', 'word')).toMatchObject({ ok: false, reason: 'The trigger is empty.' });
		expect(validateTrigger('\u200B<@123456789012345678>', 'word')).toMatchObject({ ok: false });
		expect(validateTrigger('a', 'contains')).toMatchObject({ ok: false });
		expect(validateTrigger('*?*', 'wildcard')).toMatchObject({ ok: false });
	});

	it('GIVEN slow or invalid regexes THEN the shared sandbox refuses them', () => {
		expect(validateTrigger('(a+)+$', 'regex')).toMatchObject({ ok: false, reason: expect.stringContaining('nests repetitions') });
		expect(validateTrigger('(unclosed', 'regex')).toMatchObject({ ok: false, reason: expect.stringContaining('not a valid regular expression') });
	});

	it('GIVEN two spellings of one trigger THEN they normalise alike (a duplicate)', () => {
		expect(validateTrigger('Good  MÖRNING', 'word')).toMatchObject({ ok: true, normalized: 'good morning' });
		expect(validateTrigger('good morning', 'word')).toMatchObject({ ok: true, normalized: 'good morning' });
	});
});
