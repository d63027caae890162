/**
 * `npm run db:restore -- <file> [--check]`: replaces the DATABASE_URL database's data with a backup made by
 * `npm run db:backup`, `/backup now` or the automatic backups (.db, .dump or .json). Verifies the whole file first,
 * refuses while a Tika process runs on the database, and backs up the current data before replacing it.
 * `--check` only verifies the file. Errors print one line and exit 1.
 */
import { parseArgs } from 'node:util';
import { describeBackup, formatBytes, restoreBackup, verifyBackup } from '#core/backup/index';
import { loadDotEnv, parseEnv } from '#core/env';
import { redact } from '#core/logging/redact';
import { registerEnvSecrets } from '#core/logging/secrets';
import { exitOnHelp } from '../lib/help';
import { runMain } from '../lib/run';

const USAGE = `Usage: npm run db:restore -- <file> [--check]

Replaces the data of the DATABASE_URL database (from the environment or .env; default SQLite ./data/tika.db) with
a backup: a SQLite snapshot (.db), a pg_dump file (.dump) or a JSON snapshot (.json, either provider).
  1. the whole file is verified first; a damaged, foreign or newer-Tika backup is refused and nothing changes;
  2. it refuses while a Tika process runs on the database (stop the bot first);
  3. the current data is backed up into TIKA_BACKUP_DIR (default data/backups) before it is replaced;
  4. the data is replaced in one step, then migrations newer than the backup are applied.
  --check   only verify the file and say what it holds
See docs/backups.md.`;

async function main(): Promise<number> {
	exitOnHelp(USAGE);
	let file: string | undefined;
	let check = false;
	try {
		const { values, positionals } = parseArgs({ options: { check: { type: 'boolean' } }, allowPositionals: true, strict: true });
		if (positionals.length !== 1) throw new Error(positionals.length ? 'give one backup file' : 'which backup? Give its file');
		file = positionals[0];
		check = values.check ?? false;
	} catch (error) {
		console.error(`db:restore: ${error instanceof Error ? error.message : String(error)}. ${USAGE.split('\n')[0]}`);
		return 1;
	}
	if (check) {
		const info = await verifyBackup(file!);
		console.log(`${file} is a valid backup: ${describeBackup(info)} (${formatBytes(info.bytes)}).`);
		return 0;
	}
	loadDotEnv();
	const env = parseEnv(process.env, { requireToken: false });
	registerEnvSecrets(env);
	const result = await restoreBackup(env.databaseUrl, file!, {
		...(env.backupDir ? { backupDirectory: env.backupDir } : {}),
		log: (line) => console.log(redact(line))
	});
	const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
	const migrated = result.migrated.length ? `; then applied ${result.migrated.length} newer migration(s)` : '';
	console.log(redact(`Restored ${file}: ${rows} rows in ${Object.keys(result.rows).length} tables${migrated}.`));
	return 0;
}

runMain('db:restore', main);
