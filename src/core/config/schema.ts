import { LogLevel } from '@sapphire/framework';
// zod/mini: the same validator and issue format as zod, with a third of its load time (it is on the start-up path).
import { z } from 'zod/mini';

/**
 * The shape of config.yml. The file is validated in its own snake_case vocabulary (so error messages quote the keys
 * the user typed) and then mapped to the camelCase {@link TikaConfig} the code reads.
 *
 * Every error message is phrased as `<key> must be <expected> (got <value>)`, so each schema below carries the
 * "<expected>" phrase as its zod error text rather than zod's generic wording.
 */

/** Log level names accepted in `logging.level` (any case); Python-style names map to their Sapphire counterparts. */
export const LOG_LEVEL_NAMES: Readonly<Record<string, LogLevel>> = {
	TRACE: LogLevel.Trace,
	DEBUG: LogLevel.Debug,
	INFO: LogLevel.Info,
	WARN: LogLevel.Warn,
	WARNING: LogLevel.Warn,
	ERROR: LogLevel.Error,
	CRITICAL: LogLevel.Fatal,
	FATAL: LogLevel.Fatal,
	NONE: LogLevel.None
};

const SIZE_UNITS: Readonly<Record<string, number>> = {
	'': 1,
	B: 1,
	K: 1024,
	KB: 1024,
	KIB: 1024,
	M: 1024 ** 2,
	MB: 1024 ** 2,
	MIB: 1024 ** 2,
	G: 1024 ** 3,
	GB: 1024 ** 3,
	GIB: 1024 ** 3
};

/**
 * Parses a size such as `"10MB"`, `"512 KB"`, `"1.5GB"` or a plain number of bytes. Units are binary (1KB = 1024
 * bytes), as in the Python logging config the seed came from. Returns null when the value is not a positive size.
 */
export function parseSize(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 1 ? Math.floor(value) : null;
	if (typeof value !== 'string') return null;
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
	if (!match) return null;
	const unit = SIZE_UNITS[match[2]!.toUpperCase()];
	if (unit === undefined) return null;
	const bytes = Math.floor(Number(match[1]) * unit);
	return bytes >= 1 ? bytes : null;
}

// ---- expected-value phrases, shared by the schema (error text) and the docs ----
const NON_EMPTY_TEXT = 'a non-empty string';
const BOOLEAN = 'true or false';
const PREFIX = 'a non-empty string such as "!tika "';
const PREFIX_LIST = 'a list of prefixes such as ["!tika ", "!Tika "]';
const NAME = 'a snake_case name such as progression (a-z, 0-9, _)';
const NAME_LIST = 'a list of names such as [progression, ai_chat]';
const SECONDS = 'a positive number of seconds';
const SECONDS_OR_ZERO = 'a whole number of seconds, 0 to turn it off';
const THREADS_OR_ZERO = 'a whole number of threads, 0 for one per core minus one';
const POSITIVE_INT = 'a positive whole number';
const LEVEL = `one of ${Object.keys(LOG_LEVEL_NAMES).join(', ')}`;
const FILE_PATH = 'a file path such as logs/bot.log';
const SIZE = 'a size such as "10MB", "512KB" or "1GB"';
const sectionOf = (what: string) => `a mapping of ${what} settings`;
const PLUGIN_SETTINGS = 'a mapping of plugin names to their settings, such as progression: { ... }';
const PLUGIN_SECTION = "a mapping of the plugin's settings";

const text = () => z.string({ error: NON_EMPTY_TEXT }).check(z.trim(), z.minLength(1, { error: NON_EMPTY_TEXT }));
const flag = () => z.boolean({ error: BOOLEAN });
// Plugin and feature names are snake_case, like plugin manifests (src/core/plugins/manifest.ts).
const name = () => z.string({ error: NAME }).check(z.regex(/^[a-z][a-z0-9_]*$/, { error: NAME }));
const nameList = () => z.array(name(), { error: NAME_LIST });
const positiveInt = (expected = POSITIVE_INT) => z.int({ error: expected }).check(z.positive({ error: expected }));

