import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv, parseEnv } from '#core/env';
import { StartupError } from '#core/errors';

const OWNER = '123456789012345678';
const GUILD = '98765432109876543';

function failureOf(env: NodeJS.ProcessEnv, requireToken = false): StartupError {
	try {
		parseEnv(env, { requireToken });
	} catch (error) {
		expect(error).toBeInstanceOf(StartupError);
		return error as StartupError;
	}
	throw new Error('expected parseEnv to fail');
}

describe('parseEnv', () => {
	test('GIVEN only a token THEN every other variable takes its default', () => {
		expect(parseEnv({ DISCORD_TOKEN: 'abc' }, { requireToken: true })).toEqual({
			token: 'abc',
			owners: [],
			databaseUrl: 'file:./data/tika.db',
			databaseProvider: 'sqlite',
			apiUrl: undefined,
			configPath: 'config.yml',
			devGuildIds: [],
			pluginPaths: [],
			redisPrefix: 'tika:',
			shards: 'auto',
			nodeEnv: 'production'
		});
	});

	test('GIVEN every variable THEN each is read', () => {
		const env = parseEnv(
			{
				DISCORD_TOKEN: ' abc ',
				BOT_OWNERS: `${OWNER}, 12345678901234567890`,
				DATABASE_URL: 'postgresql://tika:pw@127.0.0.1:5432/tika',
				DISCORD_API_URL: 'http://127.0.0.1:3000/api/',
				TIKA_CONFIG: '/etc/tika.yml',
				DEV_GUILD_IDS: GUILD,
				TIKA_PLUGIN_PATHS: '/opt/tika-plugins: extra ',
				REDIS_URL: 'redis://:pw@127.0.0.1:6379/2',
				TIKA_REDIS_PREFIX: 'bot2:',
				TIKA_SHARDS: '4',
				NODE_ENV: 'development'
			},
			{ requireToken: true }
		);

		expect(env).toEqual({
			token: 'abc',
			owners: [OWNER, '12345678901234567890'],
			databaseUrl: 'postgresql://tika:pw@127.0.0.1:5432/tika',
			databaseProvider: 'postgresql',
			apiUrl: 'http://127.0.0.1:3000/api',
			configPath: '/etc/tika.yml',
			devGuildIds: [GUILD],
			pluginPaths: ['/opt/tika-plugins', 'extra'],
			redisUrl: 'redis://:pw@127.0.0.1:6379/2',
			redisPrefix: 'bot2:',
			shards: 4,
			nodeEnv: 'development'
		});
	});

	test('GIVEN a Redis URL of another scheme or a shard count that is not auto or 1–1000 THEN both are named in one line', () => {
		expect(() => parseEnv({ REDIS_URL: 'http://127.0.0.1:6379', TIKA_SHARDS: 'lots' }, { requireToken: false })).toThrow(
			'REDIS_URL must start with redis:// or rediss:// (got "http:..."); TIKA_SHARDS must be auto or a whole number from 1 to 1000 (got "lots")'
		);
		expect(() => parseEnv({ TIKA_SHARDS: '0' }, { requireToken: false })).toThrow(/TIKA_SHARDS must be auto/);
		expect(parseEnv({ TIKA_SHARDS: 'AUTO' }, { requireToken: false }).shards).toBe('auto');
	});

	test('GIVEN a postgres:// URL THEN PostgreSQL is selected', () => {
		expect(parseEnv({ DATABASE_URL: 'postgres://u@h/db' }, { requireToken: false }).databaseProvider).toBe('postgresql');
	});

	test('GIVEN empty values copied from .env.example THEN they count as unset', () => {
		const env = parseEnv({ DISCORD_TOKEN: 'abc', BOT_OWNERS: '', DATABASE_URL: '', DISCORD_API_URL: '  ', NODE_ENV: '' }, { requireToken: true });

		expect(env.owners).toEqual([]);
		expect(env.databaseUrl).toBe('file:./data/tika.db');
		expect(env.apiUrl).toBeUndefined();
		expect(env.nodeEnv).toBe('production');
	});

	test('GIVEN a token pasted with its "Bot " scheme THEN the scheme is dropped', () => {
		expect(parseEnv({ DISCORD_TOKEN: 'Bot abc.def.ghi' }, { requireToken: true }).token).toBe('abc.def.ghi');
	});

	test('GIVEN no token and a token is required THEN the error says what to do', () => {
		expect(failureOf({ DISCORD_TOKEN: '' }, true).toLine()).toBe(
			'DISCORD_TOKEN is not set. Copy .env.example to .env and paste your bot token from the Discord developer portal'
		);
	});

	test('GIVEN no token and none is required THEN it parses without one', () => {
		expect(parseEnv({}, { requireToken: false }).token).toBeUndefined();
	});

	test('GIVEN an owner that is not a snowflake THEN the bad entry is named', () => {
		expect(failureOf({ BOT_OWNERS: `${OWNER},bob` }).message).toBe(
			'BOT_OWNERS must be a comma-separated list of user ids (17–20 digits); "bob" is not one'
		);
	});

	test('GIVEN a guild id that is too short THEN the bad entry is named', () => {
		expect(failureOf({ DEV_GUILD_IDS: '1234' }).message).toBe(
			'DEV_GUILD_IDS must be a comma-separated list of guild ids (17–20 digits); "1234" is not one'
		);
	});

	test('GIVEN a database URL of an unknown kind THEN only its scheme is shown, never its password', () => {
		const error = failureOf({ DATABASE_URL: 'mysql://root:hunter2@db/tika' });

		expect(error.message).toBe('DATABASE_URL must start with file:, postgres:// or postgresql:// (got "mysql:...")');
		expect(error.toLine()).not.toContain('hunter2');
	});

	test.each([['ftp://127.0.0.1/api'], ['127.0.0.1:3000'], ['not a url']])('GIVEN DISCORD_API_URL %s THEN it is rejected', (url) => {
		expect(failureOf({ DISCORD_API_URL: url }).message).toBe(
			`DISCORD_API_URL must be an http:// or https:// URL such as http://127.0.0.1:3000/api (got "${url}")`
		);
	});

	test('GIVEN an unknown NODE_ENV THEN the accepted values are listed', () => {
		expect(failureOf({ NODE_ENV: 'staging' }).message).toBe('NODE_ENV must be one of development, production, test (got "staging")');
	});

	test('GIVEN several bad variables THEN all are reported on one line with the fix', () => {
		expect(failureOf({ BOT_OWNERS: 'x', NODE_ENV: 'prod' }).toLine()).toBe(
			'BOT_OWNERS must be a comma-separated list of user ids (17–20 digits); "x" is not one; NODE_ENV must be one of development, production, test (got "prod"). Fix it in .env or the environment (see .env.example)'
		);
	});
});

