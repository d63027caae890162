import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Yaml from 'yaml';
import { lazy } from '#core/lazy';

/**
 * YAML read at start-up (config.yml, the personality files, the hangman words), parsed at build time instead of at
 * every start: `npm run build` stores the data of every YAML file it ships in `dist/yaml-cache/<sha256 of the text>.json`
 * (scripts/build/yaml-cache.cjs), and {@link parseYamlCached} returns that when the text is byte for byte the one built.
 * A start then pays neither the `yaml` package nor the parse (≈ 0.3 s of a cold start for the shipped files). An
 * edited file has another hash and is parsed as always, with the same errors; under tsx (no build) nothing is cached.
 * Whatever the source, callers validate the data the same way.
 */

/** The `yaml` package, loaded the first time a file is not in the cache. */
export const yaml = lazy(() => require('yaml') as typeof Yaml);

/** Where the build writes the cache: `dist/yaml-cache`, beside the compiled `dist/core`. Absent in the sources. */
export const YAML_CACHE_DIR = join(__dirname, '..', 'yaml-cache');

export function yamlCacheKey(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** The data the build stored for exactly this text, if any. */
export function cachedYaml(text: string, directory = YAML_CACHE_DIR): { value: unknown } | null {
	let stored: string;
	try {
		stored = readFileSync(join(directory, `${yamlCacheKey(text)}.json`), 'utf8');
	} catch {
		return null;
	}
	try {
		return { value: JSON.parse(stored) as unknown };
	} catch {
		// A damaged cache file: parse the YAML as if there were none.
		return null;
	}
}

/** The data of a YAML text: from the build's cache when it holds this text, else from `parse` (which reports errors). */
export function parseYamlCached(text: string, parse: (yamlPackage: typeof Yaml) => unknown, directory = YAML_CACHE_DIR): unknown {
	const hit = cachedYaml(text, directory);
	return hit ? hit.value : parse(yaml());
}
