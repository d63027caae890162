import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DatabaseError, openDatabase, redactUrl, type TikaDatabase } from '#core/database/index';
import { sqlitePath } from '#core/database/url';
import { createTestDatabase, type TestDatabase } from '../../support/database';

describe('openDatabase', () => {
	const cleanups: (() => Promise<void>)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	async function open(provider: 'sqlite' | 'postgresql'): Promise<{ db: TikaDatabase; test: TestDatabase }> {
		const test = await createTestDatabase(provider);
		cleanups.push(test.cleanup);
		const db = await openDatabase(test.url);
		cleanups.push(() => db.disconnect());
		return { db, test };
	}

	test.each(['sqlite', 'postgresql'] as const)('on a fresh %s database it migrates, answers ping and stores JSON', async (provider) => {
		const { db } = await open(provider);
		expect(db.provider).toBe(provider);
		await expect(db.ping()).resolves.toBeUndefined();
		await db.prisma.guildSettings.create({ data: { guildId: '123456789012345678', data: { welcome: { channel: '1', emoji: '👋' } } } });
		const row = await db.prisma.guildSettings.findUniqueOrThrow({ where: { guildId: '123456789012345678' } });
		expect(row.sassLevel).toBe('full');
		expect(row.data).toEqual({ welcome: { channel: '1', emoji: '👋' } });
		expect(row.createdAt).toBeInstanceOf(Date);
	});

	test('a SQLite database is created in WAL mode, folder included', async () => {
		const test = await createTestDatabase('sqlite');
		cleanups.push(test.cleanup);
		const url = test.url.replace(/tika\.db$/, 'nested/folder/tika.db');
		const db = await openDatabase(url);
		await db.disconnect();
		const raw = new Database(sqlitePath(url));
		expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
		raw.close();
	});

	test('an unreachable PostgreSQL server fails fast with one line naming the problem and the fix, password redacted', async () => {
		const started = performance.now();
		const error = await openDatabase('postgresql://tika:s3cret@127.0.0.1:1/tika').catch((caught: unknown) => caught);
		expect(performance.now() - started).toBeLessThan(5_500);
		expect(error).toBeInstanceOf(DatabaseError);
		const { message, code } = error as DatabaseError;
		expect(code).toBe('ECONNREFUSED');
		expect(message).toBe('Cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED). Is the server running? Check DATABASE_URL.');
		expect(message).not.toContain('s3cret');
		expect(message).not.toContain('\n');
	});

	test('a missing PostgreSQL database is reported by name with the command that creates it', async () => {
		const error = (await openDatabase('postgresql://postgres@127.0.0.1:5432/tika_does_not_exist').catch(
			(caught: unknown) => caught
		)) as DatabaseError;
		expect(error).toBeInstanceOf(DatabaseError);
		expect(error.message).toBe(
			'PostgreSQL database "tika_does_not_exist" does not exist on 127.0.0.1:5432. Create it (createdb tika_does_not_exist) or fix DATABASE_URL.'
		);
	});

	test('a URL of an unsupported database is refused with the accepted forms', async () => {
		await expect(openDatabase('mysql://root:pw@localhost/tika')).rejects.toThrow(
			'Unsupported DATABASE_URL "mysql://root:***@localhost/tika": use file:./data/tika.db for SQLite or postgresql://user:password@host:5432/database for PostgreSQL.'
		);
	});

	test('a file that is not a SQLite database is refused in one line', async () => {
		const error = (await openDatabase(`file:${__filename}`).catch((caught: unknown) => caught)) as DatabaseError;
		expect(error).toBeInstanceOf(DatabaseError);
		expect(error.code).toBe('SQLITE_NOTADB');
		expect(error.message).not.toContain('\n');
	});
});

describe('createTestDatabase', () => {
	test('gives an empty database of the provider TIKA_TEST_DATABASE selects, and cleanup removes it', async () => {
		const expected = process.env.TIKA_TEST_DATABASE === 'postgres' ? 'postgresql' : 'sqlite';
		const test = await createTestDatabase();
		expect(test.provider).toBe(expected);
		const db = await openDatabase(test.url, { migrate: false });
		await db.disconnect();
		await test.cleanup();
		if (expected === 'sqlite') expect(existsSync(sqlitePath(test.url))).toBe(false);
		else await expect(openDatabase(test.url, { migrate: false })).rejects.toThrow(/does not exist/);
	});
});

describe('redactUrl', () => {
	test('hides the password of a connection URL and leaves SQLite paths alone', () => {
		expect(redactUrl('postgresql://tika:p%40ss@db.example:5432/tika?schema=bot')).toBe('postgresql://tika:***@db.example:5432/tika?schema=bot');
		expect(redactUrl('postgresql://tika@db.example/tika')).toBe('postgresql://tika@db.example/tika');
		expect(redactUrl('file:./data/tika.db')).toBe('file:./data/tika.db');
	});
});
