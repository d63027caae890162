'use strict';
/**
 * `npm run build` step after tsc: copies every file under src/ that tsc does not emit (a plugin's personality.yml,
 * models.prisma, assets/ images...) to the same place under dist/, so a plugin folder in the build is the whole
 * plugin, as it is in the sources; then stores the data of the YAML files read at start in dist/yaml-cache
 * (yaml-cache.cjs). Plain CommonJS: it needs nothing compiled.
 */
const { cpSync, mkdirSync, readdirSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

/** What tsc handles itself (compiled) or what must never ship (tests next to code). */
const SKIP = /\.(?:[cm]?tsx?|d\.ts)$/;

/** Copies the non-TypeScript files of `from` into `to`; returns the copied paths relative to `from`. */
function copyAssets(from, to) {
	const copied = [];
	const walk = (directory) => {
		for (const entry of readdirSync(directory, { withFileTypes: true })) {
			const path = join(directory, entry.name);
			if (entry.isDirectory()) {
				// src/generated holds Prisma's clients: tsc compiles them; nothing to copy.
				if (relative(from, path) !== 'generated') walk(path);
			} else if (entry.isFile() && !SKIP.test(entry.name)) {
				const target = join(to, relative(from, path));
				mkdirSync(dirname(target), { recursive: true });
				cpSync(path, target);
				copied.push(relative(from, path));
			}
		}
	};
	walk(from);
	return copied.sort();
}

module.exports = { copyAssets };

if (require.main === module) {
	const root = join(__dirname, '..', '..');
	const copied = copyAssets(join(root, 'src'), join(root, 'dist'));
	console.log(`Copied ${copied.length} plugin asset(s) to dist/`);
	// Then the YAML read at start, parsed once here rather than at every start (scripts/build/yaml-cache.cjs).
	const { buildYamlCache } = require('./yaml-cache.cjs');
	const { cached, skipped } = buildYamlCache(root, join(root, 'dist', 'yaml-cache'));
	console.log(`Parsed ${cached.length} YAML file(s) into dist/yaml-cache${skipped.length ? ` (left to start-up: ${skipped.join(', ')})` : ''}`);
}
