import { createHash } from 'node:crypto';
/**
 * Tika's migration runner: the bot calls `deploy()` at start-up, and `npm run db:migrate | db:status
 * | db:new | db:check` call these functions through scripts/db/migrate.ts. Migrations live in
 * Prisma's own format (prisma/<provider>/migrations/<timestamp>_<name>/migration.sql +
 * migration_lock.toml) and the `_prisma_migrations` bookkeeping is the native CLI's.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { preflightPostgres, prepareSqlite } from './connect';
import { withSchemaEngine, type EngineTarget, type SchemaEngine } from './engine';
import { DatabaseError, firstLine, redactUrl } from './errors';
import {
	DEFAULT_LAYOUT,
	expectedSchemas,
	lockfileContent,
	migrationNames,
	migrationsDir,
	PROJECT_ROOT,
	PROVIDERS,
	schemaPath,
	staleSchemas,
	type PrismaLayout
} from './schema';
import { DEFAULT_DATABASE_URL, providerOf, type DatabaseProvider } from './url';

export interface MigrateOptions {
	/** Defaults to the repository's prisma/ folder. */
	layout?: PrismaLayout;
	/** Base for relative SQLite paths; defaults to the process cwd. */
	cwd?: string;
}

export interface ShadowOptions {
	layout?: PrismaLayout;
	/**
	 * A PostgreSQL server where temporary shadow databases can be created: diffing the postgres
	 * migrations means replaying them somewhere. Defaults to TIKA_SHADOW_DATABASE_URL, else
	 * DATABASE_URL when it is PostgreSQL, else the local server (postgresql://postgres@127.0.0.1:5432/postgres).
	 */
	shadowUrl?: string;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };
const LOCKFILE = 'migration_lock.toml';

/** The migrations folder of a provider in the shape the engine wants, read from disk. */
export function readMigrations(layout: PrismaLayout, provider: DatabaseProvider): MigrationList {
	const baseDir = migrationsDir(layout, provider);
	const lockPath = join(baseDir, LOCKFILE);
	return {
		baseDir,
		lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
		shadowDbInitScript: '',
		migrationDirectories: migrationNames(layout, provider).map((name) => {
			const file = join(baseDir, name, 'migration.sql');
			return {
				path: name,
				migrationFile: {
					path: 'migration.sql',
					content: existsSync(file)
						? { tag: 'ok' as const, value: readFileSync(file, 'utf8') }
						: { tag: 'error' as const, value: `${file} is missing` }
				}
			};
		})
	};
}

function schemaFile(layout: PrismaLayout, provider: DatabaseProvider, content = expectedSchemas(layout)[provider]) {
	return { path: schemaPath(layout, provider), content };
}

/** Connects to the database of `url` (with the one-line errors of connect.ts) and describes it for the engine. */
async function engineTarget(url: string, cwd?: string): Promise<EngineTarget> {
	return providerOf(url) === 'sqlite'
		? { provider: 'sqlite', file: prepareSqlite(url, cwd) }
		: { provider: 'postgresql', target: await preflightPostgres(url) };
}

