/**
 * `npm run migrate-old-data -- <dir> [--dry-run] [--allow-unknown] [--verbose]` (the seed's scripts/migrate_old_data.py):
 * imports the old bot's JSON data (`guilds/<guild>/<name>.json`, `users/<user>.json`) into the DATABASE_URL database.
 * Each file is handled by the importer of that name: the core's (features.json) or a plugin's `legacy.ts`, discovered
 * in every plugin folder, so a new plugin brings its own. See docs/legacy-import.md and src/core/legacy/engine.ts.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeProcesses, runningProcesses } from '#core/database/heartbeat';
import { openDatabase } from '#core/database/index';
import { loadDotEnv, parseEnv } from '#core/env';
import { formatReport, importLegacyData } from '#core/legacy/engine';
import { featuresImporter } from '#core/legacy/features';
import type { LegacyImporter } from '#core/legacy/types';
import { redact } from '#core/logging/redact';
import { registerEnvSecrets } from '#core/logging/secrets';
import { PluginManager } from '#core/plugins/PluginManager';
import { exitOnHelp } from './lib/help';
import { runMain } from './lib/run';

const USAGE = `Usage: npm run migrate-old-data -- <dir> [--dry-run] [--allow-unknown] [--verbose]

Imports the old bot's JSON data from <dir> (its data/ folder, or the folder holding it) into the DATABASE_URL database:
guilds/<guild id>/<name>.json (features, progression, customization, interactive_games, quick_games, moderation,
reminders) and users/<user id>.json. Each file is imported whole or not at all; a second run changes nothing.
  --dry-run        import every file and roll it back: prints what would change, writes nothing
  --allow-unknown  import the known parts of files with unknown keys, listing the keys left out (default: such files fail)
  --verbose        list every row created or updated
One line per file, then the totals; exits 1 when a file failed. Refuses (except --dry-run) while Tika runs on the
database. The shapes of every file are in docs/legacy-import.md.`;

/** Every importer: the core's feature toggles, then each plugin folder's legacy.ts (or legacy.js once built). */
export function discoverImporters(pluginRoots: readonly string[]): LegacyImporter[] {
	const plugins = PluginManager.fromDirectory(pluginRoots).list();
	const importers: LegacyImporter[] = [
		featuresImporter(plugins.filter((plugin) => plugin.manifest.toggleable).map((plugin) => plugin.manifest.name))
	];
	for (const plugin of plugins) {
		const file = ['legacy.ts', 'legacy.js'].map((name) => join(plugin.directory, name)).find((path) => existsSync(path));
		if (!file) continue;
		const importer = (require(file) as { default?: LegacyImporter }).default;
		if (!importer?.name) throw new Error(`${file} must export default defineLegacyImporter({ ... })`);
		importers.push(importer);
	}
	return importers;
}

async function main(): Promise<number> {
	exitOnHelp(USAGE);
	let dir: string;
	let values: { 'dry-run'?: boolean; 'allow-unknown'?: boolean; verbose?: boolean };
	try {
		const parsed = parseArgs({
			options: { 'dry-run': { type: 'boolean' }, 'allow-unknown': { type: 'boolean' }, verbose: { type: 'boolean' } },
			allowPositionals: true,
			strict: true
		});
		if (parsed.positionals.length !== 1) throw new Error('give the folder of the old bot’s data');
		dir = resolve(parsed.positionals[0]!);
		values = parsed.values;
	} catch (error) {
		console.error(`migrate-old-data: ${error instanceof Error ? error.message : String(error)}. ${USAGE.split('\n')[0]}`);
		return 1;
	}
	if (!existsSync(dir)) {
		console.error(`migrate-old-data: ${dir} does not exist.`);
		return 1;
	}

	loadDotEnv();
	const env = parseEnv(process.env, { requireToken: false });
	registerEnvSecrets(env);
	const importers = discoverImporters([resolve(__dirname, '../src/plugins'), ...env.pluginPaths.map((path) => resolve(path))]);
	// Migrated first: the rows go into this Tika's schema (a fresh SQLite file is created, as npm start would).
	const database = await openDatabase(env.databaseUrl, { migrate: true });
	try {
		const dryRun = values['dry-run'] ?? false;
		if (!dryRun) {
			const running = await runningProcesses(database.prisma);
			if (running.length > 0) {
				console.error(
					`migrate-old-data: Tika is running on this database (${describeProcesses(running)}). Stop it first (its caches would not see the imported data), or use --dry-run.`
				);
				return 1;
			}
		}
		const report = await importLegacyData(database.prisma, dir, importers, { dryRun, allowUnknown: values['allow-unknown'] ?? false });
		console.log(`${dryRun ? 'Dry run: ' : ''}importing ${report.root} into ${database.url}`);
		for (const line of formatReport(report, values.verbose ?? false)) console.log(redact(line));
		return report.files.some((file) => file.status === 'failed') ? 1 : 0;
	} finally {
		await database.disconnect();
	}
}

if (require.main === module) runMain('migrate-old-data', main);
