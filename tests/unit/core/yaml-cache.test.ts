import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '#core/config/loader';
import { cachedYaml, parseYamlCached, yamlCacheKey } from '#core/yaml';

// The build step is plain CommonJS.
const { buildYamlCache } = require('../../../scripts/build/yaml-cache.cjs') as {
	buildYamlCache: (root: string, out: string) => { cached: string[]; skipped: string[] };
};

const ROOT = resolve(__dirname, '../../..');

describe('YAML parsed at build time', () => {
	let out: string;
	let built: { cached: string[]; skipped: string[] };
	beforeAll(() => {
		out = mkdtempSync(join(tmpdir(), 'tika-yaml-cache-'));
		built = buildYamlCache(ROOT, out);
	});
	afterAll(() => rmSync(out, { recursive: true, force: true }));

	it('GIVEN the shipped files THEN config.yml, the core and every plugin personality and the hangman words are cached, with the data yaml parses', () => {
		expect(built.skipped).toEqual([]);
		expect(built.cached).toEqual(
			expect.arrayContaining([
				'config.yml',
				'assets/templates/personality.yml',
				'assets/templates/hangman/words.yml',
				'src/plugins/progression/personality.yml'
			])
		);
		for (const file of built.cached) {
			const text = readFileSync(join(ROOT, file), 'utf8');
			expect(cachedYaml(text, out)).toEqual({ value: parse(text) });
		}
	});

	it('GIVEN an unchanged text THEN its data comes from the cache and the parser is never called', () => {
		const text = readFileSync(join(ROOT, 'config.yml'), 'utf8');
		const parser = jest.fn();
		expect(parseYamlCached(text, parser, out)).toEqual(parse(text));
		expect(parser).not.toHaveBeenCalled();
	});

	it('GIVEN an edited text THEN it is parsed as always, and a broken one reports its error', () => {
		const text = `${readFileSync(join(ROOT, 'config.yml'), 'utf8')}\n# edited by the operator\n`;
		expect(parseYamlCached(text, ({ parse: yamlParse }) => yamlParse(text), out)).toEqual(parse(text));
		const dir = mkdtempSync(join(tmpdir(), 'tika-yaml-config-'));
		try {
			writeFileSync(join(dir, 'config.yml'), 'bot:\n  name: Tika\n   prefix: "!"\n');
			expect(() => loadConfig(join(dir, 'config.yml'))).toThrow(/YAML syntax error at line 2/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('GIVEN a damaged cache file THEN the text is parsed instead', () => {
		const text = 'answer: 42\n';
		writeFileSync(join(out, `${yamlCacheKey(text)}.json`), '{"answer": 4');
		expect(parseYamlCached(text, ({ parse: yamlParse }) => yamlParse(text), out)).toEqual({ answer: 42 });
	});
});
