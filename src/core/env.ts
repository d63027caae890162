import { config as dotenvConfig } from 'dotenv';
import { existsSync } from 'node:fs';
import { StartupError } from '#core/errors';

/** The secrets and deployment switches Tika reads from the environment (behaviour lives in config.yml). */
export interface TikaEnv {
	/** DISCORD_TOKEN; absent only when the caller did not require it (e.g. the health check or tests). */
	token?: string;
	/** BOT_OWNERS: user ids with full control over the bot. */
	owners: string[];
	/** DATABASE_URL: `file:` selects SQLite, `postgres://` / `postgresql://` selects PostgreSQL. */
	databaseUrl: string;
	/** Which Prisma client the URL selects, so callers do not re-parse the scheme. */
	databaseProvider: DatabaseProvider;
	/** DISCORD_API_URL without a trailing slash: REST base of a Discord-compatible server. */
	apiUrl?: string;
	/** TIKA_CONFIG as given (relative paths resolve against the working directory). */
	configPath: string;
	/** DEV_GUILD_IDS: register application commands to these guilds instead of globally. */
	devGuildIds: string[];
	/** TIKA_PLUGIN_PATHS: extra folders of plugins, loaded after the built-in src/plugins (absolute or relative to the working directory). */
	pluginPaths: string[];
	/** TIKA_BACKUP_DIR: folder for database backups; unset means data/backups beside the SQLite file (or under the working directory). */
	backupDir?: string;
	/** REDIS_URL: state that belongs to a user (cooldowns, frustration, AI limits) is shared through this Redis; unset = in memory. */
	redisUrl?: string;
	/** TIKA_REDIS_PREFIX: put before every key Tika writes in Redis, so several bots (or test runs) can share one server. */
	redisPrefix?: string;
	/** TIKA_SHARDS: gateway shards `npm run start:sharded` runs, one process each: `auto` (Discord's recommendation) or a number. */
	shards?: 'auto' | number;
	nodeEnv: NodeEnv;
}

export type NodeEnv = 'development' | 'production' | 'test';
export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface ParseEnvOptions {
	/** Whether a missing DISCORD_TOKEN is fatal; the bot requires it, tooling such as `db:migrate` does not. */
	requireToken: boolean;
}

export const DEFAULT_DATABASE_URL = 'file:./data/tika.db';
export const DEFAULT_CONFIG_PATH = 'config.yml';
export const DEFAULT_REDIS_PREFIX = 'tika:';
/** More shards than any bot needs (Discord's largest bots run a few thousand guilds per shard): a larger number is a typo. */
export const MAX_SHARDS = 1000;

/** Every variable Tika reads, for .env.example and docs/configuration.md (a unit test keeps all three in step). */
export const ENV_DOCS: readonly { name: string; required: boolean; default: string; description: string }[] = [
	{ name: 'DISCORD_TOKEN', required: true, default: '', description: 'Bot token from the Discord developer portal (Bot → Reset Token).' },
	{ name: 'BOT_OWNERS', required: false, default: '', description: 'Comma-separated Discord user ids with full control over the bot.' },
	{
		name: 'DATABASE_URL',
		required: false,
		default: DEFAULT_DATABASE_URL,
		description: '`file:<path>` for SQLite (relative to the working directory) or `postgresql://user:pass@host:5432/db` for PostgreSQL.'
	},
	{
		name: 'DISCORD_API_URL',
		required: false,
		default: '',
		description: 'REST base of a Discord-compatible server, e.g. `http://127.0.0.1:3000/api`; the gateway URL comes from its `GET /gateway/bot`.'
	},
	{ name: 'TIKA_CONFIG', required: false, default: DEFAULT_CONFIG_PATH, description: 'Path to the behaviour configuration file.' },
	{
		name: 'DEV_GUILD_IDS',
		required: false,
		default: '',
		description: 'Comma-separated guild ids: register commands there (instant) instead of globally.'
	},
	{
		name: 'TIKA_PLUGIN_PATHS',
		required: false,
		default: '',
		description: 'Extra plugin folders, separated by `:` (each holds plugin folders like src/plugins); for plugins kept outside the repo.'
	},
	{
		name: 'TIKA_BACKUP_DIR',
		required: false,
		default: '',
		description: 'Folder for database backups; empty = `backups/` beside the SQLite file (PostgreSQL: `data/backups`). See Backups below.'
	},
	{
		name: 'REDIS_URL',
		required: false,
		default: '',
		description:
			'`redis://[:password@]host:6379[/db]`: cooldowns, frustration and AI limits are shared between shards through Redis. Empty = kept in memory (one process).'
	},
	{
		name: 'TIKA_REDIS_PREFIX',
		required: false,
		default: DEFAULT_REDIS_PREFIX,
		description: 'Put before every Redis key Tika writes, so several bots can share one Redis server.'
	},
	{
		name: 'TIKA_SHARDS',
		required: false,
		default: 'auto',
		description: 'Gateway shards for `npm run start:sharded` (one process each): `auto` (what Discord recommends) or a number from 1 to 1000.'
	},
	{
		name: 'NODE_ENV',
		required: false,
		default: 'production',
		description: '`development`, `production` or `test`; `development` enables hot reload.'
	}
];

// Snowflakes are 64-bit integers; real ids today are 17–20 digits, so anything else is a typo or a pasted name.
const SNOWFLAKE = /^\d{17,20}$/;
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

