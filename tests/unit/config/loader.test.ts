import { LogLevel } from '@sapphire/framework';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod/mini';
import { loadConfig, parseConfig, validatePluginSettings } from '#core/config/loader';
import { definePlugin } from '#core/plugins/manifest';
import { pluginConfig } from '#core/plugins/settings';
import { StartupError } from '#core/errors';

const repoRoot = resolve(__dirname, '../../..');

/** The single line the entry point would print for a config problem. */
function failureOf(text: string, source = 'config.yml'): string {
	try {
		parseConfig(text, source);
	} catch (error) {
		expect(error).toBeInstanceOf(StartupError);
		return (error as StartupError).message;
	}
	throw new Error('expected parseConfig to fail');
}

describe('the shipped config.yml', () => {
	test('GIVEN the repository config.yml THEN it loads with exactly the values from the owner seed', () => {
		const config = loadConfig(join(repoRoot, 'config.yml'));

		expect(config.source).toBe(join(repoRoot, 'config.yml'));
		expect(config.bot).toEqual({
			name: 'Tika',
			description: 'A sassy, efficient Discord bot',
			commandPrefix: ['!tika ', '!Tika '],
			caseInsensitive: true
		});
		expect(config.features).toEqual({
			defaultEnabled: ['progression', 'interactive_games', 'message_automation'],
			defaultDisabled: ['ai_chat']
		});
		expect(config.performance).toEqual({ cacheTtl: 300, maxCacheSize: 1000, autoBackupInterval: 3600, workerThreads: 0 });
		expect(config.logging).toEqual({
			level: LogLevel.Info,
			file: join(repoRoot, 'logs', 'bot.log'),
			maxSizeBytes: 10 * 1024 * 1024,
			backupCount: 5
		});
		expect(config.plugins).toEqual({
			autoLoad: true,
			hotReload: false,
			loadOrder: ['admin', 'user', 'automation', 'entertainment', 'community'],
			settings: {}
		});
	});
});

describe('defaults', () => {
	test('GIVEN an empty file THEN every key takes its default', () => {
		const config = parseConfig('', '/srv/tika/config.yml');

		expect(config).toEqual({
			source: '/srv/tika/config.yml',
			bot: { name: 'Tika', description: 'A sassy, efficient Discord bot', commandPrefix: ['!tika ', '!Tika '], caseInsensitive: true },
			features: { defaultEnabled: [], defaultDisabled: [] },
			performance: { cacheTtl: 300, maxCacheSize: 1000, autoBackupInterval: 3600, workerThreads: 0 },
			scheduler: { pollIntervalMs: 30_000, leaseMs: 30_000, maxAttempts: 5, retryBackoffMs: 10_000, batchSize: 100, concurrency: 64 },
			metrics: { enabled: false, host: '127.0.0.1', port: 9464 },
			logging: { level: LogLevel.Info, file: '/srv/tika/logs/bot.log', maxSizeBytes: 10 * 1024 * 1024, backupCount: 5 },
			plugins: { autoLoad: true, hotReload: false, loadOrder: [], settings: {} }
		});
	});

	test('GIVEN a file of comments only THEN it is treated as empty', () => {
		expect(parseConfig('# nothing here\n', '/srv/config.yml')).toEqual(parseConfig('', '/srv/config.yml'));
	});

	test('GIVEN a section whose keys are all commented out THEN that section takes its defaults', () => {
		const config = parseConfig('logging:\n  # level: DEBUG\nbot:\n  name: Kit\n', '/srv/config.yml');

		expect(config.logging.level).toBe(LogLevel.Info);
		expect(config.bot.name).toBe('Kit');
		expect(config.bot.commandPrefix).toEqual(['!tika ', '!Tika ']);
	});
});

