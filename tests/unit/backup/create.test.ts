import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { backupFileName, createBackup, defaultBackupDirectory, formatBytes, isBackupName, pruneBackups } from '#core/backup/index';
import { DatabaseError, openDatabase, type TikaDatabase } from '#core/database/index';
import { WorkerPool } from '#core/workers/index';
import { joinModels, modelSources } from '#core/database/schema';
import { sqlitePath } from '#core/database/url';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const GUILD = '123456789012345678';
const USER = '323456789012345678';

interface JsonBackup {
	format: string;
	version: number;
	provider: string;
	createdAt: string;
	migrations: string[];
	models: Record<string, Record<string, unknown>[]>;
}

/** Rows of every kind of column: strings, booleans, Json documents, dates. */
async function seed(db: TikaDatabase): Promise<void> {
	await db.prisma.botAdmin.create({ data: { userId: USER, addedBy: GUILD, createdAt: new Date('2025-01-02T03:04:05.678Z') } });
	await db.prisma.guildSettings.create({ data: { guildId: GUILD, sassLevel: "it's mild", data: { nested: { list: [1, 'two', null] } } } });
	await db.prisma.guildData.create({ data: { guildId: GUILD, plugin: 'levels', data: { xp: 42, big: '9007199254740993' } } });
	await db.prisma.userData.create({ data: { userId: USER, plugin: 'levels', data: [1, 2, 3] } });
	await db.prisma.pluginState.create({ data: { name: 'fun', enabled: false } });
}

