/**
 * Cheap estimates of what in-memory structures cost, for plugins' `memory` hooks (PluginManifest.memory): sizes a
 * structure already knows times a fixed per-item cost, never a heap walk. Typed arrays are exact (`byteLength`); the
 * rest follows V8's layout on 64-bit Node.js (8-byte pointers, no pointer compression), rounded, so a figure is the
 * right order of magnitude and shows which plugin grows, not an exact share of the RSS.
 */

/** One slot of a Map or Set's ordered hash table: key, value and chain link (8 bytes each), plus its bucket. */
export const MAP_ENTRY_BYTES = 32;

/** An object's header (map, properties, elements: 8 bytes each). */
const OBJECT_HEADER_BYTES = 24;

/** A sequential string: 16 bytes of header, then one byte per character when every code unit is Latin-1, else two. */
export function stringBytes(text: string): number {
	// Latin-1 is the common case (ids, keys, English words); a non-Latin-1 string costs two bytes per code unit.
	// eslint-disable-next-line no-control-regex
	const wide = /[^\u0000-\u00ff]/.test(text);
	return roundUp(16 + text.length * (wide ? 2 : 1));
}

/** A plain object with `fields` properties kept in the object (numbers that are not small integers cost 16 more each). */
export function objectBytes(fields: number): number {
	return OBJECT_HEADER_BYTES + 8 * fields;
}

/** A JavaScript array of `length` elements (its backing store; the elements themselves are counted by the caller). */
export function arrayBytes(length: number): number {
	return 32 + 8 * length;
}

/** `entries` Map (or Set) slots; keys and values are counted by the caller. */
export function mapBytes(entries: number): number {
	return 64 + entries * MAP_ENTRY_BYTES;
}

/** The sum of `stringBytes` over `texts`. */
export function stringsBytes(texts: Iterable<string>): number {
	let total = 0;
	for (const text of texts) total += stringBytes(text);
	return total;
}

function roundUp(bytes: number): number {
	return Math.ceil(bytes / 8) * 8;
}
