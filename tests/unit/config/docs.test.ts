import { parse as parseDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '#core/config/loader';
import { CONFIG_DOCS, SECTIONS } from '#core/config/schema';
import { ENV_DOCS, parseEnv } from '#core/env';

const repoRoot = join(__dirname, '../../..');
const page = readFileSync(join(repoRoot, 'docs/configuration.md'), 'utf8');
const envExample = readFileSync(join(repoRoot, '.env.example'), 'utf8');

/** A markdown table row for `name` (Prettier pads the cells, so the spacing varies). */
const rowFor = (name: string) => new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm');

describe('the configuration reference stays honest', () => {
	test('GIVEN the schema THEN every key is documented and every documented key exists', () => {
		const schemaKeys = Object.entries(SECTIONS).flatMap(([section, schema]) => Object.keys(schema.shape).map((key) => `${section}.${key}`));

		expect(CONFIG_DOCS.map((doc) => doc.key).sort()).toEqual(schemaKeys.sort());
	});

	test('GIVEN the documented defaults written out as a config file THEN it equals the schema defaults', () => {
		const sections = new Map<string, string[]>();
		for (const doc of CONFIG_DOCS) {
			const [section, key] = doc.key.split('.') as [string, string];
			sections.set(section, [...(sections.get(section) ?? []), `  ${key}: ${doc.default}`]);
		}
		const yaml = [...sections].map(([section, lines]) => `${section}:\n${lines.join('\n')}`).join('\n');

		expect(parseConfig(yaml, '/x/config.yml')).toEqual(parseConfig('', '/x/config.yml'));
	});

	test.each(CONFIG_DOCS.map((doc) => [doc.key, doc] as const))('GIVEN %s THEN docs/configuration.md has its row', (key, doc) => {
		const name = key.split('.')[1]!;

		expect(page).toMatch(rowFor(name));
		expect(page).toContain(doc.description);
	});

	test.each(ENV_DOCS.map((doc) => [doc.name, doc] as const))('GIVEN %s THEN .env.example and docs/configuration.md describe it', (name, doc) => {
		expect(page).toMatch(rowFor(name));
		expect(page).toContain(doc.description);
		expect(envExample).toMatch(new RegExp(`^# .+\\n(#.*\\n)*${name}=${doc.default.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
	});

	test('GIVEN .env.example copied to .env with a token pasted THEN the environment is valid', () => {
		const env = parseEnv({ ...parseDotenv(envExample), DISCORD_TOKEN: 'pasted-token' }, { requireToken: true });

		expect(env.databaseUrl).toBe('file:./data/tika.db');
		expect(env.configPath).toBe('config.yml');
	});
});