/**
 * Reads and validates Tika's environment. Every problem is collected so one run reports them all, and the thrown
 * {@link StartupError} is a single line that names the variable and the bad value (never the token itself).
 */
export function parseEnv(env: NodeJS.ProcessEnv, { requireToken }: ParseEnvOptions): TikaEnv {
	const problems: string[] = [];

	const token = read(env, 'DISCORD_TOKEN');
	if (requireToken && token === undefined) {
		// Its own message and hint: this is the first thing every newcomer hits.
		throw new StartupError('DISCORD_TOKEN is not set', 'Copy .env.example to .env and paste your bot token from the Discord developer portal');
	}

	const owners = readIdList(env, 'BOT_OWNERS', 'user id', problems);
	const devGuildIds = readIdList(env, 'DEV_GUILD_IDS', 'guild id', problems);

	const databaseUrl = read(env, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL;
	let databaseProvider: DatabaseProvider = 'sqlite';
	if (/^postgres(ql)?:\/\//i.test(databaseUrl)) databaseProvider = 'postgresql';
	else if (!databaseUrl.startsWith('file:')) {
		// Only the scheme is shown: the rest of the URL may hold a password.
		const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(databaseUrl)?.[0] ?? databaseUrl.slice(0, 12);
		problems.push(`DATABASE_URL must start with file:, postgres:// or postgresql:// (got "${scheme}...")`);
	}

	let apiUrl = read(env, 'DISCORD_API_URL');
	if (apiUrl !== undefined) {
		if (isHttpUrl(apiUrl)) {
			// discord.js appends `/v10/<route>` to this base, so a trailing slash would produce `//v10`.
			apiUrl = apiUrl.replace(/\/+$/, '');
		} else {
			problems.push(`DISCORD_API_URL must be an http:// or https:// URL such as http://127.0.0.1:3000/api (got "${apiUrl}")`);
		}
	}

	const redisUrl = read(env, 'REDIS_URL');
	if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/i.test(redisUrl)) {
		const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(redisUrl)?.[0] ?? redisUrl.slice(0, 8);
		problems.push(`REDIS_URL must start with redis:// or rediss:// (got "${scheme}...")`);
	}

	const shardsRaw = read(env, 'TIKA_SHARDS') ?? 'auto';
	const shards = shardsRaw.toLowerCase() === 'auto' ? 'auto' : /^\d+$/.test(shardsRaw) ? Number(shardsRaw) : Number.NaN;
	if (shards !== 'auto' && !(shards >= 1 && shards <= MAX_SHARDS))
		problems.push(`TIKA_SHARDS must be auto or a whole number from 1 to ${MAX_SHARDS} (got "${shardsRaw}")`);

	const nodeEnvRaw = read(env, 'NODE_ENV') ?? 'production';
	const nodeEnv = NODE_ENVS.find((name) => name === nodeEnvRaw.toLowerCase());
	if (!nodeEnv) problems.push(`NODE_ENV must be one of ${NODE_ENVS.join(', ')} (got "${nodeEnvRaw}")`);

	if (problems.length) throw new StartupError(problems.join('; '), 'Fix it in .env or the environment (see .env.example)');

	return {
		token,
		owners,
		databaseUrl,
		databaseProvider,
		apiUrl,
		configPath: read(env, 'TIKA_CONFIG') ?? DEFAULT_CONFIG_PATH,
		devGuildIds,
		pluginPaths: (read(env, 'TIKA_PLUGIN_PATHS') ?? '')
			.split(':')
			.map((path) => path.trim())
			.filter(Boolean),
		backupDir: read(env, 'TIKA_BACKUP_DIR'),
		redisUrl,
		redisPrefix: read(env, 'TIKA_REDIS_PREFIX') ?? DEFAULT_REDIS_PREFIX,
		shards,
		nodeEnv: nodeEnv ?? 'production'
	};
}

/**
 * Loads `.env` into `process.env` if the file exists. Variables already set win, so a deployment's real environment
 * (or a test's) is never overridden by a stale file; `quiet` stops dotenv 17 printing its tip on every start.
 * @returns whether a file was loaded.
 */
export function loadDotEnv(path = '.env'): boolean {
	if (!existsSync(path)) return false;
	const result = dotenvConfig({ path, override: false, quiet: true });
	if (result.error) {
		const code = (result.error as NodeJS.ErrnoException).code ?? result.error.message;
		throw new StartupError(`Cannot read ${path} (${code})`, 'Fix its permissions or remove it and set the variables in the environment');
	}
	return true;
}

/** Trimmed value, with empty treated as unset: copying .env.example leaves `NAME=` lines that mean "not given". */
function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
	const value = env[name]?.trim();
	if (!value) return undefined;
	// A token pasted with its `Bot ` scheme would be sent as `Bot Bot ...`; the scheme is added by discord.js.
	if (name === 'DISCORD_TOKEN') return value.replace(/^Bot\s+/i, '');
	return value;
}

function readIdList(env: NodeJS.ProcessEnv, name: string, what: string, problems: string[]): string[] {
	const raw = read(env, name);
	if (raw === undefined) return [];
	const ids = raw
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
	for (const id of ids) {
		if (!SNOWFLAKE.test(id)) problems.push(`${name} must be a comma-separated list of ${what}s (17–20 digits); "${id}" is not one`);
	}
	return [...new Set(ids)];
}

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}
