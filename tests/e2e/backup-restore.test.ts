/**
 * Backup → wipe → restore → the same rows, in every table, on the provider the suite runs on
 * (`TIKA_TEST_DATABASE=postgres` for PostgreSQL): every backup format that provider writes, through the library and
 * through `npm run db:backup` / `npm run db:restore` as an operator would run them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBackup, restoreBackup, verifyBackup, type BackupFormat } from '#core/backup/index';
import { modelNames } from '#core/backup/create';
import { schemaModels } from '#core/backup/restore';
import { startHeartbeat } from '#core/database/heartbeat';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { sqlitePath } from '#core/database/url';
import { pgAdminQuery } from '#core/database/engine';
import { postgresTarget } from '#core/database/url';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { REPO_ROOT } from '../support/process';

type Row = Record<string, unknown>;
type Delegate = { findMany(): Promise<Row[]>; createMany(args: { data: Row[] }): Promise<unknown>; create(args: { data: Row }): Promise<Row> };
const delegate = (db: TikaDatabase, model: string) =>
	(db.prisma as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!;

/** Two rows in every table of the schema, with every column set (and, in the second row, every optional column null). */
async function fillEveryTable(db: TikaDatabase): Promise<void> {
	const { Prisma } = (db.provider === 'sqlite' ? require('../../src/generated/sqlite/client') : require('../../src/generated/postgres/client')) as {
		Prisma: { DbNull: unknown };
	};
	const models = schemaModels(db.provider);
	for (const model of modelNames(db.provider)) {
		const fields = models.get(model)!;
		const rows = [0, 1].map((i) => {
			const row: Row = {};
			for (const [name, field] of fields) {
				if (field.autoincrement) continue; // Assigned by the database: the restore must keep them and move the sequence.
				if (field.optional && i === 1) {
					row[name] = field.type === 'Json' ? Prisma.DbNull : null;
					continue;
				}
				row[name] =
					field.type === 'Int'
						? 7 + i
						: field.type === 'Boolean'
							? i === 0
							: field.type === 'DateTime'
								? new Date(Date.UTC(2025, 5, 1, 12, 0, i, 123))
								: field.type === 'Json'
									? { n: i, list: ['ünïcode ✓', 1.5, null], nested: { ok: true } }
									: field.type === 'Float'
										? 1.25 + i
										: `${model}-${name}-${i}-'quoted' "and" \\ back`;
			}
			return row;
		});
		await delegate(db, model).createMany({ data: rows });
	}
}

/** Every table's rows, each table sorted, as comparable JSON. */
async function snapshot(db: TikaDatabase): Promise<Record<string, string[]>> {
	const out: Record<string, string[]> = {};
	for (const model of modelNames(db.provider)) out[model] = (await delegate(db, model).findMany()).map((row) => JSON.stringify(row)).sort();
	return out;
}

