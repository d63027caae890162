import { LogLevel } from '@sapphire/framework';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { LoggingConfig } from '#core/config/schema';
import { StartupError } from '#core/errors';
import { clearRegisteredSecrets, createLogger, registerSecret, type TikaLogger } from '#core/logging/index';

const TOKEN = 'MTA1MjM0NTY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789ab';
const ISO_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) /;

let dir: string;
let logger: TikaLogger | undefined;

function logging(overrides: Partial<LoggingConfig> = {}): LoggingConfig {
	return { level: LogLevel.Debug, file: join(dir, 'logs', 'bot.log'), maxSizeBytes: 1024 * 1024, backupCount: 3, ...overrides };
}

function fileLines(name = 'bot.log'): string[] {
	return readFileSync(join(dir, 'logs', name), 'utf8')
		.split('\n')
		.filter(Boolean);
}

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'tika-log-'));
});

afterEach(async () => {
	await logger?.close();
	logger = undefined;
	clearRegisteredSecrets();
	rmSync(dir, { recursive: true, force: true });
});

describe('the log file', () => {
	test('GIVEN entries at several levels THEN each is one plain line with an ISO timestamp and its level', async () => {
		logger = createLogger(logging(), { console: false });
		logger.info('Ready as Tika');
		logger.warn('slow gateway', { ping: 420 });
		logger.error(new Error('boom'));
		await logger.close();

		const lines = fileLines();
		expect(lines).toHaveLength(3);
		for (const line of lines) expect(line).toMatch(ISO_LINE);
		expect(lines[0]).toMatch(/ INFO {2}Ready as Tika$/);
		expect(lines[1]).toMatch(/ WARN {2}slow gateway \{ ping: 420 \}$/);
		expect(lines[2]).toMatch(/ ERROR Error: boom\\n {4}at /);
	});

	test('GIVEN coloured text THEN the file gets it without ANSI codes', async () => {
		logger = createLogger(logging(), { console: false });
		logger.info('\u001b[31mred\u001b[39m and', { nested: 'value' });
		await logger.close();

		const content = readFileSync(join(dir, 'logs', 'bot.log'), 'utf8');
		expect(content).not.toContain('\u001b');
		expect(content).toContain("red and { nested: 'value' }");
	});

	test('GIVEN a folder that does not exist yet THEN it is created', async () => {
		logger = createLogger(logging({ file: join(dir, 'logs', 'deep', 'er', 'tika.log') }), { console: false });
		logger.info('hello');
		await logger.close();

		expect(readFileSync(join(dir, 'logs', 'deep', 'er', 'tika.log'), 'utf8')).toContain('hello');
	});

	test('GIVEN a log path that cannot be written THEN start-up fails with one line naming the path and the fix', () => {
		const blocked = join(dir, 'not-a-folder');
		logger = createLogger(logging({ file: blocked }), { console: false });
		logger.info('x');

		expect(() => createLogger(logging({ file: join(blocked, 'bot.log') }), { console: false })).toThrow(StartupError);
		expect(() => createLogger(logging({ file: join(blocked, 'bot.log') }), { console: false })).toThrow(
			`Cannot write log file ${join(blocked, 'bot.log')}`
		);
	});

	test('GIVEN the configured level is WARN THEN lower levels are written nowhere', async () => {
		const stdout = new PassThrough();
		let printed = '';
		stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
		logger = createLogger(logging({ level: LogLevel.Warn }), { stdout, stderr: stdout });
		logger.trace('trace entry');
		logger.debug('debug entry');
		logger.info('info entry');
		logger.warn('warn entry');
		logger.error('error entry');
		await logger.close();

		expect(fileLines().map((line) => line.replace(ISO_LINE, ''))).toEqual(['warn entry', 'error entry']);
		expect(printed).not.toMatch(/trace entry|debug entry|info entry/);
		expect(printed).toContain('warn entry');
	});

	test('GIVEN close has been awaited THEN later entries do not throw and do not reach the file', async () => {
		logger = createLogger(logging(), { console: false });
		logger.info('before');
		await logger.close();
		logger.info('after');
		await logger.close();

		expect(fileLines().map((line) => line.replace(ISO_LINE, ''))).toEqual(['before']);
	});
});

