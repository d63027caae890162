/**
 * `npm run db:backup [-- --json] [--dir <path>] [--keep <n>]`: backs up the DATABASE_URL database now
 * (from the environment or `.env`, SQLite ./data/tika.db by default), like the bot's automatic backups:
 * SQLite as a .db snapshot, PostgreSQL with pg_dump when it is on PATH, else as a JSON snapshot.
 * Safe while the bot runs. Never migrates: a backup must capture the database as it is.
 * Prints one line; errors print one line and exit 1.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBackup, formatBytes } from '#core/backup/index';
import { openDatabase } from '#core/database/index';
import { sqlitePath } from '#core/database/url';
import { loadDotEnv, parseEnv } from '#core/env';
import { redact } from '#core/logging/redact';
import { registerEnvSecrets } from '#core/logging/secrets';
import { exitOnHelp } from '../lib/help';
import { runMain } from '../lib/run';

const USAGE = 'Usage: npm run db:backup -- [--json] [--dir <path>] [--keep <n>]';

async function main(): Promise<number> {
	exitOnHelp(`${USAGE}

Backs up the DATABASE_URL database now (safe while Tika runs) into TIKA_BACKUP_DIR (default data/backups):
SQLite as a .db snapshot, PostgreSQL with pg_dump (.dump) when it is on PATH, else as a JSON snapshot.
  --json       write the JSON snapshot whatever the provider
  --dir <path> write into this folder instead
  --keep <n>   keep the newest n of Tika's backups in the folder (default 24)
Restore one with npm run db:restore -- <file>. See docs/backups.md.`);
	let args: { json?: boolean; dir?: string; keep?: string };
	try {
		({ values: args } = parseArgs({
			options: { json: { type: 'boolean' }, dir: { type: 'string' }, keep: { type: 'string' } },
			strict: true,
			allowPositionals: false
		}));
	} catch (error) {
		console.error(`db:backup: ${error instanceof Error ? error.message : String(error)}. ${USAGE}`);
		return 1;
	}
	const keep = args.keep === undefined ? undefined : Number(args.keep);
	if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) {
		console.error(`db:backup: --keep must be a whole number of backups, at least 1 (got "${args.keep}"). ${USAGE}`);
		return 1;
	}

	loadDotEnv();
	const env = parseEnv(process.env, { requireToken: false });
	registerEnvSecrets(env);
	// openDatabase would create a missing SQLite file, and an empty backup of a mistyped path helps nobody.
	if (env.databaseProvider === 'sqlite' && !existsSync(sqlitePath(env.databaseUrl))) {
		console.error(`db:backup: no SQLite database at ${sqlitePath(env.databaseUrl)}. Check DATABASE_URL (or run the bot once to create it).`);
		return 1;
	}
	const database = await openDatabase(env.databaseUrl, { migrate: false });
	try {
		const directory = args.dir ?? env.backupDir;
		const result = await createBackup(database, {
			...(args.json ? { format: 'json' as const } : {}),
			...(directory ? { directory } : {}),
			...(keep ? { keep } : {}),
			rawUrl: env.databaseUrl
		});
		const pruned = result.deleted.length ? `; deleted ${result.deleted.length} old backup(s)` : '';
		console.log(`Backed up ${database.url} to ${result.file} (${formatBytes(result.bytes)}, ${result.ms} ms)${pruned}`);
		if (result.note) console.log(`Note: ${redact(result.note)}.`);
		return 0;
	} finally {
		await database.disconnect();
	}
}

runMain('db:backup', main);
