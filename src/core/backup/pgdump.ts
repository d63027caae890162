/**
 * PostgreSQL's own tools for backups: `pg_dump` (custom format, compressed, restorable table by table) and
 * `pg_restore`. Used when they are on PATH; otherwise backups are JSON snapshots (create.ts).
 *
 * The connection goes through libpq's environment variables (PGHOST, PGPASSWORD…), never the command line, where any
 * user of the machine could read the password with `ps`.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DatabaseError, firstLine } from '../database/errors';
import { postgresTarget } from '../database/url';

/** Tables whose rows are never backed up or restored: they describe running processes, not data. */
export const UNSAVED_TABLES = ['TikaProcess'] as const;

/** The absolute path of `name` on PATH (like `which`), or null. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | null {
	for (const directory of path.split(delimiter).filter(Boolean)) {
		const candidate = join(directory, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// Not here.
		}
	}
	return null;
}

/** libpq's variables for a DATABASE_URL: what pg_dump and pg_restore connect with. */
export function libpqEnv(url: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const target = postgresTarget(url);
	const sslmode = new URL(url).searchParams.get('sslmode');
	const env: NodeJS.ProcessEnv = { ...base, PGHOST: target.host, PGPORT: String(target.port), PGUSER: target.user, PGDATABASE: target.database };
	delete env.PGPASSWORD;
	if (target.password !== undefined) env.PGPASSWORD = target.password;
	if (sslmode) env.PGSSLMODE = sslmode;
	// Tools started from here must not pick up a different database from the caller's own PG* settings.
	delete env.PGSERVICE;
	return env;
}

/** The `?schema=` of the URL (Prisma's convention), or public. */
export function schemaOf(url: string): string {
	return postgresTarget(url).schema ?? 'public';
}

function run(binary: string, args: string[], env: NodeJS.ProcessEnv, maxBuffer = 64 * 1024 * 1024): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(binary, args, { env, maxBuffer, encoding: 'utf8' }, (error, stdout, stderr) => {
			if (error) {
				const detail = stderr.trim().split('\n').find(Boolean) ?? firstLine(error);
				reject(new DatabaseError(`${binary.split('/').pop()} failed: ${detail}`, 'PG_TOOL_FAILED', { cause: error }));
			} else resolve(stdout);
		});
	});
}

/** Dumps the URL's database (its schema only, when the URL names one) in pg_dump's custom format. */
export async function pgDump(binary: string, url: string, file: string): Promise<void> {
	const schema = schemaOf(url);
	const args = ['--format=custom', '--no-owner', '--no-privileges', `--schema=${quoteIdentifier(schema)}`, `--file=${file}`];
	for (const table of UNSAVED_TABLES) args.push(`--exclude-table-data=${quoteIdentifier(schema)}.${quoteIdentifier(table)}`);
	await run(binary, args, libpqEnv(url));
}

export interface DumpContents {
	/** Tables whose rows the dump holds. */
	tables: string[];
	/** Migrations recorded as applied in the dump's _prisma_migrations. */
	migrations: string[];
}

/**
 * Reads a dump without restoring it: `pg_restore --list` reads the table of contents, a conversion to SQL reads every
 * data block (and fails on a truncated or corrupted file), then the `_prisma_migrations` rows say which schema it holds.
 */
export async function readDump(binary: string, file: string): Promise<DumpContents> {
	const env = { ...process.env, PGDATABASE: '', PGHOST: '' };
	const list = await run(binary, ['--list', file], env);
	// --list reads only the table of contents; converting the whole archive to SQL (thrown away) reads every data block,
	// so a truncated or corrupted dump fails here rather than halfway through a restore.
	await run(binary, ['--file=/dev/null', file], env);
	const tables = [...list.matchAll(/^\d+; \d+ \d+ TABLE DATA \S+ (\S+) /gm)].map((match) => unquote(match[1]!));
	const migrations: string[] = [];
	if (tables.includes('_prisma_migrations')) {
		const sql = await run(binary, ['--data-only', '--table=_prisma_migrations', '--file=-', file], env);
		const copy = /^COPY \S+ \(([^)]*)\) FROM stdin;\n([\s\S]*?)^\\\.$/m.exec(sql);
		if (copy) {
			const columns = copy[1]!.split(',').map((column) => unquote(column.trim()));
			const name = columns.indexOf('migration_name');
			const finished = columns.indexOf('finished_at');
			const rolledBack = columns.indexOf('rolled_back_at');
			for (const line of copy[2]!.split('\n').filter(Boolean)) {
				const fields = line.split('\t');
				if (fields[finished] !== '\\N' && fields[rolledBack] === '\\N') migrations.push(fields[name]!);
			}
		}
	}
	return { tables, migrations };
}

/** Restores a dump into the URL's database in one transaction: every table in the dump is dropped and recreated. */
export async function pgRestore(binary: string, url: string, file: string): Promise<void> {
	await run(
		binary,
		[
			'--clean',
			'--if-exists',
			'--no-owner',
			'--no-privileges',
			'--single-transaction',
			'--exit-on-error',
			`--dbname=${postgresTarget(url).database}`,
			file
		],
		libpqEnv(url)
	);
}

function quoteIdentifier(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

function unquote(name: string): string {
	return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}