describe('values that are converted', () => {
	test('GIVEN a single string prefix THEN it becomes a one-entry list', () => {
		expect(parseConfig('bot:\n  command_prefix: "? "\n', 'c.yml').bot.commandPrefix).toEqual(['? ']);
	});

	test.each([
		['debug', LogLevel.Debug],
		['Warning', LogLevel.Warn],
		['WARN', LogLevel.Warn],
		['critical', LogLevel.Fatal],
		['TRACE', LogLevel.Trace],
		['error', LogLevel.Error]
	])('GIVEN logging.level %s THEN the Sapphire level is %s', (level, expected) => {
		expect(parseConfig(`logging:\n  level: ${level}\n`, 'c.yml').logging.level).toBe(expected);
	});

	test.each([
		['"512KB"', 512 * 1024],
		['"1GB"', 1024 ** 3],
		['"10 mb"', 10 * 1024 ** 2],
		['"1.5MB"', 1.5 * 1024 ** 2],
		['2048', 2048]
	])('GIVEN logging.max_size %s THEN maxSizeBytes is %i', (size, bytes) => {
		expect(parseConfig(`logging:\n  max_size: ${size}\n`, 'c.yml').logging.maxSizeBytes).toBe(bytes);
	});

	test('GIVEN a relative logging.file THEN it resolves against the config file folder, not the working directory', () => {
		expect(parseConfig('logging:\n  file: out/tika.log\n', '/etc/tika/config.yml').logging.file).toBe('/etc/tika/out/tika.log');
		expect(parseConfig('logging:\n  file: /var/log/tika.log\n', '/etc/tika/config.yml').logging.file).toBe('/var/log/tika.log');
	});
});