// No trim: prefixes end in a space on purpose ("!tika " then "ping").
const prefix = z.string({ error: PREFIX }).check(z.refine((value) => value.trim().length > 0, { error: PREFIX }));

export const botSection = z.strictObject(
	{
		name: z._default(text(), 'Tika'),
		description: z._default(text(), 'A sassy, efficient Discord bot'),
		// A single string is accepted too and normalised to a list, since that is the obvious thing to write for one prefix.
		command_prefix: z._default(
			z.pipe(
				z.transform((value: unknown) => (typeof value === 'string' ? [value] : value)),
				z.array(prefix, { error: PREFIX_LIST })
			),
			['!tika ', '!Tika ']
		),
		case_insensitive: z._default(flag(), true)
	},
	{ error: sectionOf('bot') }
);

export const featuresSection = z.strictObject(
	{
		default_enabled: z._default(nameList(), []),
		default_disabled: z._default(nameList(), [])
	},
	{ error: sectionOf('feature') }
);

export const performanceSection = z.strictObject(
	{
		cache_ttl: z._default(z.number({ error: SECONDS }).check(z.positive({ error: SECONDS })), 300),
		max_cache_size: z._default(positiveInt('a positive whole number of entries'), 1000),
		auto_backup_interval: z._default(z.int({ error: SECONDS_OR_ZERO }).check(z.gte(0, { error: SECONDS_OR_ZERO })), 3600),
		worker_threads: z._default(z.int({ error: THREADS_OR_ZERO }).check(z.gte(0, { error: THREADS_OR_ZERO })), 0)
	},
	{ error: sectionOf('performance') }
);

const SECONDS_INT = 'a positive whole number of seconds';

export const schedulerSection = z.strictObject(
	{
		poll_interval: z._default(positiveInt(SECONDS_INT), 30),
		lease: z._default(positiveInt(SECONDS_INT), 30),
		max_attempts: z._default(positiveInt(), 5),
		retry_backoff: z._default(positiveInt(SECONDS_INT), 10),
		batch_size: z._default(positiveInt(), 100),
		concurrency: z._default(positiveInt(), 64)
	},
	{ error: sectionOf('scheduler') }
);

const HOST = 'a host name or address such as 127.0.0.1';
const PORT = 'a port number from 0 to 65535 (0 picks a free port)';

export const metricsSection = z.strictObject(
	{
		enabled: z._default(flag(), false),
		// Loopback unless the operator says otherwise: the numbers are not secret, but nobody outside the host should reach them by accident.
		host: z._default(z.string({ error: HOST }).check(z.trim(), z.minLength(1, { error: HOST })), '127.0.0.1'),
		port: z._default(z.int({ error: PORT }).check(z.gte(0, { error: PORT }), z.lte(65_535, { error: PORT })), 9464)
	},
	{ error: sectionOf('metrics') }
);

export const loggingSection = z.strictObject(
	{
		level: z._default(
			z.string({ error: LEVEL }).check(z.refine((value) => value.trim().toUpperCase() in LOG_LEVEL_NAMES, { error: LEVEL })),
			'INFO'
		),
		file: z._default(z.string({ error: FILE_PATH }).check(z.trim(), z.minLength(1, { error: FILE_PATH })), 'logs/bot.log'),
		max_size: z._default(
			z.custom<string | number>((value) => parseSize(value) !== null, { error: SIZE }),
			'10MB'
		),
		backup_count: z._default(positiveInt(), 5)
	},
	{ error: sectionOf('logging') }
);

export const pluginsSection = z.strictObject(
	{
		auto_load: z._default(flag(), true),
		hot_reload: z._default(flag(), false),
		load_order: z._default(nameList(), []),
		// Each plugin's own section. Only the shape is checked here: the plugin's manifest holds the schema, and the
		// sections are validated against it once the plugins are discovered (validatePluginSettings in loader.ts).
		settings: z._default(
			z.record(name(), z.nullable(z.record(z.string(), z.unknown(), { error: PLUGIN_SECTION })), { error: PLUGIN_SETTINGS }),
			{}
		)
	},
	{ error: sectionOf('plugin') }
);

