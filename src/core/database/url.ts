import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseError, redactUrl } from './errors';

export type DatabaseProvider = 'sqlite' | 'postgresql';

/** Used when DATABASE_URL is unset: a SQLite file next to wherever the bot is started. */
export const DEFAULT_DATABASE_URL = 'file:./data/tika.db';

/** The provider a DATABASE_URL selects, by scheme. Anything else is a configuration error. */
export function providerOf(url: string): DatabaseProvider {
	if (url.startsWith('file:')) return 'sqlite';
	if (url.startsWith('postgresql://') || url.startsWith('postgres://')) return 'postgresql';
	throw new DatabaseError(
		`Unsupported DATABASE_URL "${redactUrl(url)}": use file:./data/tika.db for SQLite or postgresql://user:password@host:5432/database for PostgreSQL.`,
		'UNSUPPORTED_URL'
	);
}

/**
 * Absolute file path of a SQLite `file:` URL. Relative paths (`file:./data/tika.db`, the Prisma
 * convention) are resolved against the process cwd, so `npm start` from the repo root and the
 * migration scripts agree on the file. `file:///abs` URLs and query strings are accepted too.
 */
export function sqlitePath(url: string, cwd = process.cwd()): string {
	const withoutQuery = url.split('?')[0]!;
	const path = withoutQuery.startsWith('file://') ? fileURLToPath(withoutQuery) : withoutQuery.slice('file:'.length);
	if (path === '' || path === ':memory:') {
		throw new DatabaseError(`DATABASE_URL "${url}" names no file: use a path such as file:./data/tika.db.`, 'UNSUPPORTED_URL');
	}
	return isAbsolute(path) ? path : resolve(cwd, path);
}

export interface PostgresTarget {
	host: string;
	port: number;
	user: string;
	password: string | undefined;
	database: string;
	/** Prisma's `?schema=` parameter; undefined means the server's default search_path (public). */
	schema: string | undefined;
	ssl: boolean | { rejectUnauthorized: boolean } | undefined;
}

/**
 * Splits a PostgreSQL URL into separate fields. adapter-pg needs them separately: with a connection
 * string its shadow-database pool keeps connecting to the main database (ENVIRONMENT.md).
 */
export function postgresTarget(url: string): PostgresTarget {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new DatabaseError(
			`DATABASE_URL "${redactUrl(url)}" is not a valid URL: expected postgresql://user:password@host:5432/database.`,
			'INVALID_URL'
		);
	}
	const user = decodeURIComponent(parsed.username) || process.env.PGUSER || 'postgres';
	const sslmode = parsed.searchParams.get('sslmode');
	return {
		// URL keeps IPv6 hosts in brackets; node's net.connect wants them bare.
		host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
		port: parsed.port ? Number(parsed.port) : 5432,
		user,
		password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
		database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user,
		schema: parsed.searchParams.get('schema') ?? undefined,
		ssl:
			sslmode === null || sslmode === 'disable' || sslmode === 'prefer'
				? undefined
				: // `require` encrypts without verifying the certificate (libpq semantics); verify-* verify it.
					{ rejectUnauthorized: sslmode.startsWith('verify') }
	};
}
