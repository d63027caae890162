/**
 * `npm run db:migrate` (deploy) | `db:status` | `db:new <name>` | `db:check`, all offline through
 * the in-process schema engine (src/core/database/migrate.ts). The database is DATABASE_URL from
 * the environment or `.env`, defaulting to SQLite at ./data/tika.db like the bot.
 * Errors print one line and exit 1.
 */
import { existsSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { redactUrl } from '../../src/core/database/errors';
import { check, createMigration, deploy, status, type MigrationStatus } from '../../src/core/database/migrate';
import { DEFAULT_DATABASE_URL } from '../../src/core/database/url';
import { exitOnHelp } from '../lib/help';
import { generateClients } from './generate';

const USAGE = `Usage: npm run db:migrate | db:status | db:new <name> | db:check

  db:migrate      apply pending migrations to DATABASE_URL (default SQLite ./data/tika.db)
  db:status       list applied, pending, failed and edited migrations; exit 1 unless up to date
  db:new <name>   write a migration for both providers from the core and plugin models.prisma
  db:check        fail when the schemas or migrations drifted from the models (CI)`;

function printStatus(report: MigrationStatus): boolean {
	const list = (names: string[]) => names.join(', ');
	console.log(`${report.provider} ${report.url}: ${report.migrations.length} migration(s) on disk, ${report.applied.length} applied.`);
	if (report.pending.length) console.log(`Pending (run npm run db:migrate): ${list(report.pending)}`);
	if (report.failed.length) console.log(`Failed (fix the database by hand, then mark it rolled back): ${list(report.failed)}`);
	if (report.edited.length) console.log(`Edited after being applied (restore the original migration.sql): ${list(report.edited)}`);
	if (report.unknown.length) console.log(`Applied in the database but missing here (older checkout?): ${list(report.unknown)}`);
	if (report.drift) console.log(`Drift: the database schema differs from what the migrations build. Differences:\n${report.drift}`);
	if (report.upToDate) console.log('Database schema is up to date.');
	return report.upToDate;
}

async function main(): Promise<number> {
	exitOnHelp(USAGE);
	if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
	const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
	const [command, ...rest] = process.argv.slice(2);
	switch (command) {
		case 'deploy': {
			const started = performance.now();
			const applied = await deploy(url);
			const took = `${Math.round(performance.now() - started)} ms`;
			console.log(
				applied.length
					? `Applied ${applied.length} migration(s) to ${redactUrl(url)} in ${took}: ${applied.join(', ')}`
					: `${redactUrl(url)} is up to date (${took}).`
			);
			return 0;
		}
		case 'status':
			return printStatus(await status(url)) ? 0 : 1;
		case 'new': {
			const name = rest.join('_');
			if (!name) throw new Error(`db:new needs a name, e.g. npm run db:new add_levels`);
			const created = await createMigration(name);
			if (!created) {
				console.log('No changes: the migrations already produce the core and plugin models.');
				return 0;
			}
			console.log(`Created migration ${created.name}:\n  ${created.files.join('\n  ')}\nReview the SQL, then run npm run db:migrate.`);
			await generateClients();
			return 0;
		}
		case 'check': {
			const result = await check();
			if (result.ok) {
				console.log('Database schemas and migrations are in sync with the core and plugin models (sqlite, postgresql).');
				return 0;
			}
			for (const problem of result.problems) console.error(`db:check: ${problem}`);
			return 1;
		}
		default:
			console.error(USAGE);
			return 1;
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`db: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
);
