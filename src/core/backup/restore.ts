/**
 * Restoring a backup: `verifyBackup(file)` reads a backup completely without touching any database, and
 * `restoreBackup(url, file)` replaces the database's data with it (also `npm run db:restore`).
 *
 * The order is what makes it safe:
 * 1. the file is verified whole first (a truncated or foreign file is refused before anything changes);
 * 2. a backup made by a newer Tika (migrations this one does not know) is refused;
 * 3. a database a Tika process is running on (a fresh heartbeat row, heartbeat.ts) is refused;
 * 4. the current data is backed up first (the "safety backup"), unless the database is new;
 * 5. the data is replaced in one step: a file rename (SQLite .db), one pg_restore transaction (.dump) or one database
 *    transaction (JSON);
 * 6. migrations newer than the backup are applied, so the restored database fits this Tika.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type * as Pg from 'pg';
import { copyFile, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import type * as PostgresClientModule from '../../generated/postgres/client';
import type * as SqliteClientModule from '../../generated/sqlite/client';
import { pgClientConfig } from '../database/engine';
import { DatabaseError, firstLine } from '../database/errors';
import { describeProcesses, runningProcesses } from '../database/heartbeat';
import { openDatabase, type PrismaClient, type TikaDatabase } from '../database/index';
import { DEFAULT_LAYOUT, migrationNames, schemaPath, type PrismaLayout } from '../database/schema';
import { postgresTarget, providerOf, sqlitePath, type DatabaseProvider } from '../database/url';
import { createBackup, modelNames, type BackupFormat, type BackupResult } from './create';
import { findExecutable, pgRestore, readDump, schemaOf, UNSAVED_TABLES } from './pgdump';

export interface BackupInfo {
	file: string;
	format: BackupFormat;
	bytes: number;
	/** The provider it was taken from (a pg_dump is always PostgreSQL, a .db always SQLite). */
	provider: DatabaseProvider;
	/** When it was taken, when the file says so (JSON snapshots). */
	createdAt: string | null;
	/** Migrations applied to the database it was taken from. */
	migrations: string[];
	/** Rows per table (a pg_dump's tables without counts: pg_restore --list does not count rows). */
	tables: Record<string, number | null>;
}

export interface RestoreOptions {
	/** Folder for the safety backup of the current data (default: the usual backup folder). */
	backupDirectory?: string;
	/** Skip the safety backup (tests; a database known to be disposable). */
	safetyBackup?: boolean;
	layout?: PrismaLayout;
	pgRestorePath?: string | null;
	/** Told each step, for the CLI. */
	log?: (line: string) => void;
}

export interface RestoreResult {
	info: BackupInfo;
	/** The backup of the data that was replaced, or null when there was none to keep. */
	safety: BackupResult | null;
	/** Migrations applied after the restore because the backup was older than this Tika. */
	migrated: string[];
	/** Rows per table in the database afterwards. */
	rows: Record<string, number>;
}

const SQLITE_MAGIC = 'SQLite format 3\0';
const PGDUMP_MAGIC = 'PGDMP';

/** A backup that cannot be restored: the message says why, in one line. */
export class BackupFileError extends DatabaseError {
	public constructor(file: string, reason: string) {
		super(`${file} is not a backup Tika can restore: ${reason}.`, 'BACKUP_INVALID');
	}
}

