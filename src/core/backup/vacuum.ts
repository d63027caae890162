/**
 * `VACUUM INTO`, the SQLite snapshot (create.ts), as a task of the core's worker pool: better-sqlite3 is synchronous, so
 * on the main thread the event loop would wait for the whole copy. This module is loaded in a worker thread, so it
 * imports nothing but better-sqlite3 (no Prisma, no container).
 */
import type BetterSqlite3 from 'better-sqlite3';

/** What the worker hands back: a SQLite failure crosses the thread boundary as data, its code included. */
export interface VacuumOutcome {
	error?: { message: string; code?: string };
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
 */
export function vacuumInto(source: string, target: string, busyTimeoutMs: number): void {
	const Database = require('better-sqlite3') as typeof BetterSqlite3;
	const db = new Database(source, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
	try {
		db.prepare('VACUUM INTO ?').run(target);
	} finally {
		db.close();
	}
}

/** {@link vacuumInto} for the worker pool: never throws, so that a rejected task always means the pool failed. */
export function vacuumIntoTask(source: string, target: string, busyTimeoutMs: number): VacuumOutcome {
	try {
		vacuumInto(source, target, busyTimeoutMs);
		return {};
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		return { error: { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) } };
	}
}