function defaultShadowUrl(): string {
	const env = process.env.TIKA_SHADOW_DATABASE_URL;
	if (env) return env;
	const main = process.env.DATABASE_URL;
	if (main && providerOf(main) === 'postgresql') return main;
	return 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/** A target for diffs, which only need a scratch database: in-memory for SQLite, shadow databases on a server for PostgreSQL. */
async function scratchTarget(provider: DatabaseProvider, shadowUrl: string | undefined): Promise<EngineTarget> {
	if (provider === 'sqlite') return { provider: 'sqlite', file: ':memory:' };
	const url = shadowUrl ?? defaultShadowUrl();
	try {
		return { provider: 'postgresql', target: await preflightPostgres(url) };
	} catch (error) {
		throw new DatabaseError(
			`${firstLine(error)} (Diffing the PostgreSQL migrations needs a server for a temporary shadow database: set TIKA_SHADOW_DATABASE_URL.)`,
			error instanceof DatabaseError ? error.code : 'SHADOW_DATABASE',
			{ cause: error }
		);
	}
}

/** Engine errors are multi-line reports; keep the sentence that matters and say which database. */
function engineError(action: string, where: string, error: unknown): DatabaseError {
	if (error instanceof DatabaseError) return error;
	return new DatabaseError(`${action} failed on ${redactUrl(where)}: ${firstLine(error)}`, 'MIGRATION_FAILED', { cause: error });
}

/** One row of Prisma's migration history table, as far as the fast path needs it. */
interface MigrationRow {
	migration_name: string;
	checksum: string;
	finished_at: unknown;
	rolled_back_at: unknown;
}

/**
 * True when the database already records every migration on disk as finished, with the same
 * checksum (sha256 of migration.sql, as Prisma writes it). Start-up then skips the wasm schema
 * engine entirely: loading and instantiating it costs ~100 ms and tens of MiB that a restart of
 * an up-to-date bot does not need. Any doubt (no table, a failed or edited migration, a query
 * error) answers false, and the engine decides as before.
 */
export async function isUpToDate(
	query: (sql: string) => Promise<MigrationRow[]>,
	provider: DatabaseProvider,
	layout: PrismaLayout = DEFAULT_LAYOUT
): Promise<boolean> {
	let rows: MigrationRow[];
	try {
		rows = await query('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations');
	} catch {
		return false;
	}
	const finished = new Map(
		rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => [row.migration_name, row.checksum])
	);
	if (rows.some((row) => row.finished_at === null && row.rolled_back_at === null)) return false;
	for (const directory of readMigrations(layout, provider).migrationDirectories) {
		const content = directory.migrationFile.content;
		if (content.tag !== 'ok') return false;
		if (finished.get(directory.path) !== createHash('sha256').update(content.value).digest('hex')) return false;
	}
	return true;
}

/**
 * Applies every pending migration of the URL's provider, like `prisma migrate deploy`.
 * Returns the names of the migrations applied now (empty when the database was up to date).
 */
export async function deploy(url: string = DEFAULT_DATABASE_URL, options: MigrateOptions = {}): Promise<string[]> {
	return applyMigrationsTo(await engineTarget(url, options.cwd), url, options.layout);
}

/** `deploy()` for a database that connect.ts already checked (openDatabase does so to avoid a second preflight). */
export async function applyMigrationsTo(target: EngineTarget, url: string, layout: PrismaLayout = DEFAULT_LAYOUT): Promise<string[]> {
	const provider = target.provider;
	try {
		return await withSchemaEngine(target, schemaFile(layout, provider), async (engine) => {
			const result = await engine.applyMigrations({ migrationsList: readMigrations(layout, provider), filters: NO_FILTERS });
			return result.appliedMigrationNames;
		});
	} catch (error) {
		throw engineError('Applying migrations', url, error);
	}
}

export interface MigrationStatus {
	provider: DatabaseProvider;
	/** The database, password redacted. */
	url: string;
	/** Migration folders on disk, oldest first. */
	migrations: string[];
	applied: string[];
	/** On disk, not yet applied: `deploy()` will apply them. */
	pending: string[];
	/** Started but never finished; needs a manual fix (see Prisma's "resolve a failed migration"). */
	failed: string[];
	/** Applied, but the file changed since (checksum mismatch). */
	edited: string[];
	/** Recorded as applied in the database but absent from this checkout (database is ahead, or another branch). */
	unknown: string[];
	/**
	 * When the migrations are all applied: the SQL that would turn the database schema into the one
	 * the migrations describe (someone changed the schema by hand), `null` when there is no drift.
	 * `undefined` when not checked (pending migrations, or `checkDrift: false`).
	 */
	drift: string | null | undefined;
	upToDate: boolean;
}