/** The sections and their schemas; also the source of "did you mean" suggestions for unknown keys. */
export const SECTIONS = {
	bot: botSection,
	features: featuresSection,
	performance: performanceSection,
	scheduler: schedulerSection,
	metrics: metricsSection,
	logging: loggingSection,
	plugins: pluginsSection
} as const;

/** A problem zod cannot see key by key, already phrased as a full sentence (not an "<expected>" phrase). */
interface SentenceIssue {
	path: (string | number)[];
	message: string;
}

/** Cross-key rules: a name listed twice, or a feature both on and off by default, is almost surely a mistake. */
function crossChecks(file: z.output<typeof sectionsSchema>): SentenceIssue[] {
	const issues: SentenceIssue[] = [];
	const duplicates = (list: string[], path: string[]) => {
		list.forEach((entry, index) => {
			if (list.indexOf(entry) !== index) issues.push({ path: [...path, index], message: `${path.join('.')} lists ${entry} twice` });
		});
	};
	duplicates(file.features.default_enabled, ['features', 'default_enabled']);
	duplicates(file.features.default_disabled, ['features', 'default_disabled']);
	duplicates(file.plugins.load_order, ['plugins', 'load_order']);
	file.features.default_disabled.forEach((feature, index) => {
		if (file.features.default_enabled.includes(feature)) {
			issues.push({
				path: ['features', 'default_disabled', index],
				message: `features: ${feature} is in both default_enabled and default_disabled`
			});
		}
	});
	return issues;
}

// `prefault({})` runs the section's own defaults when the whole section is missing, so a minimal file works.
const sectionsSchema = z.strictObject(
	{
		bot: z.prefault(botSection, {}),
		features: z.prefault(featuresSection, {}),
		performance: z.prefault(performanceSection, {}),
		scheduler: z.prefault(schedulerSection, {}),
		metrics: z.prefault(metricsSection, {}),
		logging: z.prefault(loggingSection, {}),
		plugins: z.prefault(pluginsSection, {})
	},
	{ error: 'a mapping of sections (bot, features, performance, scheduler, metrics, logging, plugins)' }
);

export const configFileSchema = sectionsSchema.check(
	z.superRefine((file, ctx) => {
		for (const issue of crossChecks(file)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { sentence: true } });
	})
);

/** config.yml exactly as validated: snake_case keys, defaults filled in, values not yet converted. */
export type ConfigFile = z.output<typeof configFileSchema>;

/** The validated configuration the code reads. */
export interface TikaConfig {
	/** Absolute path of the file this came from (or the source name given to parseConfig). */
	source: string;
	bot: BotConfig;
	features: FeaturesConfig;
	performance: PerformanceConfig;
	scheduler: SchedulerConfig;
	metrics: MetricsConfig;
	logging: LoggingConfig;
	plugins: PluginsConfig;
}

export interface BotConfig {
	name: string;
	description: string;
	/** Message-command prefixes, matched as written (trailing spaces included). */
	commandPrefix: string[];
	/** Prefixes and command names match regardless of case. */
	caseInsensitive: boolean;
}

export interface FeaturesConfig {
	/** Features on in every guild unless a guild turns them off; a feature in neither list follows its plugin manifest. */
	defaultEnabled: string[];
	/** Features off in every guild unless a guild turns them on. */
	defaultDisabled: string[];
}

export interface PerformanceConfig {
	/** Seconds a cached read stays fresh. */
	cacheTtl: number;
	/** Most entries the data cache holds before evicting the least recently used. */
	maxCacheSize: number;
	/** Seconds between automatic database backups; 0 turns them off. */
	autoBackupInterval: number;
	/** Most threads of the worker pool (container.workers); 0: one per core the process may use, minus one, at least 1. */
	workerThreads: number;
}

