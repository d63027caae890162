import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod/mini';
import { configFileSchema, LOG_LEVEL_NAMES, parseSize, SECTIONS, type ConfigFile, type TikaConfig } from '#core/config/schema';
import { StartupError } from '#core/errors';
import { parseYamlCached } from '#core/yaml';
import { levenshtein } from '#shared/utils/text';

export type { TikaConfig } from '#core/config/schema';

/**
 * Reads, validates and converts a config file. Every failure is a {@link StartupError} whose single line names the
 * file, the key, the bad value and what was expected, because the person reading it is starting the bot, not
 * debugging it.
 */
export function loadConfig(path: string): TikaConfig {
	const absolute = resolve(path);
	let text: string;
	try {
		text = readFileSync(absolute, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
		throw new StartupError(`Cannot read config file ${absolute} (${code})`, 'Set TIKA_CONFIG or restore config.yml', { cause: error });
	}
	return parseConfig(text, displayName(absolute));
}

/**
 * Validates config text. `sourceName` appears in error messages and, resolved against the working directory, is the
 * folder a relative `logging.file` is resolved against.
 */
export function parseConfig(text: string, sourceName: string): TikaConfig {
	const data = parseYamlCached(text, ({ parseDocument }) => {
		const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
		const [syntaxError] = document.errors;
		if (syntaxError) {
			const where = syntaxError.linePos ? ` at line ${syntaxError.linePos[0].line}, column ${syntaxError.linePos[0].col}` : '';
			// prettyErrors appends its own position and a code excerpt over several lines; we want one line.
			const what = syntaxError.message.split(/ at line \d+, column \d+:|\n/)[0]!.trim();
			throw new StartupError(
				`${sourceName}: YAML syntax error${where}: ${what}`,
				`Fix the YAML in ${sourceName} (indent with spaces, quote text containing ": " or " #")`
			);
		}
		return document.toJS() as unknown;
	});
	const input = normaliseSections(data, sourceName);
	const result = configFileSchema.safeParse(input);
	if (!result.success) {
		const problems = [...new Set(result.error.issues.map((issue) => describeIssue(issue, input)))];
		throw new StartupError(`${sourceName}: ${problems.join('; ')}`, `Fix ${sourceName} (every key is described in docs/configuration.md)`);
	}
	return toTikaConfig(result.data, resolve(sourceName));
}

/** The camelCase view of a validated file; paths are made absolute here so nothing later depends on the working directory. */
function toTikaConfig(file: ConfigFile, source: string): TikaConfig {
	return {
		source,
		bot: {
			name: file.bot.name,
			description: file.bot.description,
			commandPrefix: file.bot.command_prefix,
			caseInsensitive: file.bot.case_insensitive
		},
		features: { defaultEnabled: file.features.default_enabled, defaultDisabled: file.features.default_disabled },
		performance: {
			cacheTtl: file.performance.cache_ttl,
			maxCacheSize: file.performance.max_cache_size,
			autoBackupInterval: file.performance.auto_backup_interval,
			workerThreads: file.performance.worker_threads
		},
		scheduler: {
			pollIntervalMs: file.scheduler.poll_interval * 1000,
			leaseMs: file.scheduler.lease * 1000,
			maxAttempts: file.scheduler.max_attempts,
			retryBackoffMs: file.scheduler.retry_backoff * 1000,
			batchSize: file.scheduler.batch_size,
			concurrency: file.scheduler.concurrency
		},
		metrics: { enabled: file.metrics.enabled, host: file.metrics.host, port: file.metrics.port },
		logging: {
			// Both lookups were validated by the schema's refinements.
			level: LOG_LEVEL_NAMES[file.logging.level.trim().toUpperCase()]!,
			file: resolve(dirname(source), file.logging.file),
			maxSizeBytes: parseSize(file.logging.max_size)!,
			backupCount: file.logging.backup_count
		},
		plugins: {
			autoLoad: file.plugins.auto_load,
			hotReload: file.plugins.hot_reload,
			loadOrder: file.plugins.load_order,
			settings: Object.fromEntries(
				Object.entries(file.plugins.settings).filter((entry): entry is [string, Record<string, unknown>] => entry[1] !== null)
			)
		}
	};
}

/**
 * An empty file, or a section whose keys are all commented out, parses as null: both mean "use the defaults".
 * Anything else that is not a mapping at the top is reported here, before zod, so the message can say what it saw.
 */
function normaliseSections(value: unknown, sourceName: string): Record<string, unknown> {
	if (value === null || value === undefined) return {};
	if (!isMapping(value)) {
		throw new StartupError(
			`${sourceName}: the top level must be a mapping of sections such as "bot:" and "logging:" (got ${show(value)})`,
			`Fix ${sourceName} (see config.yml in the repository for the layout)`
		);
	}
	const sections: Record<string, unknown> = {};
	for (const [key, section] of Object.entries(value)) {
		if (section !== null) sections[key] = section;
	}
	return sections;
}

/** What the settings validation needs to know of a plugin: its manifest's name and config schema. */
export interface PluginSettingsOwner {
	readonly manifest: { readonly name: string; readonly config?: z.ZodMiniType<unknown, unknown> };
}

/**
 * Validates `plugins.settings.<name>` against each installed plugin's schema, once plugins are discovered. Returns the
 * parsed settings by plugin (a plugin with a schema and no section gets its schema's defaults). Fails with the same
 * one-line errors as the core sections: the bad key and value, and sections naming no installed plugin (with the
 * nearest name) or a plugin that takes no settings.
 */
export function validatePluginSettings(
	config: Pick<TikaConfig, 'source' | 'plugins'>,
	plugins: readonly PluginSettingsOwner[]
): Map<string, unknown> {
	const sourceName = displayName(config.source);
	const byName = new Map(plugins.map((plugin) => [plugin.manifest.name, plugin.manifest]));
	const problems: string[] = [];
	for (const name of Object.keys(config.plugins.settings)) {
		const manifest = byName.get(name);
		if (!manifest) {
			const suggestion = closest(name, [...byName.keys()]);
			problems.push(
				`unknown plugin section plugins.settings.${name} (${suggestion ? `did you mean ${suggestion}?` : `installed plugins: ${[...byName.keys()].join(', ')}`})`
			);
		} else if (!manifest.config) {
			problems.push(`plugins.settings.${name}: plugin ${name} takes no settings (remove the section)`);
		}
	}
	const parsed = new Map<string, unknown>();
	for (const [name, manifest] of byName) {
		if (!manifest.config) continue;
		const input = config.plugins.settings[name] ?? {};
		const result = z.safeParse(manifest.config, input);
		if (result.success) {
			parsed.set(name, result.data);
			continue;
		}
		const prefix = ['plugins', 'settings', name];
		const known = shapeKeys(manifest.config);
		for (const issue of result.error.issues) {
			if (issue.code === 'unrecognized_keys') {
				for (const key of issue.keys) {
					const fullKey = formatPath([...prefix, ...issue.path, key]);
					const suggestion = issue.path.length === 0 ? closest(key, known) : null;
					problems.push(
						suggestion
							? `unknown key ${fullKey} (did you mean ${suggestion}?)`
							: `unknown key ${fullKey}${issue.path.length === 0 && known.length ? ` (expected one of ${known.join(', ')})` : ''}`
					);
				}
			} else {
				problems.push(`${formatPath([...prefix, ...issue.path])} must be ${issue.message} (got ${show(valueAt(input, issue.path))})`);
			}
		}
	}
	if (problems.length) {
		throw new StartupError(
			`${sourceName}: ${[...new Set(problems)].join('; ')}`,
			`Fix ${sourceName} (each plugin's settings are described in its guide)`
		);
	}
	return parsed;
}

/** The top-level keys of an object schema, for "did you mean" suggestions. */
function shapeKeys(schema: unknown): string[] {
	const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } })._zod?.def?.shape;
	return shape ? Object.keys(shape) : [];
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
	if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => describeUnknownKey(issue.path, key)).join('; ');
	if (issue.code === 'custom' && issue.params?.sentence) return issue.message;
	return `${formatPath(issue.path)} must be ${issue.message} (got ${show(valueAt(input, issue.path))})`;
}

