import { readFileSync } from 'node:fs';
import { dictionaryPath, dictionaryStats, loadDictionary } from '../../../src/plugins/word_games/lib/dictionary';
import { CompactWordSet, wordListLines } from '../../../src/plugins/word_games/lib/compactWords';

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Near misses of real words: one letter added, dropped, changed, case changed, an accent, padding. */
function nonWordsAround(words: readonly string[], count: number, next: () => number): string[] {
	const letters = 'abcdefghijklmnopqrstuvwxyz';
	const out: string[] = [];
	for (let i = 0; i < count; i++) {
		const word = words[Math.floor(next() * words.length)]!;
		const at = Math.floor(next() * (word.length + 1));
		const letter = letters[Math.floor(next() * 26)]!;
		switch (i % 8) {
			case 0:
				out.push(word.slice(0, at) + letter + word.slice(at));
				break;
			case 1:
				out.push(word.slice(0, at) + word.slice(at + 1));
				break;
			case 2:
				out.push(word.slice(0, at) + letter + word.slice(at + 1));
				break;
			case 3:
				out.push(word.toUpperCase());
				break;
			case 4:
				out.push(`${word}é`);
				break;
			case 5:
				out.push(` ${word}`);
				break;
			case 6:
				out.push(`${word}\n`);
				break;
			default:
				out.push(word + word);
		}
	}
	return out;
}

describe('CompactWordSet against the Set it replaces', () => {
	const text = readFileSync(dictionaryPath(), 'utf8');
	const lines = wordListLines(text);
	const set = new Set(lines);
	const compact = CompactWordSet.fromWordList(readFileSync(dictionaryPath()));

	it('GIVEN the shipped word list THEN it holds the same words, and every one is found', () => {
		expect(compact.size).toBe(set.size);
		let found = 0;
		for (const word of set) if (compact.has(word)) found++;
		expect(found).toBe(set.size);
	});

	it('GIVEN 150,000 near misses and edge cases THEN every answer equals the Set’s', () => {
		const probes = [
			...nonWordsAround(lines, 150_000, random(18)),
			'',
			' ',
			'\n',
			'a',
			'zzz',
			'zzzz',
			'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
			'x'.repeat(10_000),
			'\uD800',
			'😀',
			'\u0000',
			'ÿ'
		];
		const disagreements = probes.filter((probe) => compact.has(probe) !== set.has(probe));
		expect(disagreements).toEqual([]);
		// The sample is mostly non-words, so this compared both answers, not just "false".
		expect(probes.filter((probe) => set.has(probe)).length).toBeGreaterThan(1_000);
		expect(probes.filter((probe) => !set.has(probe)).length).toBeGreaterThan(120_000);
	});

	it('GIVEN the shipped word list THEN the compact form keeps under 8 MB alive', () => {
		expect(compact.byteLength).toBeLessThan(8 * 1024 * 1024);
		expect(compact.byteLength).toBeGreaterThan(text.length / 2);
	});

	it('GIVEN the same list built from strings THEN it is the same set, word for word', () => {
		expect([...CompactWordSet.from(lines)].join('\n')).toBe([...compact].join('\n'));
	});

	it('GIVEN it iterates THEN the words come back in code point order', () => {
		expect([...compact].join('\n')).toBe([...set].sort().join('\n'));
	});
});

describe('CompactWordSet on arbitrary text', () => {
	it('GIVEN words beyond ASCII, astral code points, duplicates and any order THEN it answers like a Set', () => {
		const next = random(7);
		const alphabet = ['a', 'b', 'z', 'é', 'ß', 'ﬀ', '\uE000', '\uFFFD', '😀', '𝒳', '-', "'", 'Z', '0'];
		const make = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * alphabet.length)]!).join('');
		const words = Array.from({ length: 5_000 }, make);
		const set = new Set(words);
		const compact = CompactWordSet.from(words);
		expect(compact.size).toBe(set.size);
		const probes = [...words, ...Array.from({ length: 20_000 }, make)];
		expect(probes.filter((probe) => compact.has(probe) !== set.has(probe))).toEqual([]);
		// Past U+FFFF, UTF-16 order and code point order differ: the iteration is in the byte order it searched.
		const order = [...compact];
		for (let i = 1; i < order.length; i++) expect(Buffer.compare(Buffer.from(order[i - 1]!), Buffer.from(order[i]!))).toBeLessThan(0);
	});

	it('GIVEN an ASCII word list with CRLF, tabs, blank lines, duplicates and no order THEN the byte path reads it like the string path', () => {
		const file = "pear\r\n\tapple \n\n\x0bzebra\x0c\npear\n \napple\nap\napple-pie\ndon't\n\x1fodd\nZ\n~\n";
		const fromBytes = CompactWordSet.fromWordList(Buffer.from(file));
		const fromLines = CompactWordSet.from(wordListLines(file));
		expect([...fromBytes]).toEqual([...fromLines]);
		expect([...fromBytes]).toEqual(['\x1fodd', 'Z', 'ap', 'apple', 'apple-pie', "don't", 'pear', 'zebra', '~']);
		for (const probe of ['pear', 'apple', 'ap', 'app', 'zebra', '\x1fodd', 'odd', 'Z', 'z', '~', '', ' pear', 'pear\r'])
			expect([probe, fromBytes.has(probe)]).toEqual([probe, new Set(wordListLines(file)).has(probe)]);
	});

	it('GIVEN a word list with non-ASCII bytes (a BOM, a no-break space, accents) THEN it is read as UTF-8 and trimmed like a string', () => {
		const file = '\uFEFFcafé\n\u00A0naïve\u00A0\nabc\n';
		const fromBytes = CompactWordSet.fromWordList(Buffer.from(file, 'utf8'));
		expect([...fromBytes]).toEqual(['abc', 'café', 'naïve']);
		expect(fromBytes.has('café')).toBe(true);
		expect(fromBytes.has('cafe')).toBe(false);
	});

	it('GIVEN no words THEN nothing is found', () => {
		const empty = CompactWordSet.from([]);
		expect(empty.size).toBe(0);
		expect(empty.has('')).toBe(false);
		expect(empty.has('a')).toBe(false);
	});

	it('GIVEN the empty string among the words THEN it is found, like a Set would', () => {
		const set = CompactWordSet.from(['', 'a']);
		expect(set.has('')).toBe(true);
		expect(set.has('a')).toBe(true);
		expect(set.has('b')).toBe(false);
	});

	it('GIVEN a word with a lone surrogate THEN it refuses to build (UTF-8 could not tell it from U+FFFD)', () => {
		expect(() => CompactWordSet.from(['ok', 'bad\uD800'])).toThrow(/lone surrogate/);
		const set = CompactWordSet.from(['x\uFFFD']);
		expect(set.has('x\uD800')).toBe(false);
		expect(set.has('x\uFFFD')).toBe(true);
	});

	it('GIVEN the word-list loader’s rules THEN lines are split on newlines, trimmed and empty ones dropped', () => {
		expect(wordListLines('apple\r\n  egg \n\n\tzebra\n')).toEqual(['apple', 'egg', 'zebra']);
	});
});

describe('the loaded dictionary', () => {
	it('GIVEN two concurrent first loads THEN they share one compact dictionary, with its size in the stats', async () => {
		const [first, second] = await Promise.all([loadDictionary(), loadDictionary()]);
		expect(first).toBe(second);
		expect(first).toBeInstanceOf(CompactWordSet);
		expect(dictionaryStats()!.bytes).toBe((first as CompactWordSet).byteLength);
	});
});