function runScript(script: string, env: Record<string, string>, ...args: string[]) {
	const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', resolve(REPO_ROOT, script), ...args], {
		cwd: REPO_ROOT,
		env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
		encoding: 'utf8',
		timeout: 120_000
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('backup → wipe → restore', () => {
	let testDb: TestDatabase;
	let dir: string;
	let expected: Record<string, string[]>;

	beforeAll(async () => {
		testDb = await createTestDatabase();
		dir = mkdtempSync(join(tmpdir(), 'tika-restore-'));
		const db = await openDatabase(testDb.url);
		try {
			await fillEveryTable(db);
			expected = await snapshot(db);
		} finally {
			await db.disconnect();
		}
	});
	afterAll(async () => {
		await testDb?.cleanup();
		rmSync(dir, { recursive: true, force: true });
	});

	/** Wipes the database for real: the SQLite file is deleted, the PostgreSQL database dropped and created empty. */
	async function wipe(): Promise<void> {
		if (testDb.provider === 'sqlite') {
			const file = sqlitePath(testDb.url);
			for (const side of ['', '-wal', '-shm']) rmSync(`${file}${side}`, { force: true });
			return;
		}
		const target = postgresTarget(testDb.url);
		await pgAdminQuery(target, `DROP DATABASE "${target.database}" WITH (FORCE)`, 'postgres');
		await pgAdminQuery(target, `CREATE DATABASE "${target.database}"`, 'postgres');
	}

	const formats: BackupFormat[] = testProviderFormats();
	function testProviderFormats(): BackupFormat[] {
		return process.env.TIKA_TEST_DATABASE?.startsWith('postgres') ? ['pg_dump', 'json'] : ['sqlite', 'json'];
	}

	it('GIVEN the test data THEN every table of the schema holds rows (the round trips below cover them all)', () => {
		const empty = Object.entries(expected).filter(([, rows]) => rows.length !== 2);
		expect(empty).toEqual([]);
		expect(Object.keys(expected).length).toBeGreaterThan(30);
	});

	it.each(formats)(
		'GIVEN a %s backup THEN after a wipe the restore brings back the same rows in every table',
		async (format) => {
			const db = await openDatabase(testDb.url, { migrate: false });
			const backup = await createBackup(db, { directory: dir, format, rawUrl: testDb.url }).finally(() => db.disconnect());
			expect(backup.format).toBe(format);
			expect(backup.note).toBeUndefined();

			const info = await verifyBackup(backup.file);
			expect(info.format).toBe(format);
			await wipe();
			const result = await restoreBackup(testDb.url, backup.file, { backupDirectory: dir });
			expect(result.safety).toBeNull(); // The wiped database had nothing to keep.

			const restored = await openDatabase(testDb.url, { migrate: false });
			try {
				expect(await snapshot(restored)).toEqual(expected);
				// Ids continue after the restored ones: a new row never collides with a restored id.
				const task = await restored.prisma.scheduledTask.create({
					data: { kind: 'after', runAt: new Date(), dueAt: new Date(), payload: {} }
				});
				expect(task.id).toBeGreaterThan(
					Math.max(...(await restored.prisma.scheduledTask.findMany()).filter((row) => row.kind !== 'after').map((row) => row.id))
				);
				await restored.prisma.scheduledTask.delete({ where: { id: task.id } });
			} finally {
				await restored.disconnect();
			}
		},
		120_000
	);

	it('GIVEN a database with data THEN the restore first backs the current data up, and that backup restores it', async () => {
		const db = await openDatabase(testDb.url, { migrate: false });
		const first = await createBackup(db, { directory: dir, format: 'json' }).finally(() => db.disconnect());
		const changed = await openDatabase(testDb.url, { migrate: false });
		await changed.prisma.botAdmin.create({ data: { userId: '999999999999999999', addedBy: 'test' } });
		await changed.disconnect();

		const result = await restoreBackup(testDb.url, first.file, { backupDirectory: dir });
		expect(result.safety).not.toBeNull();
		const after = await openDatabase(testDb.url, { migrate: false });
		expect(await after.prisma.botAdmin.count({ where: { userId: '999999999999999999' } })).toBe(0);
		await after.disconnect();

		await restoreBackup(testDb.url, result.safety!.file, { backupDirectory: dir, safetyBackup: false });
		const back = await openDatabase(testDb.url, { migrate: false });
		expect(await back.prisma.botAdmin.count({ where: { userId: '999999999999999999' } })).toBe(1);
		await back.prisma.botAdmin.delete({ where: { userId: '999999999999999999' } });
		await back.disconnect();
	}, 120_000);

	it('GIVEN a Tika process running on the database THEN the restore refuses and changes nothing', async () => {
		const db = await openDatabase(testDb.url, { migrate: false });
		const backup = await createBackup(db, { directory: dir, format: 'json' });
		const heartbeat = await startHeartbeat(db.prisma);
		await db.prisma.botAdmin.create({ data: { userId: '888888888888888888', addedBy: 'test' } });
		const files = readdirSync(dir).length;
		try {
			await expect(restoreBackup(testDb.url, backup.file, { backupDirectory: dir })).rejects.toThrow(
				new RegExp(`^Tika is running on this database \\(pid ${process.pid} on .+\\)\\. Stop it first`)
			);
			expect(await db.prisma.botAdmin.count({ where: { userId: '888888888888888888' } })).toBe(1);
			expect(readdirSync(dir)).toHaveLength(files); // Not even a safety backup.
		} finally {
			await heartbeat.stop();
			await db.prisma.botAdmin.deleteMany({ where: { userId: '888888888888888888' } });
			await db.disconnect();
		}
	}, 60_000);

	it('GIVEN damaged or foreign files THEN each is refused with its reason before anything is touched', async () => {
		const good = readdirSync(dir).find((name) => name.endsWith('.json'))!;
		const text = readFileSync(join(dir, good), 'utf8');
		const cases: [string, string | Buffer, RegExp][] = [
			['truncated.json', text.slice(0, Math.floor(text.length / 2)), /is not complete JSON/],
			['other.json', '{"hello": "world"}', /not a Tika backup/],
			['newer.json', text.replace('"models":{', '"models":{"FutureModel":[],'), /model FutureModel, which this Tika does not have/],
			['field.json', text.replace('"userId":', '"userIdd":'), /has a field "userIdd"/],
			['empty.db', '', /it is empty/],
			['notes.txt', 'just some notes', /neither a SQLite snapshot/],
			['broken.dump', Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(64, 1)]), /pg_restore cannot read it|not of a Tika database/],
			['broken.db', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(200, 7)]), /SQLite (cannot read it|finds it damaged)/]
		];
		const dump = readdirSync(dir).find((name) => name.endsWith('.dump'));
		if (dump) {
			// A real dump cut short (a full disk while copying it): its table of contents reads, its data does not.
			const bytes = readFileSync(join(dir, dump));
			cases.push(['cut.dump', bytes.subarray(0, Math.floor(bytes.length * 0.8)), /pg_restore cannot read it/]);
		}
		for (const [name, content, reason] of cases) {
			writeFileSync(join(dir, name), content);
			await expect(verifyBackup(join(dir, name))).rejects.toThrow(reason);
			await expect(restoreBackup(testDb.url, join(dir, name), { backupDirectory: dir })).rejects.toThrow(reason);
		}
		const db = await openDatabase(testDb.url, { migrate: false });
		try {
			expect(await snapshot(db)).toEqual(expected);
		} finally {
			await db.disconnect();
		}
	}, 60_000);

	it('GIVEN npm run db:backup then npm run db:restore THEN the operator gets one line per step and the same rows', async () => {
		const out = join(dir, 'cli');
		const backup = runScript('scripts/db/backup.ts', { DATABASE_URL: testDb.url }, '--dir', out);
		expect(backup).toMatchObject({ code: 0, stderr: '' });
		const file = join(out, readdirSync(out)[0]!);
		expect(file).toMatch(testDb.provider === 'sqlite' ? /\.db$/ : /\.dump$/);

		const check = runScript('scripts/db/restore.ts', { DATABASE_URL: testDb.url }, file, '--check');
		expect(check.code).toBe(0);
		expect(check.stdout).toMatch(/is a valid backup: (SQLite snapshot|pg_dump file), \d+ tables/);

		await wipe();
		const restore = runScript('scripts/db/restore.ts', { DATABASE_URL: testDb.url, TIKA_BACKUP_DIR: out }, file);
		expect(restore).toMatchObject({ code: 0, stderr: '' });
		expect(restore.stdout).toMatch(/^Verified .*\nRestored .*: \d+ rows in \d+ tables\.\n$/);
		const db = await openDatabase(testDb.url, { migrate: false });
		try {
			expect(await snapshot(db)).toEqual(expected);
		} finally {
			await db.disconnect();
		}

		const missing = runScript('scripts/db/restore.ts', { DATABASE_URL: testDb.url });
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/^db:restore: which backup\? Give its file\. Usage: npm run db:restore -- <file> \[--check\]\n$/);
	}, 180_000);
});
