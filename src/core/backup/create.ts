/**
 * One database backup, on demand: `createBackup(database)` writes `tika-<UTC timestamp>.db` (a SQLite
 * snapshot), `tika-<UTC timestamp>.dump` (pg_dump's custom format, PostgreSQL with pg_dump on PATH) or
 * `tika-<UTC timestamp>.json` (every model's rows, any provider) and then deletes the oldest of Tika's
 * backups beyond `keep`. `restoreBackup` (restore.ts) reads all three.
 *
 * Files are written under a `.tmp` name and renamed once complete and flushed to disk, so a crash or
 * a full disk never leaves a truncated file that looks like a finished backup (and retention, which
 * only counts finished files, never deletes a good backup to make room for a broken one).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as PostgresClientModule from '../../generated/postgres/client';
import type * as SqliteClientModule from '../../generated/sqlite/client';
import { SQLITE_BUSY_TIMEOUT_MS } from '../database/engine';
import { DatabaseError, errorCode, firstLine } from '../database/errors';
import type { PrismaClient, TikaDatabase } from '../database/index';
import { sqlitePath, type DatabaseProvider } from '../database/url';
import { findExecutable, pgDump, UNSAVED_TABLES } from './pgdump';

export type BackupFormat = 'sqlite' | 'pg_dump' | 'json';

/** The file extension of each format. */
export const BACKUP_EXTENSIONS: Record<BackupFormat, 'db' | 'dump' | 'json'> = { sqlite: 'db', pg_dump: 'dump', json: 'json' };

export interface BackupOptions {
	/** Folder for backups (created if missing); default {@link defaultBackupDirectory}. Relative paths resolve against the cwd. */
	directory?: string;
	/**
	 * `sqlite` (a .db snapshot, SQLite only; the SQLite default), `pg_dump` (PostgreSQL only; its default when pg_dump
	 * is on PATH) or `json` (any provider; PostgreSQL's default without pg_dump).
	 */
	format?: BackupFormat;
	/** pg_dump to use; default: the one on PATH. null: none (JSON). */
	pgDumpPath?: string | null;
	/** DATABASE_URL with its password, for pg_dump (TikaDatabase.url is redacted); needed only when the URL has a password. */
	rawUrl?: string;
	/** How many of Tika's backups to keep in the folder, newest first (default {@link DEFAULT_BACKUP_KEEP}). */
	keep?: number;
	/** Clock for the file name, injectable in tests. */
	now?: () => Date;
}

export interface BackupResult {
	/** Absolute path of the finished backup. */
	file: string;
	format: BackupFormat;
	bytes: number;
	/** Wall time of the backup itself (retention excluded). */
	ms: number;
	/** Older backups deleted by retention. */
	deleted: string[];
	/** Set when the backup is not in the format asked for, and why (pg_dump failed: a JSON snapshot instead). */
	note?: string;
}

export const DEFAULT_BACKUP_KEEP = 24;

/**
 * `tika-2025-06-01T12-00-00-000Z.db`: ISO-8601 UTC with `:` and `.` replaced (illegal or awkward in
 * Windows file names), so names sort chronologically. The optional `-N` separates two backups taken
 * in the same millisecond. Retention only ever touches names of exactly this shape.
 */
const BACKUP_NAME = /^tika-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)(?:-(\d+))?\.(db|dump|json)$/;

/** `data/backups` beside the SQLite file, or under the working directory for PostgreSQL (no file to sit beside). */
export function defaultBackupDirectory(database: Pick<TikaDatabase, 'provider' | 'url'>, cwd = process.cwd()): string {
	return database.provider === 'sqlite' ? join(dirname(sqlitePath(database.url, cwd)), 'backups') : resolve(cwd, 'data', 'backups');
}