/** Reads the whole backup and says what it holds; throws {@link BackupFileError} for anything unusable. */
export async function verifyBackup(file: string, options: Pick<RestoreOptions, 'pgRestorePath' | 'layout'> = {}): Promise<BackupInfo> {
	let bytes: number;
	let head: Buffer;
	try {
		bytes = (await stat(file)).size;
		const handle = await open(file, 'r');
		try {
			head = Buffer.alloc(16);
			await handle.read(head, 0, 16, 0);
		} finally {
			await handle.close();
		}
	} catch (error) {
		throw new BackupFileError(file, `it cannot be read (${(error as { code?: string }).code ?? firstLine(error)})`);
	}
	if (bytes === 0) throw new BackupFileError(file, 'it is empty');
	if (head.toString('latin1') === SQLITE_MAGIC) return verifySqlite(file, bytes);
	if (head.subarray(0, 5).toString('latin1') === PGDUMP_MAGIC) return verifyDump(file, bytes, options.pgRestorePath);
	if (head.toString('utf8').trimStart().startsWith('{')) return verifyJson(file, bytes, options.layout ?? DEFAULT_LAYOUT);
	throw new BackupFileError(file, 'it is neither a SQLite snapshot (.db), a pg_dump file (.dump) nor a JSON snapshot (.json)');
}

function verifySqlite(file: string, bytes: number): BackupInfo {
	const Database = require('better-sqlite3') as typeof BetterSqlite3;
	let db: BetterSqlite3.Database | undefined;
	try {
		db = new Database(file, { readonly: true, fileMustExist: true });
		const check = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
		if (check.length !== 1 || check[0]!.integrity_check !== 'ok') {
			throw new BackupFileError(file, `SQLite finds it damaged (${check[0]?.integrity_check ?? 'no answer'})`);
		}
		const names = (
			db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
		).map((row) => row.name);
		if (!names.includes('_prisma_migrations'))
			throw new BackupFileError(file, 'it is a SQLite database, but not one of Tika’s (no migration history)');
		const migrations = (
			db
				.prepare(
					'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name'
				)
				.all() as { migration_name: string }[]
		).map((row) => row.migration_name);
		const tables: Record<string, number> = {};
		for (const name of names.filter((table) => table !== '_prisma_migrations')) {
			tables[name] = (db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
		}
		return { file, format: 'sqlite', bytes, provider: 'sqlite', createdAt: null, migrations, tables };
	} catch (error) {
		if (error instanceof BackupFileError) throw error;
		throw new BackupFileError(file, `SQLite cannot read it (${firstLine(error)})`);
	} finally {
		db?.close();
	}
}

async function verifyDump(file: string, bytes: number, pgRestorePath: string | null | undefined): Promise<BackupInfo> {
	const binary = pgRestorePath === undefined ? findExecutable('pg_restore') : pgRestorePath;
	if (!binary) throw new BackupFileError(file, 'it is a pg_dump file and pg_restore is not on PATH (install the PostgreSQL client tools)');
	let contents;
	try {
		contents = await readDump(binary, file);
	} catch (error) {
		throw new BackupFileError(file, `pg_restore cannot read it (${firstLine(error).replace(/^pg_restore failed: /, '')})`);
	}
	if (!contents.tables.includes('_prisma_migrations'))
		throw new BackupFileError(file, 'it is a pg_dump file, but not of a Tika database (no migration history)');
	const tables = Object.fromEntries(contents.tables.filter((name) => name !== '_prisma_migrations').map((name) => [name, null]));
	return { file, format: 'pg_dump', bytes, provider: 'postgresql', createdAt: null, migrations: contents.migrations, tables };
}

interface JsonBackup {
	format: 'tika-backup';
	version: 1;
	provider: DatabaseProvider;
	createdAt: string;
	migrations?: string[];
	models: Record<string, Record<string, unknown>[]>;
}

async function verifyJson(file: string, bytes: number, layout: PrismaLayout): Promise<BackupInfo> {
	const backup = await readJsonBackup(file);
	const tables: Record<string, number> = {};
	const models = schemaModels(backup.provider, layout);
	for (const [model, rows] of Object.entries(backup.models)) {
		const fields = models.get(model);
		if (!fields) throw new BackupFileError(file, `it holds rows of model ${model}, which this Tika does not have (a newer version's backup?)`);
		if (!Array.isArray(rows)) throw new BackupFileError(file, `model ${model} is not a list of rows`);
		rows.forEach((row, index) => {
			if (typeof row !== 'object' || row === null || Array.isArray(row))
				throw new BackupFileError(file, `row ${index + 1} of ${model} is not an object`);
			const unknown = Object.keys(row).find((key) => !fields.has(key));
			if (unknown) throw new BackupFileError(file, `row ${index + 1} of ${model} has a field "${unknown}" that model ${model} does not have`);
		});
		tables[model] = rows.length;
	}
	return { file, format: 'json', bytes, provider: backup.provider, createdAt: backup.createdAt, migrations: backup.migrations ?? [], tables };
}

async function readJsonBackup(file: string): Promise<JsonBackup> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(await readFile(file, 'utf8'));
	} catch (error) {
		// A truncated snapshot ends mid-row: JSON.parse says where.
		throw new BackupFileError(file, `it is not complete JSON (${firstLine(error)})`);
	}
	const backup = parsed as Partial<JsonBackup> | null;
	if (backup?.format !== 'tika-backup') throw new BackupFileError(file, 'it is JSON, but not a Tika backup (no "format": "tika-backup")');
	if (backup.version !== 1) throw new BackupFileError(file, `it is a version ${String(backup.version)} backup; this Tika reads version 1`);
	if (backup.provider !== 'sqlite' && backup.provider !== 'postgresql') throw new BackupFileError(file, 'its "provider" is missing or unknown');
	if (typeof backup.models !== 'object' || backup.models === null) throw new BackupFileError(file, 'it has no "models"');
	if (backup.migrations !== undefined && !Array.isArray(backup.migrations)) throw new BackupFileError(file, '"migrations" is not a list');
	return backup as JsonBackup;
}

