import type { CategoryTable, PluginCategory } from './types';

const tables = new Map<PluginCategory, CategoryTable>();

/**
 * Every loaded plugin's lines, by qualified category (`progression.level_up`). Filled by `loadPluginPersonality` when a
 * plugin is discovered or reloaded, read by {@link Personality#respond}; a module of its own so that neither of those
 * two depends on the other.
 */
export const pluginTables = {
	get(category: PluginCategory): CategoryTable | undefined {
		return tables.get(category);
	},
	set(category: PluginCategory, table: CategoryTable): void {
		tables.set(category, table);
	},
	/** Drops a plugin's lines (before its file is loaded again, or when it no longer has one). */
	forget(plugin: string): void {
		for (const key of [...tables.keys()]) if (key.startsWith(`${plugin}.`)) tables.delete(key);
	}
};
