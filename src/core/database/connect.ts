import { mkdirSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type * as Pg from 'pg';
import { dirname } from 'node:path';
import { pgClientConfig, SQLITE_BUSY_TIMEOUT_MS, PG_CONNECT_TIMEOUT_MS } from './engine';
import { DatabaseError, errorCode, firstLine } from './errors';
import { postgresTarget, sqlitePath, type PostgresTarget } from './url';

/**
 * Opens the SQLite file once before anything else touches it: creates its folder, proves the file
 * is a usable database and switches it to WAL (persistent in the file, so readers never block the
 * writer). Throws a one-line DatabaseError otherwise.
 */
export function prepareSqlite(url: string, cwd = process.cwd()): string {
	const file = sqlitePath(url, cwd);
	try {
		mkdirSync(dirname(file), { recursive: true });
	} catch (error) {
		throw new DatabaseError(
			`Cannot create the folder for the SQLite database ${file} (${errorCode(error) ?? firstLine(error)}). Check DATABASE_URL and folder permissions.`,
			errorCode(error) ?? 'SQLITE_FOLDER',
			{ cause: error }
		);
	}
	const Database = require('better-sqlite3') as typeof BetterSqlite3;
	let db: BetterSqlite3.Database | undefined;
	try {
		db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
		db.pragma('journal_mode = WAL');
		// Reading the schema proves the file is a database, not some other file at that path.
		db.prepare('SELECT count(*) FROM sqlite_master').get();
	} catch (error) {
		const code = errorCode(error) ?? 'SQLITE_ERROR';
		const hint =
			code === 'SQLITE_NOTADB'
				? 'The file is not a SQLite database'
				: code === 'SQLITE_BUSY'
					? 'Another process holds a lock on it'
					: 'Check DATABASE_URL and file permissions';
		throw new DatabaseError(`Cannot open the SQLite database ${file} (${code}: ${firstLine(error)}). ${hint}.`, code, { cause: error });
	} finally {
		db?.close();
	}
	return file;
}

/** Turns a pg connection error into the one line an operator needs. */
export function describePostgresError(error: unknown, target: PostgresTarget): DatabaseError {
	const where = `${target.host}:${target.port}`;
	const code = errorCode(error) ?? 'PG_ERROR';
	const detail = firstLine(error);
	let message: string;
	switch (code) {
		case 'ECONNREFUSED':
		case 'ECONNRESET':
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			message = `Cannot reach PostgreSQL at ${where} (${code}). Is the server running? Check DATABASE_URL.`;
			break;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			message = `Cannot resolve the PostgreSQL host "${target.host}" (${code}). Check the host name in DATABASE_URL.`;
			break;
		case '28P01':
		case '28000':
			message = `PostgreSQL at ${where} rejected the login of role "${target.user}" (${detail}). Check the user and password in DATABASE_URL.`;
			break;
		case '3D000':
			message = `PostgreSQL database "${target.database}" does not exist on ${where}. Create it (createdb ${target.database}) or fix DATABASE_URL.`;
			break;
		default:
			message = /timeout/i.test(detail)
				? `Timed out after ${PG_CONNECT_TIMEOUT_MS / 1000} s connecting to PostgreSQL at ${where}. Is the server running and reachable? Check DATABASE_URL.`
				: `Cannot connect to PostgreSQL at ${where} (${code}: ${detail}). Check DATABASE_URL.`;
	}
	return new DatabaseError(message, code, { cause: error });
}

/**
 * One throw-away connection that proves the server is up, the login works and the database exists,
 * within the connect timeout. Done before the schema engine or Prisma touch the server because
 * their errors for these cases are generic.
 */
export async function preflightPostgres(url: string): Promise<PostgresTarget> {
	const target = postgresTarget(url);
	const { Client } = require('pg') as typeof Pg;
	const client = new Client(pgClientConfig(target));
	// Without a listener, an error emitted after connect (server shutdown) would crash the process.
	client.on('error', () => undefined);
	try {
		await client.connect();
		await client.query('SELECT 1');
	} catch (error) {
		throw describePostgresError(error, target);
	} finally {
		await client.end().catch(() => undefined);
	}
	return target;
}
