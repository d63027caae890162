import { z } from 'zod/mini';
import { validatePluginSettings, type PluginSettingsOwner } from '#core/config/loader';
import type { TikaConfig } from '#core/config/schema';
import type { PluginManifest } from './manifest';

/**
 * Each plugin's validated section of config.yml (`plugins.settings.<name>`), parsed by the schema in its manifest.
 * Module state rather than a container property so that a plugin's lib code can read its settings with nothing but
 * its own manifest, exactly as its pieces do.
 */
const settings = new Map<string, unknown>();

/** Validates every plugin's section against its schema and keeps the results; throws a one-line StartupError. */
export function installPluginSettings(config: Pick<TikaConfig, 'source' | 'plugins'>, plugins: readonly PluginSettingsOwner[]): void {
	const parsed = validatePluginSettings(config, plugins);
	settings.clear();
	for (const [name, value] of parsed) settings.set(name, value);
}

/**
 * A plugin's settings, typed by its manifest's `config` schema. Before (or without) a validated config.yml, e.g. in a
 * unit test of the plugin's lib, the schema's defaults.
 */
export function pluginConfig<Config>(manifest: Pick<PluginManifest<string, Config>, 'name' | 'config'>): Config {
	if (settings.has(manifest.name)) return settings.get(manifest.name) as Config;
	if (!manifest.config) throw new Error(`Plugin ${manifest.name} declares no config schema in its plugin.ts`);
	const defaults = z.parse(manifest.config, {});
	settings.set(manifest.name, defaults);
	return defaults;
}
