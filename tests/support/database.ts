/**
 * Throw-away databases for tests. SQLite by default (a file in a fresh temp folder);
 * `TIKA_TEST_DATABASE=postgres` (npm run test:postgres) switches to a fresh, uniquely named
 * database on the local PostgreSQL server. Names include the pid and random bytes, so jest workers
 * never share one. The database starts empty: openDatabase() migrates it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { pgAdminQuery, pgClientConfig } from '../../src/core/database/engine';
import { postgresTarget, sqlitePath, type DatabaseProvider } from '../../src/core/database/url';

export interface TestDatabase {
	url: string;
	provider: DatabaseProvider;
	/** Deletes the database (drops it on PostgreSQL, even with connections still open). */
	cleanup(): Promise<void>;
}

/** Server on which PostgreSQL test databases are created; its database is only used to run CREATE/DROP. */
export const TEST_POSTGRES_ADMIN_URL = process.env.TIKA_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The provider the suite runs against: `TIKA_TEST_DATABASE=postgres` selects PostgreSQL. */
export function testProvider(): DatabaseProvider {
	return process.env.TIKA_TEST_DATABASE === 'postgres' || process.env.TIKA_TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite';
}

export async function createTestDatabase(provider: DatabaseProvider = testProvider()): Promise<TestDatabase> {
	return provider === 'postgresql' ? createPostgresDatabase() : createSqliteDatabase();
}

function createSqliteDatabase(): Promise<TestDatabase> {
	const dir = mkdtempSync(join(tmpdir(), 'tika-test-'));
	return Promise.resolve({
		// Absolute file:// URL: independent of the cwd jest runs in.
		url: pathToFileURL(join(dir, 'tika.db')).href,
		provider: 'sqlite',
		cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true }))
	});
}

async function createPostgresDatabase(): Promise<TestDatabase> {
	const admin = postgresTarget(TEST_POSTGRES_ADMIN_URL);
	const name = `tika_test_${process.pid}_${randomBytes(5).toString('hex')}`;
	await pgAdminQuery(admin, `CREATE DATABASE "${name}"`);
	const url = new URL(TEST_POSTGRES_ADMIN_URL);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		provider: 'postgresql',
		cleanup: async () => {
			// FORCE (PostgreSQL 13+) closes connections a test forgot to disconnect.
			await pgAdminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() =>
				pgAdminQuery(admin, `DROP DATABASE IF EXISTS "${name}"`)
			);
		}
	};
}

/** Runs SQL (one statement or a whole script) on a test database, bypassing Prisma. */
export async function rawExec(target: Pick<TestDatabase, 'url' | 'provider'>, sql: string): Promise<void> {
	if (target.provider === 'sqlite') {
		const db = new Database(sqlitePath(target.url));
		try {
			db.exec(sql);
		} finally {
			db.close();
		}
		return;
	}
	const client = new Client(pgClientConfig(postgresTarget(target.url)));
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}