/** Like `prisma migrate status`, plus drift detection. */
export async function status(url: string = DEFAULT_DATABASE_URL, options: MigrateOptions & { checkDrift?: boolean } = {}): Promise<MigrationStatus> {
	const layout = options.layout ?? DEFAULT_LAYOUT;
	const provider = providerOf(url);
	const target = await engineTarget(url, options.cwd);
	const migrationsList = readMigrations(layout, provider);
	const migrations = migrationsList.migrationDirectories.map((directory) => directory.path);
	if (target.provider === 'sqlite' && !hasSqliteMigrationsTable(target.file)) {
		// The wasm engine's diagnosis fails on SQLite instead of reporting a missing history table.
		return {
			provider,
			url: redactUrl(url),
			migrations,
			applied: [],
			pending: migrations,
			failed: [],
			edited: [],
			unknown: [],
			drift: undefined,
			upToDate: migrations.length === 0
		};
	}
	try {
		return await withSchemaEngine(target, schemaFile(layout, provider), async (engine) => {
			const diagnosis = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS });
			const history = diagnosis.history;
			const pending = history && history.diagnostic !== 'migrationsDirectoryIsBehind' ? history.unappliedMigrationNames : [];
			const unknown = history && history.diagnostic !== 'databaseIsBehind' ? history.unpersistedMigrationNames : [];
			const failed = diagnosis.failedMigrationNames;
			const edited = diagnosis.editedMigrationNames;
			const applied = migrations.filter((name) => !pending.includes(name) && !failed.includes(name));
			const historyClean = pending.length === 0 && failed.length === 0 && unknown.length === 0;
			// Drift only means something once the history matches: otherwise the difference is just the pending work.
			const drift =
				options.checkDrift !== false && historyClean ? await detectDrift(engine, migrationsList, schemaFile(layout, provider)) : undefined;
			return {
				provider,
				url: redactUrl(url),
				migrations,
				applied,
				pending,
				failed,
				edited,
				unknown,
				drift,
				upToDate: historyClean && edited.length === 0 && !drift
			};
		});
	} catch (error) {
		throw engineError('Reading the migration status', url, error);
	}
}

function hasSqliteMigrationsTable(file: string): boolean {
	const Database = require('better-sqlite3') as typeof BetterSqlite3;
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get() !== undefined;
	} finally {
		db.close();
	}
}

/**
 * SQL that would turn the live schema into the one the migrations build (replayed in a shadow
 * database: in-memory for SQLite, a temporary database on the same server for PostgreSQL), or null.
 */
async function detectDrift(engine: SchemaEngine, migrationsList: MigrationList, schema: { path: string; content: string }): Promise<string | null> {
	const result = await engine.diff({
		// schemaDatasource = "the database behind the engine's adapter" (the wasm engine takes no URLs).
		from: { tag: 'schemaDatasource', files: [schema], configDir: PROJECT_ROOT },
		to: { tag: 'migrations', ...migrationsList },
		script: true,
		exitCode: true,
		filters: NO_FILTERS
	});
	return result.exitCode === 2 ? (result.stdout ?? '').trim() : null;
}

/** The SQL that brings a provider's migrations up to the joined models (core + plugins), or null when they already match. */
async function pendingSchemaChange(provider: DatabaseProvider, layout: PrismaLayout, shadowUrl: string | undefined): Promise<string | null> {
	const target = await scratchTarget(provider, shadowUrl);
	const schema = schemaFile(layout, provider);
	const migrations = readMigrations(layout, provider);
	return withSchemaEngine(target, schema, async (engine) => {
		const result = await engine.diff({
			// The engine refuses a migrations folder without its lockfile, which a first migration lacks.
			from: migrations.migrationDirectories.length === 0 ? { tag: 'empty' } : { tag: 'migrations', ...migrations },
			to: { tag: 'schemaDatamodel', files: [schema] },
			script: true,
			exitCode: true,
			filters: NO_FILTERS
		});
		if (result.exitCode !== 2) return null;
		// A diff from nothing creates the default schema, which every PostgreSQL database already
		// has; `prisma migrate dev` leaves it out of first migrations too.
		return (result.stdout ?? '').replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n+/, '').trim();
	});
}

