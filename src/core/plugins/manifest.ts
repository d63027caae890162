import type { z } from 'zod/mini';

/**
 * A Tika plugin is a folder of Sapphire pieces plus this manifest (`plugin.ts`).
 * The core reads the manifest to order plugins, decide defaults, validate the plugin's config section, load its
 * personality lines and describe it to users; it never needs to know anything else about a feature.
 *
 * Everything a plugin owns lives in its folder (see docs/plugins.md):
 * - `plugin.ts`         this manifest
 * - `models.prisma`     its database models, joined into the per-provider schemas by `npm run db:generate`
 * - `personality.yml`   its own response categories, each declared in `personality` below
 * - `assets/`           its images and data files
 * - its config section  `plugins.settings.<name>` in config.yml, validated against `config` below
 */
export interface PluginManifest<Categories extends string = string, Config = unknown, Placeholders extends string = string> {
	/** The feature name users type in `/features` (snake_case, equal to the folder name). */
	readonly name: string;
	/** Seed category (admin, user, automation, entertainment, community, core): drives `plugins.load_order`. */
	readonly category: string;
	readonly description: string;
	/** Semantic version shown in `/plugins list`. */
	readonly version: string;
	/** Plugins that must be loaded (and enabled) before this one. */
	readonly dependencies: readonly string[];
	/**
	 * Plugins this one uses when they are installed and enabled, and works without otherwise (e.g. customization opens
	 * custom roles by level when progression is there). They load first when present; nothing is required.
	 */
	readonly optionalDependencies: readonly string[];
	/** Enabled in a guild when neither the guild nor config.yml says otherwise. */
	readonly defaultEnabled: boolean;
	/** False for plugins that must never be switched off (the lockout guard: the toggle plugin itself). */
	readonly toggleable: boolean;
	/**
	 * What the guild still has to configure before this plugin can work, or null when nothing is missing, e.g.
	 * `"AI chat needs an API key: /ai key set"`. Asked when an admin enables the plugin (to warn) and before each of
	 * its commands and interactions (to refuse with that sentence instead of failing half-way through).
	 */
	readonly requirements?: FeatureRequirements;
	/**
	 * Why the plugin may not be turned on in a guild right now, or null when it may: a veto asked by `/features enable`
	 * and `/features toggle` before anything is stored, for what only the bot's operator can fix (ai_chat without an API
	 * key: `"AI chat is not set up on this bot: set AI_API_KEY in .env ..."`). The sentence is shown as the refusal.
	 * Unlike `requirements` (the guild enables first, then configures), the feature stays off.
	 */
	readonly enableRefusal?: FeatureRequirements;
	/**
	 * What the plugin holds in memory, in bytes by item (`{ dictionary: 3_800_000, xp_buffer: 120_000 }`), for `/stats`
	 * and the `tika_plugin_memory_bytes` metric. Asked only when someone looks (an operator's /stats, a scrape), never per
	 * message. It must be cheap: sizes the structures already know (typed arrays' `byteLength`, a Map's `size` times a
	 * per-entry estimate, see `#core/stats/memory`), never a heap walk. Something not built yet (a lazy dictionary, a
	 * cache nobody filled) reports 0 or is left out. Keep `plugin.ts` light: reach the plugin's state through a deferred
	 * `require()` or a process-wide runtime inside the function, so start-up loads nothing extra (docs/plugins.md).
	 */
	readonly memory?: MemoryReport;
	/**
	 * The response categories this plugin speaks in. Each must be defined in the plugin's own `personality.yml` (and
	 * that file may define nothing else): a mismatch stops the start-up with one line naming the plugin and category.
	 * Typed access: `pluginVoice(manifest).respond('<category>', ...)` from `#shared/personality/plugins`.
	 */
	readonly personality: readonly Categories[];
	/** Placeholders the plugin's lines may use besides the core's (`{user}`, `{level}`, ... in src/shared/personality/types.ts). */
	readonly placeholders: readonly Placeholders[];
	/**
	 * The schema of the plugin's section in config.yml (`plugins.settings.<name>`), a zod object. Validated at start
	 * with the same one-line errors as the core sections; the parsed value is `pluginConfig(manifest)`.
	 */
	readonly config?: PluginConfigSchema<Config>;
}

/** Any zod 4 schema (classic or mini) whose output is the plugin's typed settings. */
export type PluginConfigSchema<Config> = z.ZodMiniType<Config, unknown>;

/** Estimated bytes a plugin holds, by item; see {@link PluginManifest.memory}. */
export type MemoryReport = () => Readonly<Record<string, number>>;

/** Returns the missing-configuration explanation for a guild, or null when the plugin is ready to use there. */
export type FeatureRequirements = (guildId: string) => string | null | Promise<string | null>;

