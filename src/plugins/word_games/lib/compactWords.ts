/**
 * A read-only set of words in two typed arrays instead of a `Set<string>`: every distinct word's UTF-8 bytes, sorted by
 * code point and laid end to end in one buffer, plus the offset where each word starts. A look-up encodes the query
 * into a scratch buffer and binary-searches the offsets (≈ 18 comparisons for 274k words), allocating nothing.
 *
 * For the shipped word list that is ≈ 3.8 MB (2.5 MB of letters + 4 bytes per word) against ≈ 20 MB retained (≈ 41 MB
 * of RSS growth) for the Set,
 * which keeps a V8 string (header, hash, padding) per word and a hash table on top.
 *
 * The contract is the Set's: `has(word)` is true exactly when `word` is one of the words it was built from (same
 * code units; no normalisation here — callers normalise before asking, as they did with the Set).
 */

/** What the word-chain rules need from a dictionary; a `ReadonlySet<string>` satisfies it too. */
export interface WordLookup {
	has(word: string): boolean;
	readonly size: number;
}

/** The lines of a word list as the dictionary reads them: split on `\n`, trimmed, empty lines dropped. */
export function wordListLines(text: string): string[] {
	const words: string[] = [];
	for (const line of text.split('\n')) {
		const word = line.trim();
		if (word) words.push(word);
	}
	return words;
}

const encoder = new TextEncoder();
/** A lone surrogate: UTF-8 cannot hold it (it would encode as U+FFFD and collide with a real U+FFFD). */
const LONE_SURROGATE = /\p{Cs}/u;
const HAS_SURROGATE = /[\uD800-\uDFFF]/;

/** Code point order, which is UTF-8 byte order (plain `<` on strings is UTF-16 order: it differs past U+FFFF). */
function compareCodePoints(a: string, b: string): number {
	const left = [...a];
	const right = [...b];
	const length = Math.min(left.length, right.length);
	for (let i = 0; i < length; i++) {
		const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
		if (difference !== 0) return difference;
	}
	return left.length - right.length;
}