/** Every model of the core and of every plugin: a backup must hold them all, whichever plugins added them. */
// Every model but the running processes' heartbeat rows, which describe processes, not data.
const MODELS = [...joinModels(modelSources()).matchAll(/^model (\w+) \{/gm)]
	.map((match) => match[1]!)
	.filter((name) => name !== 'TikaProcess')
	.sort();

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as JsonBackup;

describe.each(['sqlite', 'postgresql'] as const)('createBackup on %s', (provider) => {
	let testDb: TestDatabase;
	let db: TikaDatabase;
	let dir: string;

	beforeAll(async () => {
		testDb = await createTestDatabase(provider);
		db = await openDatabase(testDb.url);
		await seed(db);
	});
	afterAll(async () => {
		await db.disconnect();
		await testDb.cleanup();
	});
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-backup-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	test('a JSON backup holds every model with the rows written before it, dates and Json intact', async () => {
		const result = await createBackup(db, { directory: dir, format: 'json', now: () => new Date('2025-06-01T12:00:00.000Z') });

		expect(basename(result.file)).toBe('tika-2025-06-01T12-00-00-000Z.json');
		expect(result.format).toBe('json');
		expect(result.bytes).toBe(readFileSync(result.file).length);
		expect(result.ms).toBeGreaterThanOrEqual(0);
		const backup = readJson(result.file);
		expect(backup).toMatchObject({ format: 'tika-backup', version: 1, provider, createdAt: '2025-06-01T12:00:00.000Z' });
		expect(Object.keys(backup.models).sort()).toEqual(MODELS);
		// Which schema the rows belong to, so a restore can refuse a newer Tika's backup.
		expect(backup.migrations).toEqual(
			readdirSync(join(__dirname, '../../../prisma/sqlite/migrations'), { withFileTypes: true })
				.filter((entry) => entry.isDirectory())
				.map((entry) => entry.name)
				.sort()
		);
		expect(backup.models.BotAdmin).toEqual([{ userId: USER, addedBy: GUILD, createdAt: '2025-01-02T03:04:05.678Z' }]);
		expect(backup.models.GuildSettings).toEqual([
			expect.objectContaining({ guildId: GUILD, sassLevel: "it's mild", locale: null, data: { nested: { list: [1, 'two', null] } } })
		]);
		expect(backup.models.GuildData).toEqual([expect.objectContaining({ plugin: 'levels', data: { xp: 42, big: '9007199254740993' } })]);
		expect(backup.models.UserData![0]!.data).toEqual([1, 2, 3]);
		expect(backup.models.PluginState).toEqual([expect.objectContaining({ name: 'fun', enabled: false })]);
		expect(backup.models.FeatureOverride).toEqual([]);
		expect(readdirSync(dir)).toEqual([basename(result.file)]);
	});

	test('a JSON backup of an empty table is still valid JSON', async () => {
		const other = await createTestDatabase(provider);
		const empty = await openDatabase(other.url);
		try {
			const backup = readJson((await createBackup(empty, { directory: dir, format: 'json' })).file);
			expect(Object.values(backup.models).every((rows) => rows.length === 0)).toBe(true);
		} finally {
			await empty.disconnect();
			await other.cleanup();
		}
	});

	test('a JSON backup reads tables larger than a page completely, each row once, in key order, one row per line', async () => {
		const other = await createTestDatabase(provider);
		const big = await openDatabase(other.url);
		try {
			// 1,234 members over 3 guilds (key: guildId, userId) and 1,100 counters (key: guildId, day, channelId):
			// several pages each, with runs of equal leading key fields across page boundaries.
			const members = Array.from({ length: 1_234 }, (_, index) => ({
				guildId: `${(index * 7) % 3}`,
				userId: `${300_000_000_000_000_000n + BigInt((index * 7_919) % 1_234)}`,
				xp: index,
				level: index % 50,
				messages: index,
				updatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index))
			}));
			const counters = Array.from({ length: 1_100 }, (_, index) => ({
				guildId: `${index % 2}`,
				day: `2025-01-${`${1 + (Math.floor(index / 2) % 25)}`.padStart(2, '0')}`,
				channelId: `${100 + Math.floor(index / 50)}`,
				messages: index
			}));
			await big.prisma.memberXp.createMany({ data: members });
			await big.prisma.channelActivity.createMany({ data: counters });

			const text = readFileSync((await createBackup(big, { directory: dir, format: 'json' })).file, 'utf8');
			const backup = JSON.parse(text) as JsonBackup;

			const byKey =
				(...fields: string[]) =>
				(a: Record<string, unknown>, b: Record<string, unknown>) => {
					for (const field of fields) if (a[field] !== b[field]) return String(a[field]) < String(b[field]) ? -1 : 1;
					return 0;
				};
			const json = (rows: Record<string, unknown>[]) => rows.map((row) => JSON.parse(JSON.stringify(row)) as Record<string, unknown>);
			expect(backup.models.MemberXp).toEqual(json(members).sort(byKey('guildId', 'userId')));
			expect(backup.models.ChannelActivity).toEqual(json(counters).sort(byKey('guildId', 'day', 'channelId')));
			// The text restore reads: the header, then each model's rows one per line, exactly as before paging.
			const { models, ...header } = backup;
			const body = Object.entries(models)
				.map(
					([model, rows]) =>
						`\n${JSON.stringify(model)}:[${rows.length ? `\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n` : ''}]`
				)
				.join(',');
			expect(text).toBe(`${JSON.stringify(header).slice(0, -1)},"models":{${body}\n}}\n`);
		} finally {
			await big.disconnect();
			await other.cleanup();
		}
	});

	test('retention keeps the newest backups and deletes only the oldest of ours, never foreign files', async () => {
		const ours = ['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z', '2025-01-03T00:00:00.000Z'].map((at) =>
			backupFileName(new Date(at), 'json')
		);
		const foreign = [
			'notes.txt',
			'tika.db',
			'tika-manual-copy.db',
			'tika-2020-01-01T00-00-00-000Z.db.tmp',
			'my-tika-2020-01-01T00-00-00-000Z.db'
		];
		for (const name of [...ours, ...foreign]) writeFileSync(join(dir, name), 'x');

		const result = await createBackup(db, { directory: dir, format: 'json', keep: 2, now: () => new Date('2025-02-01T00:00:00.000Z') });

		expect(result.deleted.map((file) => basename(file)).sort()).toEqual([ours[0], ours[1]]);
		expect(readdirSync(dir).sort()).toEqual([...foreign, ours[2]!, basename(result.file)].sort());
	});

	test('two backups in the same millisecond get distinct names and the later one counts as newer', async () => {
		const now = () => new Date('2025-06-01T12:00:00.000Z');
		const first = await createBackup(db, { directory: dir, format: 'json', now });
		const second = await createBackup(db, { directory: dir, format: 'json', now, keep: 1 });

		expect(basename(second.file)).toBe('tika-2025-06-01T12-00-00-000Z-1.json');
		expect(second.deleted).toEqual([first.file]);
	});

	test('a keep below 1 is refused before anything is written', async () => {
		await expect(createBackup(db, { directory: dir, keep: 0 })).rejects.toThrow(/at least 1/);
		expect(readdirSync(dir)).toEqual([]);
	});

	if (provider === 'sqlite') {
		test('the default SQLite backup is a .db snapshot that opens with the rows written before it', async () => {
			const result = await createBackup(db, { directory: dir });

			expect(result.file).toMatch(/tika-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db$/);
			expect(result.format).toBe('sqlite');
			const snapshot = new Database(result.file, { readonly: true });
			try {
				expect(snapshot.prepare('SELECT userId, addedBy FROM BotAdmin').all()).toEqual([{ userId: USER, addedBy: GUILD }]);
				expect(JSON.parse((snapshot.prepare('SELECT data FROM GuildData').get() as { data: string }).data)).toEqual({
					xp: 42,
					big: '9007199254740993'
				});
				// A standalone file: no -wal beside it is needed to read it.
				expect(snapshot.pragma('journal_mode', { simple: true })).toBe('delete');
			} finally {
				snapshot.close();
			}
			expect(readdirSync(dir)).toEqual([basename(result.file)]);
		});

		test('a snapshot taken while another connection holds an open write transaction has only committed rows', async () => {
			const writer = new Database(sqlitePath(testDb.url), { timeout: 5_000 });
			try {
				writer.prepare('BEGIN IMMEDIATE').run();
				writer.prepare("INSERT INTO PluginState (name, enabled, updatedAt) VALUES ('uncommitted', 1, 0)").run();
				const result = await createBackup(db, { directory: dir });
				writer.prepare('ROLLBACK').run();

				const snapshot = new Database(result.file, { readonly: true });
				expect(snapshot.prepare('SELECT name FROM PluginState').all()).toEqual([{ name: 'fun' }]);
				snapshot.close();
			} finally {
				writer.close();
			}
		});

		test('the .db snapshot is copied on the worker pool when there is one, and here when it is closed', async () => {
			const pool = new WorkerPool({ size: 1 });
			try {
				const pooled = await createBackup(db, { directory: dir, workers: pool });
				expect(pool.stats()).toMatchObject({ completed: 1, failed: 0 });
				await pool.close();
				const inline = await createBackup(db, { directory: dir, workers: pool });
				expect(pool.stats().completed).toBe(1);

				for (const file of [pooled.file, inline.file]) {
					const snapshot = new Database(file, { readonly: true });
					expect(snapshot.prepare('SELECT userId FROM BotAdmin').all()).toEqual([{ userId: USER }]);
					snapshot.close();
				}
			} finally {
				await pool.close();
			}
		});

		test("a snapshot that fails on the worker pool fails with SQLite's reason and leaves no file", async () => {
			const pool = new WorkerPool({ size: 1 });
			const missing = { provider: 'sqlite', url: pathToFileURL(join(dir, 'missing.db')).href } as TikaDatabase;
			try {
				await expect(createBackup(missing, { directory: join(dir, 'out'), workers: pool })).rejects.toMatchObject({
					name: 'DatabaseError',
					code: 'SQLITE_CANTOPEN'
				});
				expect(pool.stats()).toMatchObject({ completed: 1, failed: 0 });
				expect(readdirSync(join(dir, 'out'))).toEqual([]);
			} finally {
				await pool.close();
			}
		});

		test('the default folder is backups/ beside the SQLite file', () => {
			expect(defaultBackupDirectory(db)).toBe(join(dirname(sqlitePath(testDb.url)), 'backups'));
			expect(defaultBackupDirectory({ provider: 'sqlite', url: 'file:./data/tika.db' }, '/srv/tika')).toBe('/srv/tika/data/backups');
		});
	} else {
		test('a .db snapshot of PostgreSQL is refused with a one-line reason', async () => {
			await expect(createBackup(db, { directory: dir, format: 'sqlite' })).rejects.toThrow(DatabaseError);
			expect(readdirSync(dir)).toEqual([]);
		});

		test('the default PostgreSQL backup is a pg_dump file (pg_dump is on PATH here) in data/backups under the working directory', async () => {
			expect(defaultBackupDirectory(db, '/srv/tika')).toBe('/srv/tika/data/backups');
			const result = await createBackup(db, { directory: dir });
			expect(result).toMatchObject({ format: 'pg_dump', file: expect.stringMatching(/\.dump$/) });
			expect(readFileSync(result.file).subarray(0, 5).toString()).toBe('PGDMP');
		});

		test('without pg_dump on PATH the PostgreSQL backup is a JSON snapshot', async () => {
			expect((await createBackup(db, { directory: dir, pgDumpPath: null })).file).toMatch(/\.json$/);
		});

		test('a pg_dump that fails (e.g. older than the server) leaves a JSON snapshot and says why', async () => {
			const result = await createBackup(db, { directory: dir, pgDumpPath: '/bin/false' });
			expect(result.format).toBe('json');
			expect(result.note).toMatch(/^pg_dump failed \(.+\), so this is a JSON snapshot$/);
			expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
		});
	}
});

