'use strict';
/**
 * `npm run build` step (run by copy-assets.cjs): parses every YAML file Tika ships (config.yml, assets/, every plugin's personality.yml) once,
 * and stores its data as dist/yaml-cache/<sha256 of the text>.json for src/core/yaml.ts, so that a start skips the
 * yaml package and the parse when the file is unchanged. A file that does not parse cleanly, or whose data does not
 * survive JSON unchanged, is left out: it is parsed at start, where its errors are reported as always.
 * Plain CommonJS: it runs after tsc, with nothing compiled needed.
 */
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { isDeepStrictEqual } = require('node:util');
const { join, relative } = require('node:path');

const YAML = /\.ya?ml$/;

function yamlFiles(root) {
	const found = [];
	const walk = (directory) => {
		if (!existsSync(directory)) return;
		for (const entry of readdirSync(directory, { withFileTypes: true })) {
			const path = join(directory, entry.name);
			if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'generated') walk(path);
			else if (entry.isFile() && YAML.test(entry.name)) found.push(path);
		}
	};
	walk(join(root, 'src'));
	walk(join(root, 'assets'));
	if (existsSync(join(root, 'config.yml'))) found.push(join(root, 'config.yml'));
	return found.sort();
}

/** Writes the cache for `root`'s YAML files into `out`; returns { cached, skipped } as paths relative to `root`. */
function buildYamlCache(root, out) {
	const { parseDocument } = require('yaml');
	mkdirSync(out, { recursive: true });
	const cached = [];
	const skipped = [];
	for (const path of yamlFiles(root)) {
		const text = readFileSync(path, 'utf8');
		const document = parseDocument(text, { uniqueKeys: true });
		const value = document.errors.length === 0 ? document.toJS() : undefined;
		const json = value === undefined ? undefined : JSON.stringify(value);
		if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) {
			skipped.push(relative(root, path));
			continue;
		}
		writeFileSync(join(out, `${createHash('sha256').update(text).digest('hex')}.json`), json);
		cached.push(relative(root, path));
	}
	return { cached, skipped };
}

module.exports = { buildYamlCache, yamlFiles };