describe('secrets', () => {
	test('GIVEN the token, a database password and a registered secret in every form THEN none reaches the file or the console', async () => {
		const stdout = new PassThrough();
		let printed = '';
		stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
		logger = createLogger(logging(), { stdout, stderr: stdout, secrets: ['plain-test-token'] });
		registerSecret('openai-key-123456');

		logger.info(`Logging in with ${TOKEN}`);
		logger.info('Token is', 'plain-test-token');
		logger.info('Database postgresql://tika:hunter2@127.0.0.1:5432/tika');
		logger.warn({ url: 'postgres://admin:hunter2@db/tika', authorization: 'Bot plain-test-token' });
		logger.error(new Error(`Request failed with Authorization: Bot ${TOKEN} and key openai-key-123456`));
		await logger.close();

		const file = readFileSync(join(dir, 'logs', 'bot.log'), 'utf8');
		for (const output of [file, printed]) {
			expect(output).not.toContain(TOKEN);
			expect(output).not.toContain('plain-test-token');
			expect(output).not.toContain('hunter2');
			expect(output).not.toContain('openai-key-123456');
			expect(output).toContain('postgresql://tika:***@127.0.0.1:5432/tika');
		}
		expect(file.split('\n').filter(Boolean)).toHaveLength(5);
	});
});

describe('rotation', () => {
	test('GIVEN the file reaches max_size THEN it is rotated to bot.log.1', async () => {
		logger = createLogger(logging({ maxSizeBytes: 200 }), { console: false });
		const rotated = once(logger.fileStream!, 'rotated');
		for (let entry = 0; entry < 4; entry++) logger.info(`entry ${entry} ${'x'.repeat(40)}`);

		const [rotatedTo] = (await rotated) as [string];

		expect(rotatedTo).toBe(join(dir, 'logs', 'bot.log.1'));
		expect(readFileSync(rotatedTo, 'utf8')).toContain('entry 0');
	});

	test('GIVEN many rotations THEN only backup_count rotated files are kept, newest first', async () => {
		logger = createLogger(logging({ maxSizeBytes: 200, backupCount: 2 }), { console: false });
		const rotations: string[] = [];
		logger.fileStream!.on('rotated', (name: string) => rotations.push(name));
		// ~80-byte lines: the 3rd line of each group crosses 200 bytes, so 12 lines give exactly 4 rotations.
		for (let entry = 0; entry < 12; entry++) logger.info(`entry ${String(entry).padStart(2, '0')} ${'x'.repeat(40)}`);
		// Rotation runs inside the stream's write queue, so every 'rotated' event has fired once the stream finishes.
		await logger.close();

		expect(rotations).toHaveLength(4);
		expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['bot.log', 'bot.log.1', 'bot.log.2']);
		expect(existsSync(join(dir, 'logs', 'bot.log.3'))).toBe(false);
		// bot.log.1 holds the most recent full file (entries 09–11), bot.log.2 the one before (06–08).
		expect(fileLines('bot.log.1').map((line) => /entry (\d+)/.exec(line)![1])).toEqual(['09', '10', '11']);
		expect(fileLines('bot.log.2').map((line) => /entry (\d+)/.exec(line)![1])).toEqual(['06', '07', '08']);
	});
});

describe('createLogger', () => {
	test('GIVEN the logging config THEN the logger uses its level and file', () => {
		logger = createLogger(logging({ level: LogLevel.Error }), { console: false });

		expect(logger.level).toBe(LogLevel.Error);
		expect(logger.filePath).toBe(join(dir, 'logs', 'bot.log'));
		expect(logger.has(LogLevel.Warn)).toBe(false);
	});

	test('GIVEN file logging turned off THEN nothing is created on disk', async () => {
		logger = createLogger(logging(), { console: false, file: false });
		logger.info('console only');
		await logger.close();

		expect(logger.fileStream).toBeNull();
		expect(existsSync(join(dir, 'logs'))).toBe(false);
	});
});
