/**
 * Offline access to Prisma's schema engine (migrations, diffs, drift checks).
 *
 * The Prisma CLI's `migrate` commands need a native schema-engine binary that is downloaded on
 * first use, which fails offline and on locked-down hosts. `@prisma/schema-engine-wasm` (pinned to
 * the exact build the CLI bundles) runs the same engine in-process on top of a driver adapter, so
 * the bot can migrate at start-up with nothing but node_modules. The rows and checksums it writes in
 * `_prisma_migrations` are the native CLI's, so online users can still run `prisma migrate status`.
 */
import type * as AdapterSqlite from '@prisma/adapter-better-sqlite3';
import type * as AdapterPg from '@prisma/adapter-pg';
import type * as Pg from 'pg';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type { ClientConfig, PoolConfig } from 'pg';
import { DatabaseError, errorCode, firstLine } from './errors';
import type { PostgresTarget } from './url';

export type { SchemaEngine };

/** How long a PostgreSQL connection attempt may take before we report the server unreachable. */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/** How long SQLite waits on a lock held by another connection before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

interface Bindings {
	SchemaEngine: typeof SchemaEngine;
}

let bindings: Promise<Bindings> | undefined;

/** The slice of the WebAssembly global we use (the project's `lib` setting has no WebAssembly typings). */
interface WasmApi {
	compile(bytes: Uint8Array): Promise<object>;
	instantiate(module: object, imports: Record<string, Record<string, unknown>>): Promise<{ exports: Record<string, unknown> }>;
	Module: { imports(module: object): { module: string }[] };
}

/**
 * Loads the wasm-bindgen glue and instantiates the engine once per process (~5 MB of wasm).
 *
 * The package is ESM and its entry imports the `.wasm` file directly (needs a node flag), so we
 * instantiate the `_bg` glue ourselves as ENVIRONMENT.md describes. The glue is evaluated from its
 * source in the current realm instead of `require()`d: jest cannot load ESM without a flag, and
 * loading it in node's main realm from inside jest's sandbox would break its `instanceof Promise`
 * checks on our adapters' promises. The glue is machine-generated wasm-bindgen output of a pinned
 * version; the checks below fail loudly if a future build changes its shape.
 */
export function loadSchemaEngine(): Promise<Bindings> {
	bindings ??= instantiate().catch((error: unknown) => {
		bindings = undefined;
		throw new DatabaseError(
			`Cannot load the Prisma schema engine (@prisma/schema-engine-wasm): ${firstLine(error)}. Run npm ci to reinstall dependencies.`,
			'ENGINE_LOAD_FAILED',
			{ cause: error }
		);
	});
	return bindings;
}

async function instantiate(): Promise<Bindings> {
	const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
	const exported: string[] = [];
	const glue = readFileSync(gluePath, 'utf8').replace(/^export (function|class|const|let) ([\w$]+)/gm, (_match, kind: string, name: string) => {
		exported.push(name);
		return `${kind} ${name}`;
	});
	if (/^\s*(?:import|export)\b/m.test(glue) || !exported.includes('SchemaEngine') || !exported.includes('__wbg_set_wasm')) {
		throw new Error(`unexpected module shape in ${gluePath}`);
	}
	// The glue reads `module.require` to reach node's crypto; hand it this module's. Its timers go
	// through engineSetTimeout (see there).
	const evaluate = new Function('module', 'setTimeout', `'use strict';\n${glue}\nreturn { ${exported.join(', ')} };`) as (
		m: NodeJS.Module,
		timer: typeof engineSetTimeout
	) => Record<string, unknown>;
	const glueExports = evaluate(module, engineSetTimeout);

	const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
	// Async compile: the 5 MB module compiles off the main thread instead of blocking the event loop.
	const wasmModule = await wasm.compile(readFileSync(gluePath.replace(/\.js$/, '.wasm')));
	const imports: Record<string, Record<string, unknown>> = {};
	for (const { module: name } of wasm.Module.imports(wasmModule)) imports[name] = glueExports;
	const instance = await wasm.instantiate(wasmModule, imports);
	(glueExports.__wbg_set_wasm as (exports: Record<string, unknown>) => void)(instance.exports);
	(instance.exports.__wbindgen_start as () => void)();
	return { SchemaEngine: glueExports.SchemaEngine as typeof SchemaEngine };
}

