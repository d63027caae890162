/**
 * The playground: the Discord double, Tika pointed at it on a throwaway SQLite database, and a local page that looks
 * like a Discord channel. Nothing here needs a token, a config change or the network. `npm run playground` (main.ts)
 * runs it from a terminal; the browser tests start it in-process.
 */
import { LogLevel } from '@sapphire/framework';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { startTika, type TikaInstance } from '#core/bootstrap';
import { loadConfig } from '#core/config/loader';
import type { TikaConfig } from '#core/config/schema';
import type { TikaEnv } from '#core/env';
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
		const pluginRoots = (options.plugins ?? []).map((path) => pluginRoot(resolve(path), runDir));
		// Plugin authors edit while they try: their folders (and Tika's own) reload on save.
		if (pluginRoots.length) config.plugins.hotReload = true;
		options.config?.(config);
		logger = createLogger(config.logging, { console: options.verbose ?? false, secrets: [double.token] });

		const env: TikaEnv = {
			token: double.token,
			owners: [world.users.owner.id],
			databaseUrl: `file:${join(runDir, 'tika.db')}`,
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
		await tika.client.commandsRegistered;

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

const MANIFESTS = ['plugin.ts', 'plugin.js'];

/**
 * TIKA_PLUGIN_PATHS names folders *of* plugin folders. A plugin author points at their plugin itself, so a folder holding
 * a manifest is linked into a root of its own under the run's folder (its siblings are not loaded by accident).
 */
function pluginRoot(path: string, runDir: string): string {
	if (!existsSync(path)) throw new Error(`--plugins: ${path} does not exist`);
	if (!MANIFESTS.some((name) => existsSync(join(path, name)))) return path;
	const root = join(runDir, 'plugins');
	mkdirSync(root, { recursive: true });
	symlinkSync(path, join(root, basename(path)), 'dir');
	return root;
}