export async function createBackup(database: TikaDatabase, options: BackupOptions = {}): Promise<BackupResult> {
	const pgDumpPath = options.pgDumpPath === undefined ? findExecutable('pg_dump') : options.pgDumpPath;
	let format = options.format ?? (database.provider === 'sqlite' ? 'sqlite' : pgDumpPath ? 'pg_dump' : 'json');
	if (format === 'sqlite' && database.provider !== 'sqlite') {
		throw new DatabaseError('A .db snapshot needs a SQLite database; PostgreSQL backups are pg_dump files or JSON snapshots.', 'BACKUP_FORMAT');
	}
	if (format === 'pg_dump' && database.provider !== 'postgresql') {
		throw new DatabaseError('pg_dump backs up PostgreSQL; SQLite backups are .db snapshots or JSON snapshots.', 'BACKUP_FORMAT');
	}
	if (format === 'pg_dump' && !pgDumpPath)
		throw new DatabaseError('pg_dump is not on PATH: install the PostgreSQL client tools, or use a JSON snapshot.', 'BACKUP_FORMAT');
	const keep = options.keep ?? DEFAULT_BACKUP_KEEP;
	if (!Number.isInteger(keep) || keep < 1) throw new DatabaseError(`Backup retention must keep at least 1 backup (got ${keep}).`, 'BACKUP_KEEP');

	const directory = resolve(options.directory ?? defaultBackupDirectory(database));
	try {
		mkdirSync(directory, { recursive: true });
	} catch (error) {
		throw new DatabaseError(`Cannot create the backup folder ${directory} (${errorCode(error) ?? firstLine(error)}).`, 'BACKUP_FOLDER', {
			cause: error
		});
	}

	const started = performance.now();
	const at = (options.now ?? (() => new Date()))();
	let note: string | undefined;
	if (format === 'pg_dump') {
		try {
			return await write(database, 'pg_dump', directory, at, started, keep, pgDumpPath!, options.rawUrl);
		} catch (error) {
			// A pg_dump older than the server, or a broken install: a JSON snapshot still saves the data.
			if (options.format === 'pg_dump') throw error;
			note = `pg_dump failed (${firstLine(error)}), so this is a JSON snapshot`;
			format = 'json';
		}
	}
	const result = await write(database, format, directory, at, started, keep, null, options.rawUrl);
	return note ? { ...result, note } : result;
}

async function write(
	database: TikaDatabase,
	format: BackupFormat,
	directory: string,
	at: Date,
	started: number,
	keep: number,
	pgDumpPath: string | null,
	rawUrl: string | undefined
): Promise<BackupResult> {
	const file = await freeName(directory, at, BACKUP_EXTENSIONS[format]);
	const temp = `${file}.tmp`;
	try {
		if (format === 'sqlite') vacuumInto(sqlitePath(database.url), temp);
		else if (format === 'pg_dump') {
			const url = rawUrl ?? (database.url.includes(':***@') ? undefined : database.url);
			if (!url) throw new DatabaseError('pg_dump needs the database URL with its password.', 'BACKUP_FORMAT');
			await pgDump(pgDumpPath!, url, temp);
		} else await writeJsonSnapshot(database.prisma, database.provider, temp, at);
		await flush(temp);
		await rename(temp, file);
	} catch (error) {
		await rm(temp, { force: true }).catch(() => undefined);
		throw error instanceof DatabaseError
			? error
			: new DatabaseError(`Backup to ${file} failed: ${firstLine(error)}`, errorCode(error) ?? 'BACKUP_FAILED', { cause: error });
	}
	const ms = Math.round(performance.now() - started);
	try {
		const { size } = await stat(file);
		const deleted = await pruneBackups(directory, keep);
		return { file, format, bytes: size, ms, deleted };
	} catch (error) {
		// Rare (the folder changed under us), but the caller must learn that retention did not run.
		throw new DatabaseError(
			`Backup written to ${file}, but cleaning up ${directory} failed: ${firstLine(error)}`,
			errorCode(error) ?? 'BACKUP_PRUNE',
			{
				cause: error
			}
		);
	}
}

/**
 * Deletes Tika's backups beyond the newest `keep` in `directory`, and nothing else: files that do not
 * match Tika's naming (an operator's own copies, .tmp files of a backup in progress) are never touched.
 * @returns the deleted paths, oldest last.
 */
export async function pruneBackups(directory: string, keep: number): Promise<string[]> {
	const backups = (await readdir(directory))
		.map((name) => ({ name, match: BACKUP_NAME.exec(name) }))
		.filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
		// Newest first: by timestamp, then same-millisecond suffix (none counts as 0).
		.sort((a, b) => b.match[1]!.localeCompare(a.match[1]!) || Number(b.match[2] ?? 0) - Number(a.match[2] ?? 0));
	const deleted: string[] = [];
	for (const { name } of backups.slice(keep)) {
		const path = join(directory, name);
		await rm(path, { force: true });
		deleted.push(path);
	}
	return deleted;
}

/** Whether `name` is one of Tika's backup files (what retention may delete). */
export function isBackupName(name: string): boolean {
	return BACKUP_NAME.test(name);
}

