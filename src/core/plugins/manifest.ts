/**
 * A Tika plugin is a folder of Sapphire pieces plus this manifest (`plugin.ts`).
 * The core reads the manifest to order plugins, decide defaults and describe them to users;
 * it never needs to know anything else about a feature.
 */
export interface PluginManifest {
	/** The feature name users type in `/features` (snake_case, equal to the folder name). */
	readonly name: string;
	/** Seed category (admin, user, automation, entertainment, community, core): drives `plugins.load_order`. */
	readonly category: string;
	readonly description: string;
	/** Semantic version shown in `/plugins list`. */
	readonly version: string;
	/** Plugins that must be loaded (and enabled) before this one. */
	readonly dependencies: readonly string[];
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
}

/** Returns the missing-configuration explanation for a guild, or null when the plugin is ready to use there. */
export type FeatureRequirements = (guildId: string) => string | null | Promise<string | null>;

export type PluginManifestInput = Omit<PluginManifest, 'dependencies' | 'defaultEnabled' | 'toggleable'> &
	Partial<Pick<PluginManifest, 'dependencies' | 'defaultEnabled' | 'toggleable'>>;

const NAME = /^[a-z][a-z0-9_]{1,31}$/;
const VERSION = /^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/;

export class PluginManifestError extends Error {
	public override readonly name = 'PluginManifestError';
}

/** Declares a plugin; validates eagerly so a typo fails at start-up with the plugin's name in the message. */
export function definePlugin(input: PluginManifestInput): PluginManifest {
	if (!NAME.test(input.name)) {
		throw new PluginManifestError(`Plugin name "${input.name}" must be snake_case (a-z, 0-9, _), 2-32 characters`);
	}
	if (!VERSION.test(input.version)) {
		throw new PluginManifestError(`Plugin "${input.name}" has version "${input.version}"; expected semver such as 1.0.0`);
	}
	if (!input.description.trim()) throw new PluginManifestError(`Plugin "${input.name}" needs a description`);
	const dependencies = [...new Set(input.dependencies ?? [])];
	if (dependencies.includes(input.name)) throw new PluginManifestError(`Plugin "${input.name}" cannot depend on itself`);
	if (input.requirements !== undefined && typeof input.requirements !== 'function') {
		throw new PluginManifestError(`Plugin "${input.name}" has requirements that are not a function; expected (guildId) => string | null`);
	}
	return Object.freeze({
		name: input.name,
		category: input.category,
		description: input.description.trim(),
		version: input.version,
		dependencies: Object.freeze(dependencies),
		defaultEnabled: input.defaultEnabled ?? true,
		toggleable: input.toggleable ?? true,
		// Only present when declared, so manifests without requirements look exactly as before.
		...(input.requirements ? { requirements: input.requirements } : {})
	});
}
