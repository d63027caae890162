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
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PostgresClientModule from '../../generated/postgres/client';
import type * as SqliteClientModule from '../../generated/sqlite/client';
import { SQLITE_BUSY_TIMEOUT_MS } from '../database/engine';
import { DatabaseError, errorCode, firstLine } from '../database/errors';
import { openDatabase, type TikaDatabase } from '../database/index';
import { DEFAULT_LAYOUT, schemaPath, type PrismaLayout } from '../database/schema';
import { sqlitePath, type DatabaseProvider } from '../database/url';
import type { WorkerPool } from '../workers/pool';
import { findExecutable, pgDump, UNSAVED_TABLES } from './pgdump';
import { vacuumInto, type VacuumOutcome } from './vacuum';

/** vacuum.ts for the worker pool: the `.ts` source under tsx and jest, the `.js` file in the build. */
const VACUUM_MODULE = require.resolve('./vacuum');

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
	/**
	 * The worker pool a SQLite snapshot runs on (default `container.workers`, the bot's); null, or no pool: on the main
	 * thread, blocking the event loop for the copy.
	 */
	workers?: WorkerPool | null;
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
			return await write(database, 'pg_dump', directory, at, started, keep, pgDumpPath!, options);
		} catch (error) {
			// A pg_dump older than the server, or a broken install: a JSON snapshot still saves the data.
			if (options.format === 'pg_dump') throw error;
			note = `pg_dump failed (${firstLine(error)}), so this is a JSON snapshot`;
			format = 'json';
		}
	}
	const result = await write(database, format, directory, at, started, keep, null, options);
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
	{ rawUrl, workers }: Pick<BackupOptions, 'rawUrl' | 'workers'>
): Promise<BackupResult> {
	const file = await freeName(directory, at, BACKUP_EXTENSIONS[format]);
	const temp = `${file}.tmp`;
	try {
		if (format === 'sqlite') await snapshotSqlite(sqlitePath(database.url), temp, workers);
		else if (format === 'pg_dump') {
			const url = rawUrl ?? (database.url.includes(':***@') ? undefined : database.url);
			if (!url) throw new DatabaseError('pg_dump needs the database URL with its password.', 'BACKUP_FORMAT');
			await pgDump(pgDumpPath!, url, temp);
		} else await writeJsonSnapshot(database, temp, at, workers);
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

/** The pool that runs {@link vacuumIntoTask}: `container.workers`, read when a snapshot starts (none outside the bot). */
function defaultWorkers(): WorkerPool | undefined {
	// Required here, not at the top: the command-line scripts that back up (db:backup, db:restore) never load the framework otherwise.
	return (require('@sapphire/framework') as { container: { workers?: WorkerPool } }).container.workers;
}

/**
 * The SQLite snapshot (`VACUUM INTO`, see vacuum.ts) on a thread of the worker pool: better-sqlite3 is synchronous, and
 * the copy of a large database would stop the event loop for as long. Without a usable pool (the command line, a pool
 * closed by a shutdown, a thread lost mid-copy) it runs here instead, blocking: the backup is still taken.
 */
async function snapshotSqlite(source: string, target: string, workers: WorkerPool | null | undefined): Promise<void> {
	const pool = workers === undefined ? defaultWorkers() : workers;
	if (pool && !pool.closed) {
		let outcome: VacuumOutcome | undefined;
		try {
			outcome = await pool.run<VacuumOutcome>(VACUUM_MODULE, 'vacuumIntoTask', [source, target, SQLITE_BUSY_TIMEOUT_MS]);
		} catch {
			// The pool failed, not SQLite (vacuumIntoTask never throws): a partial copy may be left behind.
			await rm(target, { force: true });
		}
		if (outcome) {
			if (!outcome.error) return;
			throw Object.assign(new Error(outcome.error.message), outcome.error.code ? { code: outcome.error.code } : {});
		}
	}
	vacuumInto(source, target, SQLITE_BUSY_TIMEOUT_MS);
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

interface Page {
	where?: Record<string, unknown>;
	orderBy?: Record<string, 'asc'>[];
	take?: number;
}
type Delegate = { findMany(page?: Page): Promise<Record<string, unknown>[]> };

/** Rows per read of a JSON snapshot: small enough that reading and serialising one page keeps the event loop responsive. */
export const SNAPSHOT_PAGE_ROWS = 200;

/**
 * Every model's rows, one row per line, all from the same instant. Each table is read in pages of
 * {@link SNAPSHOT_PAGE_ROWS} rows in primary-key order (keyset: each page starts after the previous page's last key,
 * an index range rather than an OFFSET to skip), every page is serialised and appended to the file, and the event
 * loop gets a turn before the next one: neither memory nor the time the loop waits grow with the size of a table.
 *
 * - PostgreSQL: one REPEATABLE READ, READ ONLY transaction, on a connection of the pool of its own.
 * - SQLite: from a `.db` snapshot of the database (taken like the default backup, on the worker pool), opened with a
 *   client of its own and deleted afterwards. Not in a transaction of the bot's client: Prisma's SQLite adapter has one
 *   connection, and the bot's queries issued while an interactive transaction is open run inside it (they would see
 *   and be seen by the backup, and be rolled back with it should it fail).
 */
async function writeJsonSnapshot(database: TikaDatabase, target: string, at: Date, workers: WorkerPool | null | undefined): Promise<void> {
	if (database.provider === 'postgresql') {
		await database.prisma.$transaction(
			async (tx) => {
				// REPEATABLE READ gives PostgreSQL one snapshot for the whole transaction (its default, READ
				// COMMITTED, takes one per statement); it must be the transaction's first statement.
				await tx.$executeRawUnsafe('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
				await writeJson(tx, 'postgresql', target, at);
			},
			// Interactive transactions default to a 5 s timeout, meant for request handlers, not a full table scan.
			{ maxWait: 10_000, timeout: 10 * 60_000 }
		);
		return;
	}
	const copy = `${target}.db`;
	try {
		await snapshotSqlite(sqlitePath(database.url), copy, workers);
		const source = await openDatabase(pathToFileURL(copy).href, { migrate: false });
		try {
			await writeJson(source.prisma, 'sqlite', target, at);
		} finally {
			await source.disconnect();
		}
	} finally {
		await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${copy}${suffix}`, { force: true })));
	}
}

async function writeJson(client: unknown, provider: DatabaseProvider, target: string, at: Date): Promise<void> {
	const keys = primaryKeys(provider);
	const handle = await open(target, 'wx');
	try {
		const header = {
			format: 'tika-backup',
			version: 1,
			provider,
			createdAt: at.toISOString(),
			migrations: await appliedMigrations(client as { $queryRawUnsafe?: (sql: string) => Promise<unknown> })
		};
		await handle.write(`${JSON.stringify(header).slice(0, -1)},"models":{`);
		let firstModel = true;
		for (const model of modelNames(provider)) {
			const delegate = (client as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)];
			if (!delegate) throw new Error(`the Prisma client has no delegate for model ${model}`);
			await handle.write(`${firstModel ? '' : ','}\n${JSON.stringify(model)}:[`);
			const rows = await writeRows(handle, delegate, keys.get(model) ?? []);
			await handle.write(rows > 0 ? '\n]' : ']');
			firstModel = false;
		}
		await handle.write('\n}}\n');
	} finally {
		await handle.close();
	}
}

/**
 * Appends a table's rows to the snapshot, page by page (`,\n` before each row but the first, as one
 * `JSON.stringify` per row joined by `,\n` would write them). A model without a known key is read in one go.
 * @returns how many rows were written.
 */
async function writeRows(handle: FileHandle, delegate: Delegate, key: readonly string[]): Promise<number> {
	const orderBy = key.map((field) => ({ [field]: 'asc' as const }));
	let written = 0;
	let last: Record<string, unknown> | undefined;
	for (;;) {
		const page = await delegate.findMany(
			key.length === 0 ? undefined : { ...(last ? { where: after(key, last) } : {}), orderBy, take: SNAPSHOT_PAGE_ROWS }
		);
		let chunk = '';
		for (const row of page) chunk += `${written++ > 0 ? ',' : ''}\n${JSON.stringify(row, jsonSafe)}`;
		if (chunk) await handle.write(chunk);
		if (key.length === 0 || page.length < SNAPSHOT_PAGE_ROWS) return written;
		last = page[page.length - 1];
		await new Promise(setImmediate);
	}
}

/**
 * The rows whose key (k1, k2, …) comes after `last`'s: `k1 >= a AND (k1 > a OR (k2 >= b AND (k2 > b OR …)))`.
 * The leading `>=` lets both databases start an index range scan at `last` (Prisma cannot write a row-value comparison).
 */
function after(key: readonly string[], last: Record<string, unknown>): Record<string, unknown> {
	const lastField = key[key.length - 1]!;
	let where: Record<string, unknown> = { [lastField]: { gt: last[lastField] } };
	for (let index = key.length - 2; index >= 0; index--) {
		const field = key[index]!;
		where = { [field]: { gte: last[field] }, OR: [{ [field]: { gt: last[field] } }, where] };
	}
	return where;
}

const keyCache = new Map<string, Map<string, string[]>>();

/**
 * Each model's primary key fields, in key order (`@id`, or the fields of `@@id([...])`), read once from
 * prisma/<provider>/schema.prisma: the generated client's runtime model does not carry them.
 */
export function primaryKeys(provider: DatabaseProvider, layout: PrismaLayout = DEFAULT_LAYOUT): Map<string, string[]> {
	const path = schemaPath(layout, provider);
	let keys = keyCache.get(path);
	if (keys) return keys;
	keys = new Map();
	for (const [, model, body] of readFileSync(path, 'utf8').matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
		const compound = /^\s*@@id\(\[([^\]]+)\]/m.exec(body!);
		keys.set(
			model!,
			compound
				? compound[1]!.split(',').map((field) => field.trim())
				: [...body!.matchAll(/^\s+(\w+)\s+\w+\??\s+(?:.*\s)?@id\b/gm)].map((match) => match[1]!)
		);
	}
	keyCache.set(path, keys);
	return keys;
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
