/**
 * The playground: the Discord double, Tika pointed at it on a throwaway SQLite database, and a local page that looks
 * like a Discord channel. Nothing here needs a token, a config change or the network. `npm run playground` (main.ts)
 * runs it from a terminal; the browser tests start it in-process.
 */
import { LogLevel } from '@sapphire/framework';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { startTika, type TikaInstance } from '#core/bootstrap';
import { loadConfig } from '#core/config/loader';
import type { TikaConfig } from '#core/config/schema';
import { deploy } from '#core/database/index';
import { readMigrations } from '#core/database/migrate';
import { DEFAULT_LAYOUT } from '#core/database/schema';
import type { TikaEnv } from '#core/env';
import { StartupError } from '#core/errors';
import { createLogger, type TikaLogger } from '#core/logging/index';
import { DiscordDouble } from './double';
import { startPageServer, type PageServer } from './server';
import { seedWorld, type PlaygroundWorld } from './world';

export const REPO_ROOT = resolve(__dirname, '../..');

export interface PlaygroundOptions {
	/** Port of the page on 127.0.0.1 (0 = any free port). */
	port?: number;
	/** Extra plugin folders: a plugin folder (holding plugin.ts) or a folder of plugin folders. Loaded with hot reload. */
	plugins?: readonly string[];
	/** Where the throwaway database and the log go (default data/playground). */
	dataDir?: string;
	/** config.yml to read (default the repository's). */
	configPath?: string;
	/** Also print Tika's log to the terminal (it always goes to <dataDir>/tika.log). */
	verbose?: boolean;
	/** Adjust the config before Tika starts (tests). */
	config?: (config: TikaConfig) => void;
}

export interface Playground {
	/** The page: http://127.0.0.1:<port>/ */
	url: string;
	double: DiscordDouble;
	world: PlaygroundWorld;
	tika: TikaInstance;
	logger: TikaLogger;
	/** Where Tika's log for this run is written. */
	logFile: string;
	/** Stops the page, Tika (graceful, buffers flushed) and the double, then removes the throwaway database. */
	stop(): Promise<void>;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
	const dataDir = resolve(options.dataDir ?? join(REPO_ROOT, 'data/playground'));
	const run = `${Date.now().toString(36)}-${process.pid}`;
	const runDir = join(dataDir, run);
	mkdirSync(runDir, { recursive: true });
	const cleanup = () => rmSync(runDir, { recursive: true, force: true });

	const double = await new DiscordDouble({ applicationName: 'Tika' }).start();
	const world = seedWorld(double);
	let server: PageServer | null = null;
	let tika: TikaInstance | null = null;
	let logger: TikaLogger | null = null;
	try {
		const configPath = resolve(options.configPath ?? join(REPO_ROOT, 'config.yml'));
		const config = loadConfig(configPath);
		// One log for every run (rotated by config.yml's logging sizes), so the folder does not fill with old ones.
		const logFile = join(dataDir, 'tika.log');
		config.logging.file = logFile;
		config.logging.level = LogLevel.Info;
		const pluginRoots = [...new Set((options.plugins ?? []).map((path) => pluginRoot(resolve(path))))];
		// Plugin authors edit while they try: their folders (and Tika's own) reload on save.
		if (pluginRoots.length) config.plugins.hotReload = true;
		options.config?.(config);
		logger = createLogger(config.logging, { console: options.verbose ?? false, secrets: [double.token] });

		const env: TikaEnv = {
			token: double.token,
			owners: [world.users.owner.id],
			databaseUrl: await freshDatabase(dataDir, runDir),
			databaseProvider: 'sqlite',
			apiUrl: double.apiUrl,
			configPath,
			devGuildIds: [],
			pluginPaths: pluginRoots,
			backupDir: join(runDir, 'backups'),
			nodeEnv: 'production'
		};
		// The page starts first: it follows the double's stream from the bot's very first message.
		server = await startPageServer({ double, world, port: options.port ?? 0 });
		tika = await startTika({ env, config, logger, rest: double.clientOptions().rest });
		await Promise.all([tika.client.commandsRegistered, server.ready]);

		const started = { server, tika, logger };
		let stopping: Promise<void> | null = null;
		return {
			url: server.url,
			double,
			world,
			tika,
			logger,
			logFile,
			stop() {
				stopping ??= (async () => {
					await started.server.close();
					await started.tika.stop();
					await started.logger.close();
					await double.stop();
					cleanup();
				})();
				return stopping;
			}
		};
	} catch (error) {
		await server?.close().catch(() => undefined);
		await tika?.stop().catch(() => undefined);
		await logger?.close().catch(() => undefined);
		await double.stop();
		cleanup();
		throw error;
	}
}

/**
 * A new empty database for this run, copied from a migrated template. The template is made once per set of migrations
 * (its name carries their hash): the schema engine, about a second of every start otherwise, only runs again when a
 * migration is added or changed. Start-up then finds the schema up to date and skips the engine.
 */
async function freshDatabase(dataDir: string, runDir: string): Promise<string> {
	const hash = createHash('sha256');
	for (const directory of readMigrations(DEFAULT_LAYOUT, 'sqlite').migrationDirectories) {
		const content = directory.migrationFile.content;
		hash.update(`${directory.path}\0${content.tag === 'ok' ? content.value : ''}\0`);
	}
	const name = `template-${hash.digest('hex').slice(0, 16)}.db`;
	const template = join(dataDir, name);
	if (!existsSync(template)) {
		// Built under a name of its own, then renamed: two playgrounds starting at once never copy a half-made file.
		const building = join(runDir, name);
		await deploy(`file:${building}`);
		renameSync(building, template);
		for (const stale of readdirSync(dataDir).filter((file) => /^template-[0-9a-f]+\.db$/.test(file) && file !== name)) {
			rmSync(join(dataDir, stale), { force: true });
		}
	}
	const database = join(runDir, 'tika.db');
	copyFileSync(template, database);
	return `file:${database}`;
}

const MANIFESTS = ['plugin.ts', 'plugin.js'];
const isPluginFolder = (path: string) => MANIFESTS.some((name) => existsSync(join(path, name)));

/**
 * TIKA_PLUGIN_PATHS names folders *of* plugin folders, and the plugin discovery reads real folders only (a symbolic link
 * is skipped). A plugin author points at their plugin itself: its parent folder is then the root, provided everything
 * in it is a plugin too (nothing else gets loaded by surprise, and nothing fails for lack of a manifest).
 */
function pluginRoot(path: string): string {
	if (!existsSync(path) || !statSync(path).isDirectory())
		throw new StartupError(`--plugins: ${path} is not a folder`, 'Pass the folder of your plugin');
	if (!isPluginFolder(path)) return path;
	const parent = dirname(path);
	const others = readdirSync(parent, { withFileTypes: true }).filter(
		(entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('_') && !isPluginFolder(join(parent, entry.name))
	);
	if (others.length) {
		throw new StartupError(
			`--plugins: ${basename(path)} is loaded through its parent folder ${parent}, which also holds ${others.map((entry) => entry.name).join(', ')}`,
			`Keep your plugin in a folder of plugins of its own (e.g. my-plugins/${basename(path)}) and pass that`
		);
	}
	return parent;
}
