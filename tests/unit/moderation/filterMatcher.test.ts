import { compileRules, type FilterRule } from '../../../src/plugins/moderation/lib/filter/compile';
import { normalize, normalizeText, originalSpan } from '../../../src/shared/text/normalize';
import { explainText } from '../../../src/plugins/moderation/lib/filter/explain';
import type { MatchKind } from '../../../src/plugins/moderation/lib/filter/validate';

let nextId = 1;
const rule = (pattern: string, match: MatchKind = 'word'): FilterRule => ({ id: nextId++, pattern, match });

/** The text of the original message that the filter's first hit points at, or null. */
function hitText(rules: FilterRule[], text: string): string | null {
	const hit = compileRules(rules).match(text);
	return hit ? text.slice(hit.originalStart, hit.originalEnd) : null;
}

describe('word filter normalisation', () => {
	it('GIVEN mixed case, accents and full-width letters THEN they fold to plain lower case', () => {
		expect(normalize('BÁD Ｂａｄ ｂÀＤ').text).toBe('bad bad bad');
	});

	it('GIVEN Cyrillic and Greek look-alikes THEN they fold to the Latin letters they imitate', () => {
		// а (Cyrillic a), ο (Greek omicron), е (Cyrillic ie), р (Cyrillic er), с (Cyrillic es)
		expect(normalize('\u0430\u03BF\u0435\u0440\u0441').text).toBe('aoepc');
	});

	it('GIVEN leetspeak THEN digits and symbols fold to letters, and 1 stays the i-or-l wildcard', () => {
		expect(normalize('4$$ h3ll0 5@7 1|').text).toBe('ass hello sat 11');
	});

	it('GIVEN zero-width characters and soft hyphens THEN they vanish and the map still points at the original', () => {
		const text = 'b\u200Ba\u200C\u200Dd\uFEFF\u2060x\u00ADy';
		const normalized = normalize(text);
		expect(normalized.text).toBe('badxy');
		expect(originalSpan(normalized, 0, 3)).toEqual([0, 6]);
		expect(text.slice(...originalSpan(normalized, 3, 5))).toBe('x\u00ADy');
	});

	it('GIVEN Discord mentions and custom emoji THEN their ids are not read as words', () => {
		expect(normalize('hi <@123450> <:a55:9876543> <#3>').text).toMatch(/^hi\s+$/);
	});

	it('GIVEN any text THEN the fast text-only normalisation agrees with the full one', () => {
		for (const text of [
			'Hello W0RLD 1337 @$|',
			'plain ascii, with punctuation!?',
			'BÁD Ｂａｄ',
			'hi <@123> there',
			'tab\there\nnewline',
			'😀 b\u200Bad'
		])
			expect(normalizeText(text)).toBe(normalize(text).text);
	});

	it('GIVEN characters outside the BMP THEN the map uses UTF-16 indexes of the original', () => {
		const text = '😀𝐁𝐚𝐝';
		const normalized = normalize(text);
		expect(normalized.text).toBe('😀bad');
		expect(text.slice(...originalSpan(normalized, 2, 5))).toBe('𝐁𝐚𝐝');
	});
});