/** The durable scheduler (src/core/scheduler, docs/scheduler.md). Durations in milliseconds. */
export interface SchedulerConfig {
	/** How often the database is checked for tasks that other processes added (the only idle query). */
	pollIntervalMs: number;
	/** How long a claimed task is reserved for the process running it; after that another process may take it over. */
	leaseMs: number;
	/** Failed runs before a task goes to the dead letter. */
	maxAttempts: number;
	/** Delay before the first retry; doubled for each further one (capped at an hour). */
	retryBackoffMs: number;
	/** Most due tasks claimed per query. */
	batchSize: number;
	/** Most tasks run at once by one process. */
	concurrency: number;
}

/** The metrics and health endpoint (src/core/metrics, docs/operations.md). */
export interface MetricsConfig {
	/** Serve /metrics, /healthz and /readyz over HTTP; off by default (nothing listens). */
	enabled: boolean;
	/** Address to bind; loopback unless the operator opens it up. */
	host: string;
	/** TCP port; 0 picks a free one (the log line says which). */
	port: number;
}

export interface LoggingConfig {
	/** Lowest level written (console and file). */
	level: LogLevel;
	/** Absolute path of the log file (a relative `file` resolves against the config file's folder). */
	file: string;
	/** Rotate the file once it reaches this many bytes. */
	maxSizeBytes: number;
	/** Rotated files kept (bot.log.1 … bot.log.N); older ones are deleted. */
	backupCount: number;
}