export interface PluginManifestInput<Categories extends string = string, Config = unknown, Placeholders extends string = string> {
	readonly name: string;
	readonly category: string;
	readonly description: string;
	readonly version: string;
	readonly dependencies?: readonly string[];
	readonly optionalDependencies?: readonly string[];
	readonly defaultEnabled?: boolean;
	readonly toggleable?: boolean;
	readonly requirements?: FeatureRequirements;
	readonly enableRefusal?: FeatureRequirements;
	readonly memory?: MemoryReport;
	readonly personality?: readonly Categories[];
	readonly placeholders?: readonly Placeholders[];
	readonly config?: PluginConfigSchema<Config>;
}

const NAME = /^[a-z][a-z0-9_]{1,31}$/;
const VERSION = /^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/;
/** Same shape as core categories and placeholders: snake_case, so `{plugin}.{category}` reads naturally in errors. */
const CATEGORY = /^[a-z][a-z0-9_]{1,47}$/;

export class PluginManifestError extends Error {
	public override readonly name = 'PluginManifestError';
}

/** Declares a plugin; validates eagerly so a typo fails at start-up with the plugin's name in the message. */
export function definePlugin<const Categories extends string = never, Config = undefined, const Placeholders extends string = never>(
	input: PluginManifestInput<Categories, Config, Placeholders>
): PluginManifest<Categories, Config, Placeholders> {
	if (!NAME.test(input.name)) {
		throw new PluginManifestError(`Plugin name "${input.name}" must be snake_case (a-z, 0-9, _), 2-32 characters`);
	}
	if (!VERSION.test(input.version)) {
		throw new PluginManifestError(`Plugin "${input.name}" has version "${input.version}"; expected semver such as 1.0.0`);
	}
	if (!input.description.trim()) throw new PluginManifestError(`Plugin "${input.name}" needs a description`);
	const dependencies = [...new Set(input.dependencies ?? [])];
	if (dependencies.includes(input.name)) throw new PluginManifestError(`Plugin "${input.name}" cannot depend on itself`);
	const optionalDependencies = [...new Set(input.optionalDependencies ?? [])].filter((name) => !dependencies.includes(name));
	if (optionalDependencies.includes(input.name)) throw new PluginManifestError(`Plugin "${input.name}" cannot depend on itself`);
	if (input.requirements !== undefined && typeof input.requirements !== 'function') {
		throw new PluginManifestError(`Plugin "${input.name}" has requirements that are not a function; expected (guildId) => string | null`);
	}
	if (input.enableRefusal !== undefined && typeof input.enableRefusal !== 'function') {
		throw new PluginManifestError(`Plugin "${input.name}" has an enableRefusal that is not a function; expected (guildId) => string | null`);
	}
	if (input.memory !== undefined && typeof input.memory !== 'function') {
		throw new PluginManifestError(`Plugin "${input.name}" has a memory hook that is not a function; expected () => ({ item: bytes })`);
	}
	const personality = [...new Set(input.personality ?? [])];
	const badCategory = personality.find((category) => !CATEGORY.test(category));
	if (badCategory !== undefined) {
		throw new PluginManifestError(`Plugin "${input.name}" declares personality category "${badCategory}"; expected snake_case (a-z, 0-9, _)`);
	}
	const placeholders = [...new Set(input.placeholders ?? [])];
	const badPlaceholder = placeholders.find((placeholder) => !CATEGORY.test(placeholder));
	if (badPlaceholder !== undefined) {
		throw new PluginManifestError(`Plugin "${input.name}" declares placeholder "${badPlaceholder}"; expected snake_case (a-z, 0-9, _)`);
	}
	if (input.config !== undefined && !isZodSchema(input.config)) {
		throw new PluginManifestError(`Plugin "${input.name}" has a config that is not a zod schema; expected z.object({ ... })`);
	}
	return Object.freeze({
		name: input.name,
		category: input.category,
		description: input.description.trim(),
		version: input.version,
		dependencies: Object.freeze(dependencies),
		optionalDependencies: Object.freeze(optionalDependencies),
		defaultEnabled: input.defaultEnabled ?? true,
		toggleable: input.toggleable ?? true,
		personality: Object.freeze(personality),
		placeholders: Object.freeze(placeholders),
		// Only present when declared, so manifests without them look exactly as before.
		...(input.requirements ? { requirements: input.requirements } : {}),
		...(input.enableRefusal ? { enableRefusal: input.enableRefusal } : {}),
		...(input.memory ? { memory: input.memory } : {}),
		...(input.config ? { config: input.config } : {})
	});
}

function isZodSchema(value: unknown): boolean {
	return typeof value === 'object' && value !== null && '_zod' in value;
}
