/**
 * Tika's data layer entry point: `openDatabase(DATABASE_URL)` picks the provider from the URL,
 * checks the database is reachable (one-line DatabaseError otherwise), applies pending migrations
 * and returns a ready PrismaClient.
 */
import type * as AdapterSqlite from '@prisma/adapter-better-sqlite3';
import type * as AdapterPg from '@prisma/adapter-pg';
import type * as PostgresClientModule from '../../generated/postgres/client';
import type * as SqliteClientModule from '../../generated/sqlite/client';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PrismaClient as SqlitePrismaClient } from '../../generated/sqlite/client';
import { preflightPostgres, prepareSqlite, describePostgresError } from './connect';
import { pgClientConfig, SQLITE_BUSY_TIMEOUT_MS, type EngineTarget } from './engine';
import { DatabaseError, firstLine, redactUrl } from './errors';
import { applyMigrationsTo, isUpToDate } from './migrate';
import { DEFAULT_LAYOUT, type PrismaLayout } from './schema';
import { isolatedTransactions } from './sqliteTransactions';
import { timedAdapterFactory, type QueryObserver } from './timing';
import { providerOf, type DatabaseProvider, type PostgresTarget } from './url';

export { DatabaseError, redactUrl } from './errors';
export { check, createMigration, deploy, status, type CheckResult, type CreatedMigration, type MigrationStatus } from './migrate';
export { DEFAULT_DATABASE_URL, providerOf, type DatabaseProvider } from './url';
export type { Prisma } from '../../generated/sqlite/client';

/**
 * The one PrismaClient type all Tika code uses. Both providers' clients are generated from the same
 * models.prisma, so their query APIs are identical; TypeScript still sees two unrelated classes (each
 * generated file declares its own), so the PostgreSQL client is cast to this type in openDatabase.
 */
export type PrismaClient = SqlitePrismaClient;

/** Anything with these methods works, including Sapphire's logger. */
export interface DatabaseLogger {
	info(message: string): void;
	warn(message: string): void;
	debug?(message: string): void;
}

export interface OpenDatabaseOptions {
	/** Apply pending migrations before returning (default true; the health check passes false). */
	migrate?: boolean;
	logger?: DatabaseLogger;
	/** Base for relative SQLite paths (default: process cwd). */
	cwd?: string;
	/** Alternative prisma/ folder (tests). */
	layout?: PrismaLayout;
	/** Times every statement (the metrics endpoint's query latency); absent, the driver adapter is not wrapped at all. */
	onQuery?: QueryObserver;
}

export interface TikaDatabase {
	provider: DatabaseProvider;
	prisma: PrismaClient;
	/** The database URL with its password redacted, safe for logs. */
	url: string;
	/** A trivial query; throws a one-line DatabaseError when the database is gone. */
	ping(): Promise<void>;
	disconnect(): Promise<void>;
}

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<TikaDatabase> {
	const provider = providerOf(url);
	const started = performance.now();
	const target: EngineTarget =
		provider === 'sqlite' ? { provider, file: prepareSqlite(url, options.cwd) } : { provider, target: await preflightPostgres(url) };

	const open = () =>
		target.provider === 'sqlite' ? sqliteClient(target.file, options.onQuery) : postgresClient(target.target, options.logger, options.onQuery);
	let prisma = open();
	if (options.migrate !== false) {
		const layout = options.layout ?? DEFAULT_LAYOUT;
		if (await isUpToDate((sql) => prisma.$queryRawUnsafe(sql), provider, layout)) {
			options.logger?.debug?.('Database: schema up to date, no migration to apply');
		} else {
			// The engine wants the database to itself (on SQLite it leaves an exclusive lock behind): close the
			// client, migrate, then open a fresh one.
			await prisma.$disconnect();
			const applied = await applyMigrationsTo(target, url, options.layout);
			if (applied.length > 0) options.logger?.info(`Database: applied ${applied.length} migration(s): ${applied.join(', ')}`);
			else options.logger?.debug?.('Database: schema up to date, no migration to apply');
			prisma = open();
		}
	}

	const safeUrl = redactUrl(url);
	const database: TikaDatabase = {
		provider,
		prisma,
		url: safeUrl,
		async ping() {
			try {
				await prisma.$queryRawUnsafe('SELECT 1');
			} catch (error) {
				throw target.provider === 'postgresql'
					? describePostgresError(pgCause(error), target.target)
					: new DatabaseError(`SQLite database ${target.file} stopped answering: ${firstLine(error)}`, 'SQLITE_ERROR', { cause: error });
			}
		},
		disconnect: () => prisma.$disconnect()
	};
	try {
		await database.ping();
	} catch (error) {
		await prisma.$disconnect().catch(() => undefined);
		throw error;
	}
	options.logger?.debug?.(`Database: ${provider} ${safeUrl} ready in ${Math.round(performance.now() - started)} ms`);
	return database;
}

function sqliteClient(file: string, onQuery: QueryObserver | undefined): PrismaClient {
	const { PrismaClient } = require('../../generated/sqlite/client') as typeof SqliteClientModule;
	const { PrismaBetterSqlite3 } = require('@prisma/adapter-better-sqlite3') as typeof AdapterSqlite;
	// `timeout` is better-sqlite3's busy_timeout: wait for another writer (a migration, a backup) instead of failing.
	const inner = new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
	const adapter: SqlDriverAdapterFactory = {
		provider: inner.provider,
		adapterName: inner.adapterName,
		connect: async () => {
			const connection = await inner.connect();
			// WAL is stored in the file (set again in case another tool switched it off); synchronous=NORMAL
			// is per connection and, under WAL, only risks the last commits on power loss, never corruption.
			await connection.executeScript('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
			return connection;
		}
	};
	// One connection: a statement sent while an interactive transaction is open must wait for it, not join it.
	const isolated = isolatedTransactions(adapter);
	return new PrismaClient({ adapter: onQuery ? timedAdapterFactory(isolated, onQuery) : isolated });
}

function postgresClient(target: PostgresTarget, logger: DatabaseLogger | undefined, onQuery: QueryObserver | undefined): PrismaClient {
	const { PrismaClient } = require('../../generated/postgres/client') as typeof PostgresClientModule;
	const { PrismaPg } = require('@prisma/adapter-pg') as typeof AdapterPg;
	const adapter = new PrismaPg(
		{ ...pgClientConfig(target), max: 10, idleTimeoutMillis: 30_000 },
		{
			...(target.schema ? { schema: target.schema } : {}),
			// An idle pooled connection dropped by the server emits 'error'; unhandled, it would crash the bot.
			onPoolError: (error) => logger?.warn(`Database: PostgreSQL connection lost (${firstLine(error)}); it will reconnect on the next query.`)
		}
	);
	return new PrismaClient({ adapter: onQuery ? timedAdapterFactory(adapter, onQuery) : adapter }) as unknown as PrismaClient;
}

/** Prisma wraps driver errors; the pg error (with its code) is somewhere in the cause chain. */
function pgCause(error: unknown): unknown {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		if (typeof (current as { code?: unknown }).code === 'string' && /^[A-Z0-9]{5}$|^E[A-Z]+$/.test((current as { code: string }).code))
			return current;
		current = (current as { cause?: unknown }).cause;
	}
	return error;
}