/**
 * The engine races some waits against timers it never cancels (on PostgreSQL, a 10 s timeout around
 * its advisory lock), which would keep a finished CLI command or test worker alive for 10 s. Timers
 * stay referenced while an engine run is active (they may be real waits) and are cleared once no
 * run is left.
 */
const engineTimers = new Set<NodeJS.Timeout>();
let activeRuns = 0;

function engineSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
	const timer = setTimeout(() => {
		engineTimers.delete(timer);
		callback();
	}, ms);
	engineTimers.add(timer);
	return timer;
}

/**
 * Keeps every adapter connection and shadow database an engine run creates, so they are all
 * released when the run ends, whatever the engine itself closes.
 */
class ResourceTracker {
	private readonly adapters: SqlDriverAdapter[] = [];
	private readonly cleanups: (() => Promise<void>)[] = [];

	public track(adapter: SqlDriverAdapter): SqlDriverAdapter {
		let disposed: Promise<void> | undefined;
		// Idempotent dispose: the engine may dispose an adapter we dispose again afterwards.
		const wrapped = wrapAdapter(adapter, { dispose: () => (disposed ??= adapter.dispose()) });
		this.adapters.push(wrapped);
		return wrapped;
	}

	public onCleanup(cleanup: () => Promise<void>): void {
		this.cleanups.push(cleanup);
	}

	public async release(): Promise<void> {
		// Connections first: a database cannot be dropped while connections to it are open.
		await Promise.allSettled(this.adapters.map((adapter) => adapter.dispose()));
		for (const cleanup of this.cleanups.reverse()) await cleanup().catch(() => undefined);
	}
}

/** A view of `adapter` (or a transaction) with some methods replaced. The adapters keep state in `#private` fields, so methods stay bound to the original. */
export function wrapAdapter<T extends object>(adapter: T, overrides: Partial<T>): T {
	return new Proxy(adapter, {
		get(target, property) {
			if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		}
	});
}

/**
 * better-sqlite3 prepares one statement at a time, and the engine sends a whole migration file
 * through `executeRaw` when it replays migrations (shadow database, diffs): run such scripts with
 * `executeScript` (sqlite3_exec) instead.
 */
function withScriptFallback(adapter: SqlDriverAdapter): SqlDriverAdapter {
	return wrapAdapter(adapter, {
		executeRaw: async (query) => {
			try {
				return await adapter.executeRaw(query);
			} catch (error) {
				if (query.args.length > 0 || !/more than one statement/i.test(firstLine(error))) throw error;
				await adapter.executeScript(query.sql);
				return 0;
			}
		}
	});
}

function sqliteFactory(file: string, tracker: ResourceTracker): SqlMigrationAwareDriverAdapterFactory {
	const { PrismaBetterSqlite3 } = require('@prisma/adapter-better-sqlite3') as typeof AdapterSqlite;
	// unixepoch-ms: the native engine stores `_prisma_migrations` timestamps as epoch milliseconds.
	const inner = new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }, { timestampFormat: 'unixepoch-ms' });
	return {
		provider: 'sqlite',
		adapterName: inner.adapterName,
		connect: async () => tracker.track(withScriptFallback(await inner.connect())),
		// An in-memory database: replaying the migrations there is how diffs know the migrated schema.
		connectToShadowDb: async () => tracker.track(withScriptFallback(await inner.connectToShadowDb()))
	};
}

/** pg connection settings for one database of a target, with our fail-fast timeout. */
export function pgClientConfig(target: PostgresTarget, database = target.database): ClientConfig {
	return {
		host: target.host,
		port: target.port,
		user: target.user,
		password: target.password,
		database,
		ssl: target.ssl,
		connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
		...(target.schema ? { options: `-c search_path="${target.schema.replace(/"/g, '""')}"` } : {})
	};
}

/** Runs one statement on its own short-lived connection (shadow database create/drop, test databases). */
export async function pgAdminQuery(target: PostgresTarget, sql: string, database = target.database): Promise<void> {
	const { Client } = require('pg') as typeof Pg;
	const client = new Client(pgClientConfig(target, database));
	try {
		await client.connect();
		await client.query(sql);
	} finally {
		await client.end().catch(() => undefined);
	}
}