describe('word filter matching', () => {
	const bad = [rule('bad')];

	it.each([
		['case', 'that is BAD', 'BAD'],
		['accents', 'that is bàd', 'bàd'],
		['Cyrillic/Greek homoglyphs', 'that is Ь\u0430d', 'Ь\u0430d'],
		['leetspeak', 'that is b4d', 'b4d'],
		['leetspeak @', 'that is b@d', 'b@d'],
		['zero-width characters', 'that is b\u200Ba\u200Dd', 'b\u200Ba\u200Dd'],
		['soft hyphen', 'that is ba\u00ADd', 'ba\u00ADd'],
		['repeated letters', 'that is baaaaad', 'baaaaad'],
		['dots', 'that is b.a.d', 'b.a.d'],
		['spaces between every letter', 'that is b a d!', 'b a d'],
		['hyphens', 'that is b-a-d', 'b-a-d'],
		['underscores', 'that is b_a_d', 'b_a_d'],
		['repeats between separators', 'that is b.a.a.a.d', 'b.a.a.a.d'],
		['mixed', 'that is B.4.\u200Bàààd', 'B.4.\u200Bàààd']
	])('GIVEN the word rule "bad" WHEN evaded by %s THEN it still matches', (_name, text, matched) => {
		expect(hitText(bad, text)).toBe(matched);
	});

	it.each([
		['a longer word', 'badge badly badminton'],
		['a word containing it', 'abad'],
		['a lone letter followed by a word', 'plan b ad campaign'],
		['unrelated words', 'the bed is bid on a bud']
	])('GIVEN the word rule "bad" WHEN the text has %s THEN nothing matches', (_name, text) => {
		expect(hitText(bad, text)).toBeNull();
	});

	it('GIVEN the word rule "ass" THEN innocent words (class, assess, pass, as, bass, grass) never match', () => {
		const rules = [rule('ass')];
		for (const text of [
			'first class',
			'assess the assessment',
			'pass the salt',
			'as I said',
			'bass guitar',
			'grass',
			'Assassin',
			'was so small',
			'a ssh key'
		])
			expect(hitText(rules, text)).toBeNull();
		expect(hitText(rules, 'you ass')).toBe('ass');
		expect(hitText(rules, 'you 4$$')).toBe('4$$');
		expect(hitText(rules, 'you a s s')).toBe('a s s');
	});

	it('GIVEN a word rule with l THEN the leetspeak 1 stands in for it, and for i', () => {
		expect(hitText([rule('hell')], 'what the he11')).toBe('he11');
		expect(hitText([rule('shit')], 'sh1t happens')).toBe('sh1t');
		expect(hitText([rule('hell')], 'hello')).toBeNull();
	});

	it('GIVEN a contains rule THEN it matches inside other words too', () => {
		const rules = [rule('hell', 'contains')];
		expect(hitText(rules, 'hello there')).toBe('hell');
		expect(hitText(rules, 'seashell')).toBe('hell');
		expect(hitText(rules, 'h e l l')).toBe('h e l l');
		expect(hitText(rules, 'help')).toBeNull();
	});

	it('GIVEN a phrase rule THEN any separators (or none) may stand between its words', () => {
		const rules = [rule('bad word')];
		expect(hitText(rules, 'a bad word here')).toBe('bad word');
		expect(hitText(rules, 'a badword here')).toBe('badword');
		expect(hitText(rules, 'a bad-word here')).toBe('bad-word');
		expect(hitText(rules, 'a bad sword')).toBeNull();
	});

	it('GIVEN wildcard rules THEN * stands for any letters and ? for one, within a whole word', () => {
		const star = [rule('f*ck', 'wildcard')];
		expect(hitText(star, 'oh fck')).toBe('fck');
		expect(hitText(star, 'oh fuuuck')).toBe('fuuuck');
		expect(hitText(star, 'oh FR1CK')).toBe('FR1CK');
		expect(hitText(star, 'oh fuckery')).toBeNull();
		const one = [rule('b?d', 'wildcard')];
		expect(hitText(one, 'in bed')).toBe('bed');
		expect(hitText(one, 'in bd')).toBeNull();
		expect(hitText(one, 'in bread')).toBeNull();
		const suffix = [rule('spam*', 'wildcard')];
		expect(hitText(suffix, 'spammer!')).toBe('spammer');
		expect(hitText(suffix, 'antispam')).toBeNull();
		const prefix = [rule('*sp?m', 'wildcard')];
		expect(hitText(prefix, 'no antisp4m here')).toBe('antisp4m');
		expect(hitText(prefix, 'spam')).toBe('spam');
		expect(hitText(prefix, 'spammer')).toBeNull();
	});

	it('GIVEN a regex rule THEN it runs on the normalised text and on the raw text', () => {
		expect(hitText([rule('b[a-z]d', 'regex')], 'so B4D')).toBe('B4D');
		expect(hitText([rule('discord\\.gg/\\w+', 'regex')], 'join discord.gg/abc now')).toBe('discord.gg/abc');
		// Digits fold into letters in the normalised text; the raw text still has them.
		expect(hitText([rule('\\d{4}-\\d{4}', 'regex')], 'call 5551-2345')).toBe('5551-2345');
		expect(hitText([rule('^hello$', 'regex')], 'hello there')).toBeNull();
	});

	it('GIVEN 200 rules of every kind THEN the one combined matcher still names the right rule', () => {
		const rules: FilterRule[] = [];
		for (let i = 0; i < 200; i++)
			rules.push(rule(`word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, MATCH_CYCLE[i % 4]!));
		const filter = compileRules(rules);
		expect(filter.match('nothing to see here')).toBeNull();
		const target = rules[137]!;
		const hit = filter.match(`well ${target.match === 'regex' ? target.pattern : target.pattern.split('').join('.')} then`);
		expect(hit?.rule.id).toBe(target.id);
	});

	it('GIVEN thousands of random texts THEN the quick required-letters check never hides a match (the message matches exactly when a rule explains it)', () => {
		// A small alphabet with i/l/1, repeats, separators and spaces, so that texts hit and miss the rules often.
		let seed = 42;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
		const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
		const letters = ['a', 'b', 'i', 'l', '1', 'o'];
		const word = (length: number) => Array.from({ length }, () => pick(letters)).join('');
		let checked = 0;
		let hits = 0;
		for (let round = 0; round < 60; round++) {
			const rules: FilterRule[] = [];
			for (let i = 0; i < 6; i++) {
				const kind = pick(['word', 'contains', 'wildcard'] as const);
				const base = word(2 + Math.floor(random() * 3));
				const pattern = kind === 'wildcard' ? pick([`${base}*${word(2)}`, `*${base}`, `${base}?${word(1)}`, `${word(1)}*`]) : base;
				rules.push(rule(pattern, kind));
			}
			const filter = compileRules(rules);
			for (let i = 0; i < 60; i++) {
				const text = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
					Array.from(word(1 + Math.floor(random() * 6)))
						.map((char) => char + pick(['', '', '', '.', '-', char]))
						.join('')
				).join(pick([' ', ' ', ', ', '  ']));
				const matched = filter.match(text) !== null;
				expect({ text, rules: rules.map((r) => `${r.match}:${r.pattern}`), matched }).toEqual({
					text,
					rules: rules.map((r) => `${r.match}:${r.pattern}`),
					matched: filter.explain(text).hits.length > 0
				});
				checked++;
				if (matched) hits++;
			}
		}
		// Both answers occur: the check is exercised on texts that match and on texts that do not.
		expect(checked).toBe(3_600);
		expect(hits).toBeGreaterThan(300);
		expect(hits).toBeLessThan(3_300);
	});

	it('GIVEN rules in other scripts and outside the BMP THEN letters, separators and word ends work as for Latin', () => {
		expect(hitText([rule('日本')], '私は日本が好き')).toBeNull();
		expect(hitText([rule('日本')], 'go 日.本 now')).toBe('日.本');
		expect(hitText([rule('日本')], 'go 日本語 now')).toBeNull();
		expect(hitText([rule('日本', 'contains')], '日本語')).toBe('日本');
		// U+2000B is one letter in two UTF-16 units: repeats and separators count per letter, not per unit.
		expect(hitText([rule('\u{2000B}x', 'contains')], 'a\u{2000B}\u{2000B}.xb')).toBe('\u{2000B}\u{2000B}.x');
		expect(hitText([rule('x?y', 'wildcard')], 'so x\u{2000B}y')).toBe('x\u{2000B}y');
		expect(hitText([rule('x?y', 'wildcard')], 'so x..y')).toBeNull();
	});

	it('GIVEN long messages THEN rules with several runs are found anywhere in them, and one filter serves short and long texts in turn', () => {
		// Two runs of letters ("kr" and "zv"), both needed: the required-letters check squeezes the text into a buffer
		// that grows with the longest text seen (normalised texts are at most 8,000 units).
		const filter = compileRules([rule('kr*zv', 'wildcard'), rule('plonk', 'contains')]);
		const filler = (count: number) => 'ab c'.repeat(count);
		const found = (text: string) => {
			const hit = filter.match(text);
			return hit ? text.slice(hit.originalStart, hit.originalEnd) : null;
		};
		expect(found(`${filler(900)} krezv ${filler(900)}`)).toBe('krezv');
		expect(found(`${filler(900)} kre ${filler(500)} zv ${filler(10)}`)).toBeNull();
		expect(found('say krizv')).toBe('krizv');
		expect(found(`${filler(1_900)} xplonkx`)).toBe('plonk');
		expect(found(`${filler(1_900)} plon k`)).toBeNull();
		expect(found('kr zv')).toBeNull();
	});

	it('GIVEN a filter without rules THEN nothing matches', () => {
		expect(compileRules([]).match('anything at all')).toBeNull();
	});

	it('GIVEN /wordfilter test THEN the explanation names the rule, the kind, the normalised text and the matched span', () => {
		const hellRule = rule('hell', 'contains');
		const { hits, lines } = explainText(compileRules([rule('bad'), hellRule]), 'oh HE11o, b.a.d');
		expect(hits.map((hit) => hit.rule.pattern)).toEqual(['hell', 'bad']);
		const text = lines.join('\n');
		expect(text).toContain('`oh he11o, b.a.d`');
		expect(text).toContain(`#${hellRule.id} **contains** \`hell\` matched \`HE11\` at characters 4–7 (normalised \`he11\`)`);
		expect(text).toContain('**word** `bad` matched `b.a.d` at characters 11–15');
	});
});

const MATCH_CYCLE: MatchKind[] = ['word', 'contains', 'wildcard', 'regex'];