/** The bytes `String.prototype.trim` removes that are ASCII: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiTrimmed(byte: number): boolean {
	return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

function compareBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
	const shared = Math.min(aEnd - aStart, bEnd - bStart);
	for (let i = 0; i < shared; i++) {
		const difference = bytes[aStart + i]! - bytes[bStart + i]!;
		if (difference !== 0) return difference;
	}
	return aEnd - aStart - (bEnd - bStart);
}

export class CompactWordSet implements WordLookup {
	private readonly scratch: Uint8Array;
	/** `firstByte[b]..firstByte[b + 1]` is the range of words starting with byte `b` (the empty word sorts first). */
	private readonly firstByte = new Uint32Array(257);

	private constructor(
		/** Every word's UTF-8 bytes, no separators, in code point order. */
		private readonly bytes: Uint8Array,
		/** `starts[i]` is where word `i` begins; `starts[size]` is the end of the last one. */
		private readonly starts: Uint32Array,
		private readonly maxWordBytes: number
	) {
		// One spare byte: a query that fills it is longer than any word.
		this.scratch = new Uint8Array(maxWordBytes + 1);
		let word = 0;
		// Words of zero bytes have no first byte: they come before every range.
		while (word < this.size && starts[word + 1] === starts[word]) word++;
		for (let byte = 0; byte < 256; byte++) {
			this.firstByte[byte] = word;
			while (word < this.size && bytes[starts[word]!] === byte) word++;
		}
		this.firstByte[256] = word;
	}

	/**
	 * Builds the set from a word list file's bytes with the same rules as {@link wordListLines} (split on `\n`, trimmed,
	 * empty lines dropped), without making a string per word: the load's garbage stays small, and so does the RSS it
	 * leaves behind. A file with any non-ASCII byte (where `trim` and UTF-8 decoding have more rules) goes through
	 * {@link wordListLines} instead, so the answer is the same either way.
	 */
	public static fromWordList(file: Uint8Array): CompactWordSet {
		let ascii = true;
		for (let i = 0; i < file.length && ascii; i++) ascii = file[i]! < 0x80;
		if (!ascii) return CompactWordSet.from(wordListLines(Buffer.from(file).toString('utf8')));
		// Typed arrays, sized once, and no per-word objects: the load leaves little garbage behind.
		let lines = 1;
		for (let i = 0; i < file.length; i++) if (file[i] === 0x0a) lines++;
		const lineStarts = new Uint32Array(lines);
		const lineEnds = new Uint32Array(lines);
		let count = 0;
		let sorted = true;
		for (let position = 0; position <= file.length;) {
			let end = file.indexOf(0x0a, position);
			if (end < 0) end = file.length;
			let start = position;
			let stop = end;
			while (start < stop && isAsciiTrimmed(file[start]!)) start++;
			while (stop > start && isAsciiTrimmed(file[stop - 1]!)) stop--;
			if (stop > start) {
				lineStarts[count] = start;
				lineEnds[count] = stop;
				if (count > 0 && sorted && compareBytes(file, lineStarts[count - 1]!, lineEnds[count - 1]!, start, stop) > 0) sorted = false;
				count++;
			}
			position = end + 1;
		}
		const order = new Uint32Array(count);
		for (let i = 0; i < count; i++) order[i] = i;
		// Word lists come sorted or nearly so (words.txt has two lines out of place): sort only then, with Array's sort
		// (TimSort: about one comparison per word on such input; typed arrays' merge sort makes n log n).
		if (!sorted) order.set(Array.from(order).sort((a, b) => compareBytes(file, lineStarts[a]!, lineEnds[a]!, lineStarts[b]!, lineEnds[b]!)));

		let kept = 0;
		let total = 0;
		for (let i = 0; i < count; i++) {
			const line = order[i]!;
			if (kept > 0) {
				const previous = order[kept - 1]!;
				if (compareBytes(file, lineStarts[previous]!, lineEnds[previous]!, lineStarts[line]!, lineEnds[line]!) === 0) continue;
			}
			order[kept++] = line;
			total += lineEnds[line]! - lineStarts[line]!;
		}
		const bytes = new Uint8Array(total);
		const starts = new Uint32Array(kept + 1);
		let offset = 0;
		let maxWordBytes = 0;
		for (let i = 0; i < kept; i++) {
			const line = order[i]!;
			starts[i] = offset;
			for (let at = lineStarts[line]!; at < lineEnds[line]!; at++) bytes[offset++] = file[at]!;
			maxWordBytes = Math.max(maxWordBytes, offset - starts[i]!);
		}
		starts[kept] = offset;
		return new CompactWordSet(bytes, starts, maxWordBytes);
	}
	/** Builds the set from any words (duplicates and order do not matter). Refuses a word UTF-8 cannot hold. */
	public static from(input: Iterable<string>): CompactWordSet {
		const words = [...input];
		if (words.some((word) => LONE_SURROGATE.test(word))) throw new Error('CompactWordSet: a word holds a lone surrogate');
		// Plain sort is code point order unless a word leaves the BMP; only then pay for the slower comparison.
		if (words.some((word) => HAS_SURROGATE.test(word))) words.sort(compareCodePoints);
		else words.sort();

		let count = 0;
		let total = 0;
		const lengths: number[] = [];
		for (let i = 0; i < words.length; i++) {
			if (i > 0 && words[i] === words[i - 1]) continue;
			const length = Buffer.byteLength(words[i]!, 'utf8');
			words[count++] = words[i]!;
			lengths.push(length);
			total += length;
		}
		words.length = count;
		if (total > 0xffffffff) throw new Error('CompactWordSet: more than 4 GiB of words');

		const bytes = new Uint8Array(total);
		const starts = new Uint32Array(count + 1);
		let offset = 0;
		let maxWordBytes = 0;
		for (let i = 0; i < count; i++) {
			starts[i] = offset;
			encoder.encodeInto(words[i]!, bytes.subarray(offset, offset + lengths[i]!));
			offset += lengths[i]!;
			if (lengths[i]! > maxWordBytes) maxWordBytes = lengths[i]!;
		}
		starts[count] = offset;
		return new CompactWordSet(bytes, starts, maxWordBytes);
	}

	public get size(): number {
		return this.starts.length - 1;
	}

	/** Bytes this set keeps alive (its typed arrays; the object itself is a few dozen more). */
	public get byteLength(): number {
		return this.bytes.byteLength + this.starts.byteLength + this.scratch.byteLength + this.firstByte.byteLength;
	}

	public has(word: string): boolean {
		const written = this.encode(word);
		if (written < 0) return false;
		const { bytes, starts, scratch } = this;
		if (written === 0) return this.size > 0 && starts[1] === 0;
		let low = this.firstByte[scratch[0]!]!;
		let high = this.firstByte[scratch[0]! + 1]! - 1;
		while (low <= high) {
			const middle = (low + high) >>> 1;
			const start = starts[middle]!;
			const length = starts[middle + 1]! - start;
			const shared = Math.min(length, written);
			let order = 0;
			for (let i = 1; i < shared && order === 0; i++) order = scratch[i]! - bytes[start + i]!;
			if (order === 0) order = written - length;
			if (order === 0) return true;
			if (order < 0) high = middle - 1;
			else low = middle + 1;
		}
		return false;
	}

	/** The query's UTF-8 bytes into the scratch buffer: their count, or -1 when no word can match it. */
	private encode(word: string): number {
		if (word.length > this.maxWordBytes) return -1;
		const { scratch } = this;
		for (let i = 0; i < word.length; i++) {
			const code = word.charCodeAt(i);
			if (code >= 0x80) {
				// Beyond ASCII: the encoder's rules (and a lone surrogate cannot be in any word).
				if (LONE_SURROGATE.test(word)) return -1;
				const { read, written } = encoder.encodeInto(word, scratch);
				return read < word.length || written > this.maxWordBytes ? -1 : written;
			}
			scratch[i] = code;
		}
		return word.length;
	}

	/** Every word, in code point order (for tests and exports; decodes each one). */
	public *[Symbol.iterator](): IterableIterator<string> {
		const decoder = new TextDecoder();
		for (let i = 0; i < this.size; i++) yield decoder.decode(this.bytes.subarray(this.starts[i]!, this.starts[i + 1]!));
	}
}