describe('backup helpers', () => {
	test('backup names sort chronologically and only they count as ours', () => {
		const names = ['2025-12-31T23:59:59.999Z', '2025-01-01T00:00:00.000Z'].map((at) => backupFileName(new Date(at), 'db'));

		expect([...names].sort()).toEqual([names[1], names[0]]);
		expect(names.every(isBackupName)).toBe(true);
		expect(isBackupName('tika.db')).toBe(false);
		expect(isBackupName(`${names[0]}.tmp`)).toBe(false);
	});

	test('pruning a folder with fewer backups than keep deletes nothing', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tika-backup-'));
		writeFileSync(join(dir, backupFileName(new Date(0), 'db')), 'x');

		await expect(pruneBackups(dir, 5)).resolves.toEqual([]);
		rmSync(dir, { recursive: true, force: true });
	});

	test('sizes read like the log settings, in binary units', () => {
		expect(formatBytes(812)).toBe('812 B');
		expect(formatBytes(48 * 1024 + 200)).toBe('48.2 KB');
		expect(formatBytes(3.1 * 1024 * 1024)).toBe('3.1 MB');
	});
});

describe('JSON snapshot encoding', () => {
	test('BigInt, bytes and dates are written as strings instead of failing or turning into index-keyed objects', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tika-backup-'));
		const row = { id: 9007199254740993n, blob: new Uint8Array([1, 2, 3]), buffer: Buffer.from('hi'), at: new Date(0), doc: { a: [1] } };
		// A client whose every model holds that row: the real schema has no BigInt or Bytes column yet.
		const delegate = { findMany: () => Promise.resolve([row]) };
		const tx = new Proxy({ $executeRawUnsafe: () => Promise.resolve(0) } as Record<string, unknown>, {
			get: (target, key: string) => target[key] ?? delegate
		});
		const fake = {
			provider: 'postgresql',
			url: 'postgresql://x@127.0.0.1/x',
			prisma: { $transaction: (fn: (client: unknown) => Promise<unknown>) => fn(tx) }
		} as unknown as TikaDatabase;

		const backup = readJson((await createBackup(fake, { directory: dir, format: 'json' })).file);

		expect(backup.models.GuildData).toEqual([
			{ id: '9007199254740993', blob: 'AQID', buffer: 'aGk=', at: '1970-01-01T00:00:00.000Z', doc: { a: [1] } }
		]);
		rmSync(dir, { recursive: true, force: true });
	});
});