/** `20260102030405`: Prisma's migration folder prefix (UTC), so folders sort in creation order. */
function timestamp(date: Date): string {
	return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export interface CreatedMigration {
	/** Folder name shared by both providers, e.g. `20260102030405_add_levels`. */
	name: string;
	/** The migration.sql files written, relative to the project root. */
	files: string[];
}

/**
 * `npm run db:new <name>`: refreshes both provider schemas from the joined models and writes one
 * migration per provider with the SQL that brings its migrations up to the models. Both providers
 * always get a folder of the same name (a comment-only script when only the other one changed), so
 * the two histories stay pairwise comparable. Returns null when nothing changed.
 *
 * Uses `diff` rather than the engine's `createMigration`, which has no shadow database on SQLite.
 */
export async function createMigration(name: string, options: ShadowOptions & { now?: Date } = {}): Promise<CreatedMigration | null> {
	const layout = options.layout ?? DEFAULT_LAYOUT;
	const slug = name
		.trim()
		.replace(/[^A-Za-z0-9_]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 80);
	if (!slug) throw new DatabaseError(`Invalid migration name "${name}": use letters, digits and underscores, e.g. add_levels.`, 'INVALID_NAME');

	const changes = {} as Record<DatabaseProvider, string | null>;
	for (const provider of PROVIDERS) {
		try {
			changes[provider] = await pendingSchemaChange(provider, layout, options.shadowUrl);
		} catch (error) {
			throw engineError(`Diffing the ${provider} migrations`, 'models.prisma', error);
		}
	}
	writeSchemas(layout);
	if (PROVIDERS.every((provider) => changes[provider] === null)) return null;

	const folder = `${timestamp(options.now ?? new Date())}_${slug}`;
	const files: string[] = [];
	for (const provider of PROVIDERS) {
		const dir = migrationsDir(layout, provider);
		if (existsSync(join(dir, folder)))
			throw new DatabaseError(`Migration folder ${folder} already exists: wait a second or pick another name.`, 'MIGRATION_EXISTS');
		mkdirSync(join(dir, folder), { recursive: true });
		const lockPath = join(dir, LOCKFILE);
		if (!existsSync(lockPath)) writeFileSync(lockPath, lockfileContent(provider));
		const sql =
			changes[provider] ??
			`-- No change for ${provider}: this migration only alters the other provider (kept so both histories have the same names).`;
		const file = join(dir, folder, 'migration.sql');
		writeFileSync(file, `${sql}\n`);
		files.push(relative(PROJECT_ROOT, file));
	}
	return { name: folder, files };
}

/** Writes each provider's schema.prisma when it differs from what the joined models render to. Returns the files written. */
export function writeSchemas(layout: PrismaLayout = DEFAULT_LAYOUT): string[] {
	const expected = expectedSchemas(layout);
	return staleSchemas(layout).map((provider) => {
		const path = schemaPath(layout, provider);
		mkdirSync(join(path, '..'), { recursive: true });
		writeFileSync(path, expected[provider]);
		return path;
	});
}

export interface CheckResult {
	ok: boolean;
	/** One line per problem, each naming the command that fixes it. */
	problems: string[];
}

/**
 * `npm run db:check` (CI): the provider schemas are what the joined models render to, both providers
 * have the same migration names and a correct lockfile, and each provider's migrations, replayed
 * from scratch, produce exactly its schema.
 */
export async function check(options: ShadowOptions = {}): Promise<CheckResult> {
	const layout = options.layout ?? DEFAULT_LAYOUT;
	const problems: string[] = [];
	const show = (path: string) => relative(PROJECT_ROOT, path) || path;

	for (const provider of staleSchemas(layout)) {
		problems.push(
			`${show(schemaPath(layout, provider))} does not match the models (prisma/models.prisma + src/plugins/*/models.prisma): run npm run db:generate (and never edit it by hand).`
		);
	}

	const names = Object.fromEntries(PROVIDERS.map((provider) => [provider, migrationNames(layout, provider)])) as Record<DatabaseProvider, string[]>;
	const onlyIn = (a: DatabaseProvider, b: DatabaseProvider) => names[a].filter((name) => !names[b].includes(name));
	for (const [a, b] of [
		['sqlite', 'postgresql'],
		['postgresql', 'sqlite']
	] as const) {
		const missing = onlyIn(a, b);
		if (missing.length > 0)
			problems.push(
				`Migrations ${missing.join(', ')} exist for ${a} but not for ${b}: create migrations with npm run db:new <name> so both providers get one.`
			);
	}

	for (const provider of PROVIDERS) {
		const lockPath = join(migrationsDir(layout, provider), LOCKFILE);
		if (names[provider].length > 0 && (!existsSync(lockPath) || !readFileSync(lockPath, 'utf8').includes(`provider = "${provider}"`))) {
			problems.push(`${show(lockPath)} is missing or names another provider: it must say provider = "${provider}".`);
		}
		try {
			const change = await pendingSchemaChange(provider, layout, options.shadowUrl);
			if (change !== null) {
				const summary = change
					.split('\n')
					.filter((line) => line.startsWith('-- '))
					.map((line) => line.slice(3))
					.join(', ');
				problems.push(
					`${show(migrationsDir(layout, provider))} do not produce the models (prisma/models.prisma + src/plugins/*/models.prisma) (${summary || 'schema differs'}): run npm run db:new <name>.`
				);
			}
		} catch (error) {
			problems.push(`${show(migrationsDir(layout, provider))} could not be replayed: ${firstLine(error)}`);
		}
	}
	return { ok: problems.length === 0, problems };
}