function describeUnknownKey(parentPath: PropertyKey[], key: string): string {
	const section = parentPath[0] as keyof typeof SECTIONS | undefined;
	const fullKey = section ? `${section}.${key}` : key;
	const known = section ? Object.keys(SECTIONS[section].shape) : Object.keys(SECTIONS);

	// A key written in the wrong section (or at the top level) is common: say where it belongs.
	for (const [otherSection, schema] of Object.entries(SECTIONS)) {
		if (otherSection !== section && key in schema.shape) return `unknown key ${fullKey} (it belongs under ${otherSection}:)`;
	}
	const suggestion = closest(key, known);
	return suggestion ? `unknown key ${fullKey} (did you mean ${suggestion}?)` : `unknown key ${fullKey} (expected one of ${known.join(', ')})`;
}

/**
 * The known key nearest to a typo. Besides whole-key edit distance, each word of a snake_case key is tried, so
 * `prefixx` finds `command_prefix` and `size` finds `max_size`; case and separators are ignored (`commandPrefix`).
 */
function closest(key: string, candidates: readonly string[]): string | null {
	const normalise = (value: string) => value.toLowerCase().replace(/[_\-\s]/g, '');
	const typed = normalise(key);
	const limit = Math.max(1, Math.floor(typed.length / 3));
	let best: { candidate: string; distance: number } | null = null;
	for (const candidate of candidates) {
		const words = candidate.split('_').filter((word) => word.length >= 3);
		const distance = Math.min(levenshtein(typed, normalise(candidate)), ...words.map((word) => levenshtein(typed, word)));
		if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
	}
	return best?.candidate ?? null;
}

/** `features.default_enabled[1]`: the way a person would point at the entry in the file. */
function formatPath(path: PropertyKey[]): string {
	return path.reduce<string>(
		(out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${String(segment)}` : String(segment)),
		''
	);
}

/** The value the user wrote at a path; stops at the deepest value that exists (e.g. a single-string prefix). */
function valueAt(input: unknown, path: PropertyKey[]): unknown {
	let current = input;
	for (const segment of path) {
		if (current === null || typeof current !== 'object') return current;
		current = (current as Record<PropertyKey, unknown>)[segment];
	}
	return current;
}

function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'an empty value';
	const rendered = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? JSON.stringify(value) : String(value);
	return rendered.length > 60 ? `${rendered.slice(0, 57)}...` : rendered;
}

function isMapping(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Relative to the working directory when the file is inside it (shorter, and what the user typed), else absolute. */
function displayName(absolute: string): string {
	const fromCwd = relative(process.cwd(), absolute);
	return fromCwd && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : absolute;
}