export interface PluginsConfig {
	/** Register every discovered plugin at start-up. */
	autoLoad: boolean;
	/** Reload edited pieces without a restart (also on when NODE_ENV=development). */
	hotReload: boolean;
	/** Plugin categories or plugin names, loaded in this order (dependencies still come first). */
	loadOrder: string[];
	/**
	 * `plugins.settings.<name>` as written (null sections dropped); validated against each plugin's manifest schema
	 * after discovery. Plugins read theirs, typed, with `pluginConfig(manifest)`.
	 */
	settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** One documented key; `default` is written as it would appear in config.yml. */
export interface ConfigKeyDoc {
	key: string;
	type: string;
	default: string;
	description: string;
}

/**
 * Reference for every key, rendered into docs/configuration.md. A unit test checks that these keys are exactly the
 * schema's keys, that the defaults listed here are the schema's real defaults, and that the doc page mentions each key.
 */
export const CONFIG_DOCS: readonly ConfigKeyDoc[] = [
	{ key: 'bot.name', type: 'string', default: '"Tika"', description: 'Display name used in replies, embeds and /help.' },
	{ key: 'bot.description', type: 'string', default: '"A sassy, efficient Discord bot"', description: 'One-line description shown by /help.' },
	{
		key: 'bot.command_prefix',
		type: 'string or list of strings',
		default: '["!tika ", "!Tika "]',
		description: 'Prefixes for message commands (`!tika ping`), matched as written, trailing space included. Mentioning the bot always works too.'
	},
	{ key: 'bot.case_insensitive', type: 'boolean', default: 'true', description: 'Match prefixes and command names regardless of case.' },
	{
		key: 'features.default_enabled',
		type: 'list of names',
		default: '[]',
		description: 'Features on in every guild until a guild turns them off. A feature in neither list follows its plugin manifest.'
	},
	{
		key: 'features.default_disabled',
		type: 'list of names',
		default: '[]',
		description: 'Features off in every guild until a guild turns them on.'
	},
	{ key: 'performance.cache_ttl', type: 'number (seconds, > 0)', default: '300', description: 'How long a cached database read stays fresh.' },
	{
		key: 'performance.max_cache_size',
		type: 'integer (> 0)',
		default: '1000',
		description: 'Most entries the data cache holds; the least recently used are evicted first.'
	},
	{
		key: 'performance.auto_backup_interval',
		type: 'integer (seconds, >= 0)',
		default: '3600',
		description: 'Seconds between automatic database backups; 0 turns them off.'
	},
	{
		key: 'performance.worker_threads',
		type: 'integer (>= 0)',
		default: '0',
		description:
			'Most worker threads for CPU-heavy work (the Connect 4 AI, images sent on commands, .db backups); started on first use, ended when idle. 0: one per core minus one (at least 1).'
	},
	{
		key: 'scheduler.poll_interval',
		type: 'integer (seconds, > 0)',
		default: '30',
		description:
			"How often the scheduler checks the database for tasks it was not told about (added by another process). It is the scheduler's only idle query."
	},
	{
		key: 'scheduler.lease',
		type: 'integer (seconds, > 0)',
		default: '30',
		description:
			'How long a claimed task is reserved for the process running it. A task whose process died is taken over after this; keep it under a few minutes (Discord remembers message nonces for a few minutes).'
	},
	{
		key: 'scheduler.max_attempts',
		type: 'integer (> 0)',
		default: '5',
		description: 'Failed runs of one task before it goes to the dead letter (a log line and /stats).'
	},
	{
		key: 'scheduler.retry_backoff',
		type: 'integer (seconds, > 0)',
		default: '10',
		description: 'Delay before the first retry of a failed task, doubled for each further retry (capped at one hour).'
	},
	{ key: 'scheduler.batch_size', type: 'integer (> 0)', default: '100', description: 'Most due tasks claimed by one query.' },
	{ key: 'scheduler.concurrency', type: 'integer (> 0)', default: '64', description: 'Most tasks one process runs at the same time.' },
	{
		key: 'metrics.enabled',
		type: 'boolean',
		default: 'false',
		description:
			'Serve Prometheus metrics (/metrics) and health checks (/healthz, /readyz) over HTTP. Off: nothing listens and nothing is measured.'
	},
	{
		key: 'metrics.host',
		type: 'host name or address',
		default: '"127.0.0.1"',
		description: 'Address the endpoint binds to. Loopback by default; use 0.0.0.0 in a container whose port is published only to Prometheus.'
	},
	{
		key: 'metrics.port',
		type: 'integer (0-65535)',
		default: '9464',
		description: 'TCP port of the endpoint; 0 picks a free port (logged at start).'
	},
	{
		key: 'logging.level',
		type: 'TRACE | DEBUG | INFO | WARN (WARNING) | ERROR | CRITICAL (FATAL) | NONE',
		default: 'INFO',
		description: 'Lowest level written to the console and the file; any case.'
	},
	{
		key: 'logging.file',
		type: 'path',
		default: 'logs/bot.log',
		description: "Log file. A relative path resolves against the config file's folder; the folder is created if missing."
	},
	{
		key: 'logging.max_size',
		type: 'size ("10MB", "512KB", "1GB", or bytes)',
		default: '"10MB"',
		description: 'Rotate the log file when it reaches this size. Units are binary: 1KB = 1024 bytes.'
	},
	{
		key: 'logging.backup_count',
		type: 'integer (> 0)',
		default: '5',
		description: 'Rotated files kept as bot.log.1 (newest) … bot.log.N (oldest); older ones are deleted.'
	},
	{ key: 'plugins.auto_load', type: 'boolean', default: 'true', description: 'Register every plugin found under src/plugins at start-up.' },
	{
		key: 'plugins.hot_reload',
		type: 'boolean',
		default: 'false',
		description: 'Reload edited commands/listeners without a restart (development aid; NODE_ENV=development also turns it on).'
	},
	{
		key: 'plugins.load_order',
		type: 'list of names',
		default: '[]',
		description:
			'Plugin categories (admin, user, automation, entertainment, community) or plugin names, loaded in this order; dependencies always load first; unlisted plugins load last, alphabetically.'
	},
	{
		key: 'plugins.settings',
		type: 'mapping of plugin name → mapping',
		default: '{}',
		description:
			"Each plugin's own settings, under its name (plugins.settings.<name>), validated against the schema in the plugin's manifest; a section naming no installed plugin is refused."
	}
];