describe('error messages', () => {
	test('GIVEN a value of the wrong type THEN the message names the file, key, value and what was expected', () => {
		expect(failureOf('performance:\n  cache_ttl: five\n')).toBe(
			'config.yml: performance.cache_ttl must be a positive number of seconds (got "five")'
		);
	});

	test('GIVEN a non-boolean flag THEN the message says true or false', () => {
		expect(failureOf('plugins:\n  hot_reload: yes\n')).toBe('config.yml: plugins.hot_reload must be true or false (got "yes")');
	});

	test('GIVEN a negative fractional count THEN it is reported once, not once per failed check', () => {
		expect(failureOf('logging:\n  backup_count: -1.5\n')).toBe('config.yml: logging.backup_count must be a positive whole number (got -1.5)');
	});

	test('GIVEN a bad list entry THEN the message points at the entry by index', () => {
		expect(failureOf('features:\n  default_enabled: [progression, Games]\n')).toBe(
			'config.yml: features.default_enabled[1] must be a snake_case name such as progression (a-z, 0-9, _) (got "Games")'
		);
	});

	test('GIVEN a section that is not a mapping THEN the section itself is named', () => {
		expect(failureOf('bot: 5\n')).toBe('config.yml: bot must be a mapping of bot settings (got 5)');
	});

	test('GIVEN an unknown key close to a real one THEN it is an error with a suggestion', () => {
		expect(failureOf('bot:\n  prefixx: "!"\n')).toBe('config.yml: unknown key bot.prefixx (did you mean command_prefix?)');
	});

	test('GIVEN a camelCase key THEN the snake_case spelling is suggested', () => {
		expect(failureOf('bot:\n  caseInsensitive: true\n')).toBe('config.yml: unknown key bot.caseInsensitive (did you mean case_insensitive?)');
	});

	test('GIVEN a key in the wrong section THEN the message says where it belongs', () => {
		expect(failureOf('logging:\n  cache_ttl: 5\n')).toBe('config.yml: unknown key logging.cache_ttl (it belongs under performance:)');
	});

	test('GIVEN an unknown key like nothing known THEN the expected keys are listed', () => {
		expect(failureOf('zzz: 1\n')).toBe(
			'config.yml: unknown key zzz (expected one of bot, features, performance, scheduler, metrics, logging, plugins)'
		);
	});

	test('GIVEN a size without a known unit THEN the accepted forms are shown', () => {
		expect(failureOf('logging:\n  max_size: 10XB\n')).toBe(
			'config.yml: logging.max_size must be a size such as "10MB", "512KB" or "1GB" (got "10XB")'
		);
	});

	test('GIVEN an unknown log level THEN the accepted levels are listed', () => {
		expect(failureOf('logging:\n  level: loud\n')).toBe(
			'config.yml: logging.level must be one of TRACE, DEBUG, INFO, WARN, WARNING, ERROR, CRITICAL, FATAL, NONE (got "loud")'
		);
	});

	test('GIVEN an empty value for a key THEN the message says so', () => {
		expect(failureOf('performance:\n  cache_ttl:\n')).toBe(
			'config.yml: performance.cache_ttl must be a positive number of seconds (got an empty value)'
		);
	});

	test('GIVEN a feature both enabled and disabled by default THEN the contradiction is reported', () => {
		expect(failureOf('features:\n  default_enabled: [ai_chat]\n  default_disabled: [ai_chat]\n')).toBe(
			'config.yml: features: ai_chat is in both default_enabled and default_disabled'
		);
	});

	test('GIVEN several problems THEN they are all reported on one line joined by "; "', () => {
		const message = failureOf('bot:\n  prefixx: "!"\nperformance:\n  cache_ttl: five\n  max_cache_size: 0\n');

		expect(message).not.toContain('\n');
		expect(message.split('; ')).toEqual([
			'config.yml: unknown key bot.prefixx (did you mean command_prefix?)',
			'performance.cache_ttl must be a positive number of seconds (got "five")',
			'performance.max_cache_size must be a positive whole number of entries (got 0)'
		]);
	});

	test('GIVEN broken YAML THEN the message names the line and column, on one line', () => {
		const message = failureOf('bot:\n  name: Tika\n  command_prefix: ["!tika "\nlogging:\n  level: INFO\n');

		expect(message).toMatch(/^config\.yml: YAML syntax error at line \d+, column \d+: \S/);
		expect(message).not.toContain('\n');
	});

	test('GIVEN a duplicated key THEN it is a YAML error naming its line', () => {
		expect(failureOf('bot:\n  name: A\n  name: B\n')).toBe('config.yml: YAML syntax error at line 3, column 3: Map keys must be unique');
	});

	test('GIVEN a top level that is a list THEN the message says a mapping of sections is expected', () => {
		expect(failureOf('- bot\n')).toBe('config.yml: the top level must be a mapping of sections such as "bot:" and "logging:" (got ["bot"])');
	});

	test('GIVEN a config error THEN the printed line ends with where to look for the fix', () => {
		try {
			parseConfig('performance:\n  cache_ttl: five\n', 'config.yml');
		} catch (error) {
			expect((error as StartupError).toLine()).toBe(
				'config.yml: performance.cache_ttl must be a positive number of seconds (got "five"). Fix config.yml (every key is described in docs/configuration.md)'
			);
		}
		expect.assertions(1);
	});
});

describe('loadConfig', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-config-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	test('GIVEN a missing file THEN the error gives its absolute path, the errno and the fix', () => {
		const path = join(dir, 'config.yml');

		expect(() => loadConfig(path)).toThrow(StartupError);
		try {
			loadConfig(path);
		} catch (error) {
			expect((error as StartupError).toLine()).toBe(`Cannot read config file ${path} (ENOENT). Set TIKA_CONFIG or restore config.yml`);
		}
	});

	test('GIVEN a file outside the working directory with an error THEN the message names it by absolute path', () => {
		const path = join(dir, 'tika.yml');
		writeFileSync(path, 'performance:\n  cache_ttl: -1\n');

		expect(() => loadConfig(path)).toThrow(`${path}: performance.cache_ttl must be a positive number of seconds (got -1)`);
	});

	test('GIVEN a valid file elsewhere THEN logging.file resolves next to it', () => {
		const path = join(dir, 'tika.yml');
		writeFileSync(path, 'logging:\n  file: bot.log\n');

		expect(loadConfig(path).logging.file).toBe(join(dir, 'bot.log'));
	});
});