describe('loadDotEnv', () => {
	let dir: string;
	const touched = ['TIKA_TEST_FROM_FILE', 'TIKA_TEST_ALREADY_SET'];
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-env-'));
	});
	afterEach(() => {
		for (const name of touched) delete process.env[name];
		rmSync(dir, { recursive: true, force: true });
		jest.restoreAllMocks();
	});

	test('GIVEN a .env file THEN its variables are loaded without overriding the real environment, and nothing is printed', () => {
		const path = join(dir, '.env');
		writeFileSync(path, 'TIKA_TEST_FROM_FILE=from-file\nTIKA_TEST_ALREADY_SET=from-file\n');
		process.env.TIKA_TEST_ALREADY_SET = 'from-env';
		const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
		const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);

		expect(loadDotEnv(path)).toBe(true);
		expect(process.env.TIKA_TEST_FROM_FILE).toBe('from-file');
		expect(process.env.TIKA_TEST_ALREADY_SET).toBe('from-env');
		expect(log).not.toHaveBeenCalled();
		expect(info).not.toHaveBeenCalled();
	});

	test('GIVEN no .env file THEN nothing happens', () => {
		expect(loadDotEnv(join(dir, '.env'))).toBe(false);
	});
});

describe('StartupError', () => {
	test('GIVEN a problem and a fix THEN toLine joins them as one sentence each', () => {
		expect(new StartupError('Database unreachable', 'Start PostgreSQL').toLine()).toBe('Database unreachable. Start PostgreSQL');
	});

	test('GIVEN a problem that already ends in a period THEN it is not doubled', () => {
		expect(new StartupError('Broken.', 'Fix it').toLine()).toBe('Broken. Fix it');
	});

	test('GIVEN no fix THEN toLine is just the problem', () => {
		expect(new StartupError('Broken', '').toLine()).toBe('Broken');
	});
});
