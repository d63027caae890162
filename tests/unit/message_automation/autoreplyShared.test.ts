import { isWholeWord, LiteralSet } from '../../../src/shared/text/patterns';
import { matchingChoices } from '../../../src/shared/ui/autocomplete';
import { RefreshingCache } from '../../../src/shared/utils/refreshingCache';

/** The shared pieces the auto-replies brought to src/shared (the word filter uses them too). */
describe('LiteralSet (Aho-Corasick)', () => {
	const occurrences = (literals: string[], text: string, options: { maxTableEntries?: number } = {}) => {
		const found: string[] = [];
		new LiteralSet(
			literals.map((literal) => [literal, literal] as const),
			options
		).scan(text, (value, start, end) => {
			found.push(`${value}@${start}-${end}`);
		});
		return found;
	};

	it('GIVEN overlapping literals THEN every occurrence is found, in the order they end', () => {
		expect(occurrences(['he', 'she', 'his', 'hers'], 'ushers')).toEqual(['she@1-4', 'he@2-4', 'hers@2-6']);
	});

	it('GIVEN a literal that is a suffix of another THEN both are reported at the same end, longest first', () => {
		expect(occurrences(['abc', 'bc', 'c'], 'xabc')).toEqual(['abc@1-4', 'bc@2-4', 'c@3-4']);
	});

	it('GIVEN no literals or an empty one THEN nothing is found', () => {
		expect(occurrences([], 'anything')).toEqual([]);
		expect(occurrences([''], 'anything')).toEqual([]);
	});

	it('GIVEN a visitor that answers true THEN the scan stops', () => {
		const seen: string[] = [];
		new LiteralSet([['a', 'a'] as const]).scan('aaaa', (value) => {
			seen.push(value);
			return seen.length === 2;
		});
		expect(seen).toHaveLength(2);
	});

	it('GIVEN some() THEN it says whether a literal (passing the test) occurs, and the step-by-step scan finds the same ends', () => {
		const set = new LiteralSet([
			['cat', 1],
			['dog', 2]
		] as const);
		expect(set.some('a dog barks')).toBe(true);
		expect(set.some('a bird sings')).toBe(false);
		expect(set.some('a dog and a cat', (value) => value === 1)).toBe(true);
		expect(set.some('a dog barks', (value) => value === 1)).toBe(false);
		// Fed one unit at a time (upper-case ASCII and a non-ASCII unit on the way), the literal ends where scan() says.
		let node = 0;
		const ends: number[] = [];
		for (const [index, char] of [...'xCdogé cat'].entries()) {
			node = set.step(node, char.charCodeAt(0));
			if (set.endsLiteral(node)) ends.push(index + 1);
		}
		expect(ends).toEqual([5, 10]);
	});

	it('GIVEN the same literal twice THEN both values are reported', () => {
		const values: number[] = [];
		new LiteralSet([
			['hi', 1],
			['hi', 2]
		] as const).scan('hi', (value) => void values.push(value));
		expect(values).toEqual([1, 2]);
	});

	it('GIVEN random literals and texts THEN the scan agrees with a naive search, on the dense table and on the trie alike', () => {
		let seed = 42;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
		// ASCII and non-ASCII units, and in texts units no literal uses (x, ü and a surrogate pair).
		const pick = (alphabet: string[], length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
		const word = (length: number) => pick(['a', 'b', 'é', 'c'], length);
		for (let round = 0; round < 200; round++) {
			const literals = [...new Set(Array.from({ length: 6 }, () => word(1 + Math.floor(random() * 4))))];
			const text = pick(['a', 'b', 'é', 'c', 'x', 'ü', '😀'], 40);
			const naive: string[] = [];
			for (let end = 1; end <= text.length; end++)
				for (const literal of [...literals].sort((a, b) => b.length - a.length))
					if (end >= literal.length && text.slice(end - literal.length, end) === literal)
						naive.push(`${literal}@${end - literal.length}-${end}`);
			expect(occurrences(literals, text).sort()).toEqual(naive.sort());
			expect(occurrences(literals, text, { maxTableEntries: 0 }).sort()).toEqual(naive.sort());
		}
	});

	it('GIVEN startsWithSome THEN it says whether a literal starts the text within the limit, on both forms', () => {
		for (const options of [{}, { maxTableEntries: 0 }]) {
			const set = new LiteralSet(
				['ab', 'xy', 'bcd'].map((literal) => [literal, literal] as const),
				options
			);
			expect(set.startsWithSome('abc')).toBe(true);
			expect(set.startsWithSome('bcde')).toBe(true);
			// "xy" occurs, but not at the start (the scan falls back to it from "ax").
			expect(set.startsWithSome('axy')).toBe(false);
			expect(set.startsWithSome('zab')).toBe(false);
			expect(set.startsWithSome('bcd', 2)).toBe(false);
			expect(set.startsWithSome('bcd', 3)).toBe(true);
		}
	});

	it('GIVEN a set whose table would pass the size limit THEN it steps through its trie instead, with the same answers', () => {
		const literals = ['hello', 'help', 'world'].map((literal, index) => [literal, index] as const);
		const dense = new LiteralSet(literals);
		const sparse = new LiteralSet(literals, { maxTableEntries: 10 });
		expect(dense.tabulated).toBe(true);
		expect(sparse.tabulated).toBe(false);
		expect(dense.nodeCount).toBe(sparse.nodeCount);
		for (const text of ['say hello world', 'helhelp', 'nothing here', 'HELLO']) {
			expect(dense.some(text)).toBe(sparse.some(text));
			let [a, b] = [0, 0];
			for (let i = 0; i < text.length; i++) {
				a = dense.step(a, text.charCodeAt(i));
				b = sparse.step(b, text.charCodeAt(i));
				expect(dense.endsLiteral(a)).toBe(sparse.endsLiteral(b));
			}
		}
		// The table is what a set of this size costs: bigger than the trie's slots, far below the limit.
		expect(dense.estimateBytes()).toBeLessThan(4 * 1024);
	});
});

describe('isWholeWord', () => {
	it('GIVEN letters glued to a span THEN it is not a whole word; punctuation at its edges needs no boundary', () => {
		expect(isWholeWord('a cat here', 2, 5)).toBe(true);
		expect(isWholeWord('concat', 3, 6)).toBe(false);
		expect(isWholeWord('cats', 0, 3)).toBe(false);
		expect(isWholeWord('see!rules', 3, 9)).toBe(true);
		expect(isWholeWord('ünïcat', 3, 6)).toBe(false);
	});
});

describe('RefreshingCache', () => {
	it('GIVEN a change while a load runs THEN the stale result is returned to its caller but not cached', async () => {
		let release!: (value: string) => void;
		const cache = new RefreshingCache<string, string>({ refreshMs: 60_000, load: () => new Promise((resolve) => (release = resolve)) });
		const loading = cache.load('g');
		cache.invalidate('g');
		release('old');
		expect(await loading).toBe('old');
		expect(cache.peek('g')).toBeUndefined();
	});

	it('GIVEN an old entry THEN peek serves it and reloads in the background', async () => {
		let version = 0;
		const cache = new RefreshingCache<string, number>({ refreshMs: 1_000, load: async () => ++version });
		await cache.load('g');
		expect(cache.peek('g')).toBe(1);
		expect(cache.peek('g', Date.now() + 5_000)).toBe(1);
		await new Promise((resolve) => setImmediate(resolve));
		expect(cache.peek('g')).toBe(2);
	});

	it('GIVEN concurrent loads THEN one load runs', async () => {
		let loads = 0;
		const cache = new RefreshingCache<string, number>({ refreshMs: 1_000, load: async () => ++loads });
		await Promise.all([cache.load('g'), cache.load('g')]);
		expect(loads).toBe(1);
	});
});

describe('matchingChoices', () => {
	it('GIVEN many items THEN at most 25 whose search text contains the typed text are offered, labels clipped to 100', () => {
		const items = Array.from({ length: 40 }, (_, index) => ({ id: index, text: index === 3 ? `Long ${'x'.repeat(200)}` : `item ${index}` }));
		const choices = matchingChoices(items, 'ITEM', (item) => ({ search: item.text, name: item.text, value: `#${item.id}` }));
		expect(choices).toHaveLength(25);
		expect(choices[0]).toEqual({ name: 'item 0', value: '#0' });
		const long = matchingChoices(items, 'long', (item) => ({ search: item.text, name: item.text, value: `#${item.id}` }));
		expect(long).toEqual([{ name: `Long ${'x'.repeat(94)}…`, value: '#3' }]);
	});
});