/** Human size for log lines and the CLI: `812 B`, `48.2 KB`, `3.1 MB` (binary units, like logging.max_size). */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(1)} ${units[unit]}`;
}

export function backupFileName(at: Date, extension: 'db' | 'dump' | 'json', suffix = 0): string {
	const stamp = at.toISOString().replace(/[:.]/g, '-');
	return `tika-${stamp}${suffix > 0 ? `-${suffix}` : ''}.${extension}`;
}

async function freeName(directory: string, at: Date, extension: 'db' | 'dump' | 'json'): Promise<string> {
	for (let suffix = 0; ; suffix++) {
		const file = join(directory, backupFileName(at, extension, suffix));
		if (!(await exists(file)) && !(await exists(`${file}.tmp`))) return file;
	}
}

async function exists(path: string): Promise<boolean> {
	return stat(path).then(
		() => true,
		() => false
	);
}

/**
 * `VACUUM INTO` on its own short-lived, read-only connection rather than through Prisma:
 * - it is one statement that reads a consistent snapshot (a WAL read transaction) while the bot keeps
 *   writing, and writes a compact, standalone file (rollback journal, no -wal/-shm to copy along);
 * - better-sqlite3's backup() copies pages in steps and restarts whenever another connection writes
 *   in between, which a busy bot (XP on every message) can do indefinitely;
 * - Prisma's adapter runs everything on one connection, and VACUUM fails inside a transaction, so it
 *   could collide with a $transaction in flight; a separate connection never can, and read-only
 *   guarantees the live database is not modified.
 * The path is a bound parameter (SQLite accepts any expression after INTO), so no quoting is needed.
 * Cost: better-sqlite3 is synchronous, so the event loop waits for the copy (measured in the report).
 */
function vacuumInto(source: string, target: string): void {
	const Database = require('better-sqlite3') as typeof BetterSqlite3;
	const db = new Database(source, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
	try {
		db.prepare('VACUUM INTO ?').run(target);
	} finally {
		db.close();
	}
}

/** The model names of the generated client (identical for both providers: same models.prisma), heartbeat rows excluded. */
export function modelNames(provider: DatabaseProvider): string[] {
	return allModelNames(provider).filter((name) => !(UNSAVED_TABLES as readonly string[]).includes(name));
}

function allModelNames(provider: DatabaseProvider): string[] {
	const client =
		provider === 'sqlite'
			? (require('../../generated/sqlite/client') as typeof SqliteClientModule)
			: (require('../../generated/postgres/client') as typeof PostgresClientModule);
	return Object.values(client.Prisma.ModelName);
}

type Delegate = { findMany(): Promise<Record<string, unknown>[]> };

/**
 * Every model's rows, one row per line, inside one read transaction so that rows of different tables
 * are from the same instant. Models are read one after another, so memory holds one table at a time.
 */
async function writeJsonSnapshot(prisma: PrismaClient, provider: DatabaseProvider, target: string, at: Date): Promise<void> {
	const handle = await open(target, 'wx');
	try {
		await prisma.$transaction(
			async (tx) => {
				// REPEATABLE READ gives PostgreSQL one snapshot for the whole transaction (its default, READ
				// COMMITTED, takes one per statement); it must be the transaction's first statement. SQLite
				// transactions are already serializable.
				if (provider === 'postgresql') await tx.$executeRawUnsafe('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
				const header = { format: 'tika-backup', version: 1, provider, createdAt: at.toISOString(), migrations: await appliedMigrations(tx) };
				await handle.write(`${JSON.stringify(header).slice(0, -1)},"models":{`);
				let firstModel = true;
				for (const model of modelNames(provider)) {
					const delegate = (tx as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)];
					if (!delegate) throw new Error(`the Prisma client has no delegate for model ${model}`);
					const rows = await delegate.findMany();
					const lines = rows.map((row) => JSON.stringify(row, jsonSafe));
					await handle.write(`${firstModel ? '' : ','}\n${JSON.stringify(model)}:[${lines.length ? `\n${lines.join(',\n')}\n` : ''}]`);
					firstModel = false;
				}
				await handle.write('\n}}\n');
			},
			// Interactive transactions default to a 5 s timeout, meant for request handlers, not a full table scan.
			{ maxWait: 10_000, timeout: 10 * 60_000 }
		);
	} finally {
		await handle.close();
	}
}

/** The migrations applied to the database, so a restore knows which schema the rows belong to. */
async function appliedMigrations(tx: { $queryRawUnsafe?: (sql: string) => Promise<unknown> }): Promise<string[]> {
	if (typeof tx.$queryRawUnsafe !== 'function') return [];
	const rows = (await tx.$queryRawUnsafe(
		'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name'
	)) as { migration_name: string }[];
	return rows.map((row) => row.migration_name);
}

/**
 * JSON.stringify cannot write BigInt (it throws) and writes bytes as an index-keyed object. Dates are
 * already ISO strings here (their toJSON runs first), Prisma Decimals write themselves as strings, and
 * Json columns are plain JSON values.
 */
function jsonSafe(this: Record<string, unknown>, key: string, value: unknown): unknown {
	if (typeof value === 'bigint') return value.toString();
	// The holder's own value: a Buffer's toJSON has already turned `value` into { type, data }.
	const raw = this[key];
	if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
	return value;
}

/** fsync before the rename: otherwise a power cut soon after could leave the final name on an empty file. */
async function flush(path: string): Promise<void> {
	const handle = await open(path, 'r+');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}