/**
 * A pg client class whose results report Postgres' internal `"char"` type (OID 18, used by the
 * pg_catalog columns the engine inspects such as `relkind`) as text: adapter-pg has no mapping for it
 * and would fail the whole schema inspection. pg already returns such values as strings.
 */
function charTolerantClient(): typeof Pg.Client {
	const pg = require('pg') as typeof Pg;
	const patch = (result: unknown): unknown => {
		for (const one of Array.isArray(result) ? result : [result]) {
			for (const field of (one as { fields?: { dataTypeID: number }[] } | undefined)?.fields ?? []) {
				if (field.dataTypeID === 18) field.dataTypeID = 25;
			}
		}
		return result;
	};
	return class CharTolerantClient extends pg.Client {
		// pg's overloads accept (config | text, values?, callback?) and return a promise when no callback is given.
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		public override query(...args: any[]): any {
			const last: unknown = args.at(-1);
			if (typeof last === 'function') {
				args[args.length - 1] = (error: unknown, result: unknown) =>
					(last as (e: unknown, r: unknown) => void)(error, error ? result : patch(result));
				return (super.query as (...a: unknown[]) => unknown)(...args);
			}
			const returned = (super.query as (...a: unknown[]) => unknown)(...args);
			return returned instanceof Promise ? returned.then(patch) : returned;
		}
	};
}

function postgresFactory(target: PostgresTarget, tracker: ResourceTracker): SqlMigrationAwareDriverAdapterFactory {
	const { PrismaPg } = require('@prisma/adapter-pg') as typeof AdapterPg;
	const Client = charTolerantClient();
	const pool = (database: string): PoolConfig => ({ ...pgClientConfig(target, database), Client, max: 2 });
	const options = target.schema ? { schema: target.schema } : undefined;
	return {
		provider: 'postgres',
		adapterName: '@prisma/adapter-pg',
		connect: async () => tracker.track(await new PrismaPg(pool(target.database), options).connect()),
		// adapter-pg's own shadow database keeps a connection string pointing at the main database
		// and only drops the shadow on a dispose the engine does not always call: manage it here.
		connectToShadowDb: async () => {
			const name = `tika_shadow_${Date.now()}_${randomBytes(4).toString('hex')}`;
			try {
				await pgAdminQuery(target, `CREATE DATABASE "${name}"`);
			} catch (error) {
				throw new DatabaseError(
					`Cannot create a temporary shadow database on PostgreSQL at ${target.host}:${target.port} (${firstLine(error)}). The role "${target.user}" needs the CREATEDB privilege.`,
					errorCode(error) ?? 'SHADOW_DATABASE',
					{ cause: error }
				);
			}
			tracker.onCleanup(() => pgAdminQuery(target, `DROP DATABASE IF EXISTS "${name}"`));
			return tracker.track(await new PrismaPg(pool(name)).connect());
		}
	};
}

export type EngineTarget = { provider: 'sqlite'; file: string } | { provider: 'postgresql'; target: PostgresTarget };

/**
 * Runs `fn` with a schema engine connected to `target`, then frees the engine and releases every
 * connection it opened. Releasing matters on SQLite: the engine leaves its connection in
 * `locking_mode=EXCLUSIVE`, which would lock the PrismaClient out of the same file.
 */
export async function withSchemaEngine<T>(
	target: EngineTarget,
	schema: { path: string; content: string },
	fn: (engine: SchemaEngine) => Promise<T>
): Promise<T> {
	const { SchemaEngine } = await loadSchemaEngine();
	const tracker = new ResourceTracker();
	const factory = target.provider === 'sqlite' ? sqliteFactory(target.file, tracker) : postgresFactory(target.target, tracker);
	let engine: SchemaEngine | undefined;
	activeRuns++;
	try {
		engine = await SchemaEngine.new(
			{ datamodels: [[schema.path, schema.content]] },
			() => undefined,
			bindMigrationAwareSqlAdapterFactory(factory)
		);
		return await fn(engine);
	} finally {
		engine?.free();
		await tracker.release();
		if (--activeRuns === 0) {
			for (const timer of engineTimers) clearTimeout(timer);
			engineTimers.clear();
		}
	}
}