interface FieldInfo {
	type: string;
	optional: boolean;
	autoincrement: boolean;
}

/**
 * The models of this Tika's schema for a provider, read from prisma/<provider>/schema.prisma: field types,
 * optionality and autoincrement ids, which the generated client's runtime model does not carry.
 */
export function schemaModels(provider: DatabaseProvider, layout: PrismaLayout = DEFAULT_LAYOUT): Map<string, Map<string, FieldInfo>> {
	const text = readFileSync(schemaPath(layout, provider), 'utf8');
	const models = new Map<string, Map<string, FieldInfo>>();
	for (const block of text.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
		const fields = new Map<string, FieldInfo>();
		for (const line of block[2]!.split('\n')) {
			const field = /^\s+(\w+)\s+(\w+)(\?|\[\])?(.*)$/.exec(line);
			if (!field || line.trim().startsWith('//')) continue;
			fields.set(field[1]!, { type: field[2]!, optional: field[3] === '?', autoincrement: field[4]!.includes('@default(autoincrement())') });
		}
		models.set(block[1]!, fields);
	}
	return models;
}

/** Replaces the data of the database at `url` with the backup. See the file comment for the order of the checks. */
export async function restoreBackup(url: string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
	const log = options.log ?? (() => undefined);
	const layout = options.layout ?? DEFAULT_LAYOUT;
	const provider = providerOf(url);
	const info = await verifyBackup(file, options);
	log(`Verified ${file}: ${describeBackup(info)}.`);

	if (info.format === 'sqlite' && provider !== 'sqlite') {
		throw new DatabaseError('A .db snapshot restores into SQLite only; for PostgreSQL use a pg_dump or JSON backup.', 'BACKUP_PROVIDER');
	}
	if (info.format === 'pg_dump' && provider !== 'postgresql') {
		throw new DatabaseError('A pg_dump file restores into PostgreSQL only; for SQLite use a .db or JSON backup.', 'BACKUP_PROVIDER');
	}
	const known = new Set(migrationNames(layout, provider));
	const newer = info.migrations.filter((name) => !known.has(name));
	if (newer.length > 0) {
		throw new DatabaseError(
			`The backup was made by a newer Tika: its database has migration(s) this one does not know (${newer.join(', ')}). Restore it with that version.`,
			'BACKUP_NEWER'
		);
	}

	// Opening without migrating: the database as it is, to check who uses it and to back it up.
	const current = await openDatabase(url, { migrate: false });
	let safety: BackupResult | null = null;
	try {
		const running = await runningProcesses(current.prisma);
		if (running.length > 0) {
			throw new DatabaseError(
				`Tika is running on this database (${describeProcesses(running)}). Stop it first: a restore under a running bot would be overwritten by what it writes next.`,
				'DATABASE_IN_USE'
			);
		}
		if (options.safetyBackup !== false && (await hasTikaTables(current))) {
			safety = await createBackup(current, {
				...(options.backupDirectory ? { directory: options.backupDirectory } : {}),
				// Never pruned by this backup: the one being restored may be among the oldest.
				keep: Number.MAX_SAFE_INTEGER,
				rawUrl: url
			});
			log(`Backed up the current data first: ${safety.file}`);
		}
	} finally {
		await current.disconnect();
	}

	if (info.format === 'sqlite') await replaceSqliteFile(sqlitePath(url), file);
	else if (info.format === 'pg_dump') {
		const binary = options.pgRestorePath === undefined ? findExecutable('pg_restore') : options.pgRestorePath;
		await dropTablesMissingFrom(url, Object.keys(info.tables));
		await pgRestore(binary!, url, file);
	}

	// Brings an older backup up to this Tika's schema (a JSON restore needs the current schema before inserting).
	const before = info.format === 'json' ? [] : info.migrations;
	const restored = await openDatabase(url, { migrate: true, layout });
	try {
		if (info.format === 'json') await insertJsonRows(restored, await readJsonBackup(file), layout);
		const applied = await appliedMigrations(restored.prisma);
		const migrated = info.format === 'json' ? [] : applied.filter((name) => !before.includes(name));
		return { info, safety, migrated, rows: await countRows(restored) };
	} finally {
		await restored.disconnect();
	}
}

