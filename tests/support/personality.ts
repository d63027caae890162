/** A plugin's personality lines as patterns, so a test can tell that a reply is one of a category's lines (any tier). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const cache = new Map<string, Record<string, Record<string, string[]>>>();

export function linesOf(plugin: string, category: string): RegExp[] {
	let table = cache.get(plugin);
	if (!table) {
		table = parse(readFileSync(join(__dirname, '../../src/plugins', plugin, 'personality.yml'), 'utf8')) as Record<
			string,
			Record<string, string[]>
		>;
		cache.set(plugin, table);
	}
	const tiers = table[category];
	if (!tiers) throw new Error(`${plugin}/personality.yml has no category ${category}`);
	return Object.values(tiers)
		.flat()
		.map((line) => new RegExp(`^${line.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+?')}$`, 's'));
}
