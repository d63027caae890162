/**
 * `npm run health`: is this Tika installation ready to run?
 * One line per check, ✓ or ✗ with the fix; exit 0 when everything passes, 1 otherwise.
 * It never starts the bot and never changes anything: no migrations are applied, and a SQLite file that does not
 * exist is a failed check (opening it would create an empty database that "answers", hiding a mistyped DATABASE_URL).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, validatePluginSettings } from '#core/config/loader';
import { openDatabase, status } from '#core/database/index';
import { loadDotEnv, parseEnv, type TikaEnv } from '#core/env';
import { StartupError } from '#core/errors';
import { PluginManager } from '#core/plugins/PluginManager';
import { describeStartupFailure } from '#core/startup-failure';
import { sqlitePath } from '#core/database/url';
import { exitOnHelp } from './lib/help';

const USAGE = `Usage: npm run health

Checks this installation without starting the bot and without changing anything: the environment (.env),
DISCORD_TOKEN, config.yml and the plugins' settings, the database (DATABASE_URL) answers, migrations applied.
One line per check (✓ or ✗ with the fix); exits 0 when every check passes, 1 otherwise.`;

interface CheckResult {
	ok: boolean;
	line: string;
}

async function check(name: string, run: () => Promise<string> | string): Promise<CheckResult> {
	try {
		return { ok: true, line: `✓ ${name}: ${await run()}` };
	} catch (error) {
		return { ok: false, line: `✗ ${name}: ${describeStartupFailure(error)}` };
	}
}

async function main(): Promise<number> {
	exitOnHelp(USAGE);
	loadDotEnv();
	let env: TikaEnv | null = null;
	const results: CheckResult[] = [];

	results.push(
		await check('environment', () => {
			env = parseEnv(process.env, { requireToken: false });
			return `DATABASE_URL ${env.databaseProvider}, ${env.owners.length} bot owner(s)`;
		})
	);
	results.push(
		await check('token', () => {
			parseEnv(process.env, { requireToken: true });
			return 'DISCORD_TOKEN is set';
		})
	);
	const configPath = resolve(process.env.TIKA_CONFIG ?? 'config.yml');
	results.push(
		await check('config', () => {
			const config = loadConfig(configPath);
			// The plugins' own sections need the plugins: discover them (manifests and lines only, no piece runs).
			const plugins = PluginManager.fromDirectory([
				resolve(__dirname, '../src/plugins'),
				...((env as TikaEnv | null)?.pluginPaths ?? []).map((path) => resolve(path))
			]).list();
			validatePluginSettings(config, plugins);
			return `${configPath} is valid (${config.features.defaultEnabled.length} feature(s) on by default, ${plugins.length} plugin(s) checked)`;
		})
	);
	if (env) {
		const url = (env as TikaEnv).databaseUrl;
		const missing = missingSqliteFile(url);
		if (missing) {
			const line = `no SQLite database at ${missing}. Check DATABASE_URL (a typo points at a file that does not exist), or create it with npm run db:migrate (npm start does too)`;
			results.push({ ok: false, line: `✗ database: ${line}` }, { ok: false, line: '✗ migrations: not checked (no database)' });
			for (const result of results) console.log(result.line);
			return 1;
		}
		results.push(
			await check('database', async () => {
				const database = await openDatabase(url, { migrate: false });
				try {
					await database.ping();
				} finally {
					await database.disconnect();
				}
				return `${database.provider} at ${database.url} answers`;
			})
		);
		results.push(
			await check('migrations', async () => {
				const report = await status(url);
				if (report.failed.length > 0) {
					throw new StartupError(
						`failed migration(s): ${report.failed.join(', ')}`,
						'Resolve them (see Prisma\'s "resolve a failed migration") before starting'
					);
				}
				if (report.pending.length > 0) {
					throw new StartupError(
						`${report.pending.length} pending migration(s) (${report.pending.join(', ')})`,
						'Run npm run db:migrate, or start the bot (it migrates first)'
					);
				}
				return `up to date (${report.applied.length} applied)`;
			})
		);
	}

	for (const result of results) console.log(result.line);
	return results.every((result) => result.ok) ? 0 : 1;
}

/** The SQLite file DATABASE_URL names when it does not exist (null for PostgreSQL or an existing file). */
function missingSqliteFile(url: string): string | null {
	if (!url.startsWith('file:')) return null;
	let file: string;
	try {
		file = sqlitePath(url);
	} catch {
		return null; // A URL naming no file: the database check reports it.
	}
	return existsSync(file) ? null : file;
}

main()
	.then((code) => process.exit(code))
	.catch((error: unknown) => {
		console.error(`✗ health check: ${describeStartupFailure(error)}`);
		process.exit(1);
	});