export function describeBackup(info: BackupInfo): string {
	const counted = Object.values(info.tables).filter((rows): rows is number => rows !== null);
	const rows = counted.length === Object.keys(info.tables).length ? `, ${counted.reduce((a, b) => a + b, 0)} rows` : '';
	const taken = info.createdAt ? `, taken ${info.createdAt}` : '';
	const kind = { sqlite: 'SQLite snapshot', pg_dump: 'pg_dump file', json: `JSON snapshot of ${info.provider}` }[info.format];
	return `${kind}${taken}, ${Object.keys(info.tables).length} tables${rows}, ${info.migrations.length} migrations`;
}

async function hasTikaTables(database: TikaDatabase): Promise<boolean> {
	try {
		await database.prisma.$queryRawUnsafe('SELECT 1 FROM "_prisma_migrations" LIMIT 1');
		return true;
	} catch {
		return false;
	}
}

/**
 * Puts the snapshot in place of the database file. The old file's write-ahead log is folded in and removed first: a
 * stale `-wal` beside the new file would be replayed onto it. The copy is written beside the target and renamed, so
 * the database is always either the old file or the complete new one.
 */
async function replaceSqliteFile(target: string, snapshot: string): Promise<void> {
	const Database = require('better-sqlite3') as typeof BetterSqlite3;
	if (existsSync(target)) {
		const db = new Database(target);
		try {
			db.pragma('wal_checkpoint(TRUNCATE)');
			db.pragma('journal_mode = DELETE');
		} finally {
			db.close();
		}
	}
	const temp = `${target}.restore.tmp`;
	await copyFile(snapshot, temp);
	const handle = await open(temp, 'r+');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
	for (const side of ['-wal', '-shm', '-journal']) await rm(`${target}${side}`, { force: true });
	await rename(temp, target);
}

/**
 * pg_restore --clean drops and recreates the tables in the dump; a table the dump does not have (added by a later
 * migration) would stay and make that migration fail when it runs again after the restore. Such tables are dropped
 * first: the backup has no rows for them anyway.
 */
