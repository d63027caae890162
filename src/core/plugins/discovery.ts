import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPluginPersonality } from '#shared/personality/plugins';
import { PluginManifestError, type PluginManifest } from './manifest';

export interface DiscoveredPlugin {
	readonly manifest: PluginManifest;
	/** Absolute path of the plugin folder; every piece under it belongs to this plugin. */
	readonly directory: string;
}

/** `plugin.ts` under tsx/jest, `plugin.js` once compiled: whichever exists in this tree. */
const MANIFEST_FILES = ['plugin.ts', 'plugin.js'];

/**
 * Reads every folder under `root` as a plugin. A folder without a manifest, or whose manifest
 * does not match its folder name, is an error: a half-installed plugin should stop the start-up
 * loudly rather than silently lose its commands. The plugin's own `personality.yml` is loaded and
 * checked against its manifest here too, so a missing or undeclared category stops the start-up
 * with one line naming the plugin and the category.
 */
export function discoverPlugins(root: string): DiscoveredPlugin[] {
	if (!existsSync(root)) throw new PluginManifestError(`Plugin folder ${root} does not exist`);
	const plugins: DiscoveredPlugin[] = [];
	for (const entry of readdirSync(root, { withFileTypes: true })) {
		if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
		const directory = join(root, entry.name);
		const manifest = readManifest(directory, entry.name);
		loadPluginPersonality(manifest, directory);
		plugins.push({ manifest, directory });
	}
	return plugins;
}

function readManifest(directory: string, folderName: string): PluginManifest {
	const file = MANIFEST_FILES.map((name) => join(directory, name)).find((path) => existsSync(path));
	if (!file) throw new PluginManifestError(`Plugin folder ${folderName}/ has no plugin.ts manifest`);
	// Manifests are discovered at run time, so they are required rather than imported.
	const loaded = require(file) as { default?: PluginManifest };
	const manifest = loaded.default;
	if (!manifest || typeof manifest.name !== 'string') {
		throw new PluginManifestError(`${folderName}/plugin manifest must \`export default definePlugin({ ... })\``);
	}
	if (manifest.name !== folderName) {
		throw new PluginManifestError(`Plugin folder ${folderName}/ declares the name "${manifest.name}"; the folder and the name must match`);
	}
	return manifest;
}