describe('plugin sections (plugins.settings.<name>)', () => {
	const greetings = definePlugin({
		name: 'greetings',
		category: 'community',
		description: 'Welcome messages',
		version: '1.0.0',
		config: z.strictObject({
			channel_name: z._default(z.string({ error: 'a channel name' }), 'welcome'),
			max_per_day: z._default(z.int({ error: 'a whole number from 1 to 20' }).check(z.gte(1), z.lte(20)), 3)
		})
	});
	const quiet = definePlugin({ name: 'quiet', category: 'user', description: 'No settings', version: '1.0.0' });
	const plugins = [{ manifest: greetings }, { manifest: quiet }];
	const validate = (yaml: string) => validatePluginSettings(parseConfig(yaml, 'config.yml'), plugins);
	const failure = (yaml: string) => {
		try {
			validate(yaml);
		} catch (error) {
			expect(error).toBeInstanceOf(StartupError);
			return (error as StartupError).toLine();
		}
		throw new Error('expected the plugin settings to be refused');
	};

	test('GIVEN a section THEN the plugin gets it parsed by its own schema, typed', () => {
		const parsed = validate('plugins:\n  settings:\n    greetings:\n      max_per_day: 5\n');
		expect(parsed.get('greetings')).toEqual({ channel_name: 'welcome', max_per_day: 5 });
	});

	test('GIVEN no section THEN the plugin gets its schema defaults', () => {
		expect(validate('').get('greetings')).toEqual({ channel_name: 'welcome', max_per_day: 3 });
		expect(validate('plugins:\n  settings:\n    greetings:\n').get('greetings')).toEqual({ channel_name: 'welcome', max_per_day: 3 });
	});

	test('GIVEN a bad value THEN one line names the full key, the expectation and the value', () => {
		expect(failure('plugins:\n  settings:\n    greetings:\n      max_per_day: 0\n')).toBe(
			"config.yml: plugins.settings.greetings.max_per_day must be a whole number from 1 to 20 (got 0). Fix config.yml (each plugin's settings are described in its guide)"
		);
	});

	test('GIVEN a typo in a key THEN the nearest key is suggested', () => {
		expect(failure('plugins:\n  settings:\n    greetings:\n      max_per_dya: 2\n')).toMatch(
			/^config\.yml: unknown key plugins\.settings\.greetings\.max_per_dya \(did you mean max_per_day\?\)\. /
		);
	});

	test('GIVEN a section for a plugin that is not installed THEN it is named, with the nearest plugin', () => {
		expect(failure('plugins:\n  settings:\n    greetngs:\n      max_per_day: 2\n')).toMatch(
			/^config\.yml: unknown plugin section plugins\.settings\.greetngs \(did you mean greetings\?\)\. /
		);
		expect(failure('plugins:\n  settings:\n    ai_chat:\n      model: x\n')).toMatch(
			/unknown plugin section plugins\.settings\.ai_chat \(installed plugins: greetings, quiet\)/
		);
	});

	test('GIVEN a section for a plugin that takes no settings THEN it is refused', () => {
		expect(failure('plugins:\n  settings:\n    quiet:\n      loud: true\n')).toMatch(/plugins\.settings\.quiet: plugin quiet takes no settings/);
	});

	test('GIVEN a section that is not a mapping THEN the core schema refuses it with one line', () => {
		expect(failureOf('plugins:\n  settings:\n    greetings: 3\n')).toMatch(
			/plugins\.settings\.greetings must be a mapping of the plugin's settings \(got 3\)/
		);
	});

	test('GIVEN no validated config THEN pluginConfig falls back to the schema defaults', () => {
		expect(pluginConfig(definePlugin({ ...greetings, name: 'greetings_two' }))).toEqual({ channel_name: 'welcome', max_per_day: 3 });
	});
});