async function dropTablesMissingFrom(url: string, tables: readonly string[]): Promise<void> {
	const { Client } = require('pg') as typeof Pg;
	const client = new Client(pgClientConfig(postgresTarget(url)));
	await client.connect();
	try {
		const schema = schemaOf(url);
		const existing = await client.query<{ name: string }>(
			"SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
			[schema]
		);
		const keep = new Set([...tables, '_prisma_migrations', ...UNSAVED_TABLES]);
		const drop = existing.rows.map((row) => row.name).filter((name) => !keep.has(name));
		if (drop.length > 0) await client.query(`DROP TABLE ${drop.map((name) => `"${schema}"."${name.replace(/"/g, '""')}"`).join(', ')} CASCADE`);
	} finally {
		await client.end();
	}
}

type Delegate = {
	deleteMany(): Promise<unknown>;
	createMany(args: { data: Record<string, unknown>[] }): Promise<unknown>;
	count(): Promise<number>;
};

function delegate(client: unknown, model: string): Delegate {
	return (client as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!;
}

/** Rows per batch: SQLite allows 32,766 bound values per statement, PostgreSQL 65,535. */
const BATCH_VALUES = 30_000;

/** Deletes every row and inserts the backup's, in one transaction: either all of the backup is in, or nothing changed. */
async function insertJsonRows(database: TikaDatabase, backup: JsonBackup, layout: PrismaLayout): Promise<void> {
	const models = schemaModels(database.provider, layout);
	const { Prisma } = (database.provider === 'sqlite' ? require('../../generated/sqlite/client') : require('../../generated/postgres/client')) as
		typeof SqliteClientModule | typeof PostgresClientModule;
	await database.prisma.$transaction(
		async (tx) => {
			for (const model of modelNames(database.provider)) await delegate(tx, model).deleteMany();
			for (const [model, rows] of Object.entries(backup.models)) {
				if ((UNSAVED_TABLES as readonly string[]).includes(model) || rows.length === 0) continue;
				const fields = models.get(model)!;
				const data = rows.map((row) => decodeRow(row, fields, Prisma));
				const size = Math.max(1, Math.floor(BATCH_VALUES / Math.max(1, fields.size)));
				for (let start = 0; start < data.length; start += size)
					await delegate(tx, model).createMany({ data: data.slice(start, start + size) });
			}
			if (database.provider === 'postgresql') {
				// Rows came with their ids: move each id sequence past them, or the next insert would collide.
				for (const [model, fields] of models) {
					for (const [name, field] of fields) {
						if (!field.autoincrement) continue;
						await tx.$executeRawUnsafe(
							`SELECT setval(pg_get_serial_sequence('"${model}"', '${name}'), COALESCE((SELECT MAX("${name}") FROM "${model}"), 0) + 1, false)`
						);
					}
				}
			}
		},
		{ maxWait: 10_000, timeout: 30 * 60_000 }
	);
}

/** A row as the backup wrote it (BigInt and bytes as strings, dates as ISO text) back into what Prisma takes. */
function decodeRow(
	row: Record<string, unknown>,
	fields: Map<string, FieldInfo>,
	prisma: { DbNull: unknown; JsonNull: unknown }
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) {
		const field = fields.get(key)!;
		if (value === null) out[key] = field.type === 'Json' ? (field.optional ? prisma.DbNull : prisma.JsonNull) : null;
		else if (field.type === 'BigInt') out[key] = BigInt(value as string);
		else if (field.type === 'Bytes') out[key] = Buffer.from(value as string, 'base64');
		else if (field.type === 'DateTime') out[key] = new Date(value as string);
		else out[key] = value;
	}
	return out;
}

async function appliedMigrations(prisma: PrismaClient): Promise<string[]> {
	const rows = (await prisma.$queryRawUnsafe(
		'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name'
	)) as { migration_name: string }[];
	return rows.map((row) => row.migration_name);
}

/** Rows per model (heartbeats excluded), for the report and the round-trip tests. */
export async function countRows(database: TikaDatabase): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const model of modelNames(database.provider)) counts[model] = await delegate(database.prisma, model).count();
	return counts;
}
