import type { PluginManifest } from './manifest';

export class PluginDependencyError extends Error {
	public override readonly name = 'PluginDependencyError';
}

/**
 * Orders plugins so that every plugin comes after its dependencies.
 *
 * Among plugins whose dependencies are satisfied, `load_order` decides: an entry may name a plugin
 * or a category (the seed lists categories: admin, user, ...). Earlier entries load first; plugins
 * not mentioned come last, alphabetically, so the order is deterministic on every machine.
 * A missing or circular dependency is refused with a message that names the plugins involved.
 */
export function orderPlugins<T extends { manifest: PluginManifest }>(plugins: readonly T[], loadOrder: readonly string[] = []): T[] {
	const byName = new Map<string, T>();
	for (const plugin of plugins) {
		const { name } = plugin.manifest;
		if (byName.has(name)) throw new PluginDependencyError(`Two plugins are named "${name}"; plugin names must be unique`);
		byName.set(name, plugin);
	}

	for (const plugin of plugins) {
		for (const dependency of plugin.manifest.dependencies) {
			if (!byName.has(dependency)) {
				throw new PluginDependencyError(`Plugin "${plugin.manifest.name}" depends on "${dependency}", which is not installed`);
			}
		}
	}

	const rank = (manifest: PluginManifest): number => {
		const byPlugin = loadOrder.indexOf(manifest.name);
		if (byPlugin !== -1) return byPlugin;
		const byCategory = loadOrder.indexOf(manifest.category);
		return byCategory === -1 ? loadOrder.length : byCategory;
	};
	const compare = (a: T, b: T) => rank(a.manifest) - rank(b.manifest) || compareNames(a.manifest.name, b.manifest.name);

	// Optional dependencies load first when they are installed, and are simply absent otherwise.
	const before = (manifest: PluginManifest): string[] => [
		...manifest.dependencies,
		...(manifest.optionalDependencies ?? []).filter((name) => byName.has(name))
	];
	const ordered: T[] = [];
	const placed = new Set<string>();
	const pending = [...plugins].sort(compare);
	while (pending.length > 0) {
		const index = pending.findIndex((plugin) => before(plugin.manifest).every((dependency) => placed.has(dependency)));
		if (index === -1) throw new PluginDependencyError(`Circular plugin dependency: ${describeCycle(pending.map((plugin) => plugin.manifest))}`);
		const [next] = pending.splice(index, 1);
		ordered.push(next!);
		placed.add(next!.manifest.name);
	}
	return ordered;
}

/** Finds one cycle among the plugins left over, to print it as `a → b → a`. */
function describeCycle(manifests: readonly PluginManifest[]): string {
	const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));
	let current = manifests[0]!;
	const path: string[] = [];
	while (!path.includes(current.name)) {
		path.push(current.name);
		const next = [...current.dependencies, ...(current.optionalDependencies ?? [])]
			.map((dependency) => byName.get(dependency))
			.find((manifest) => manifest !== undefined);
		if (!next) break;
		current = next;
	}
	const start = path.indexOf(current.name);
	return [...path.slice(start === -1 ? 0 : start), current.name].join(' → ');
}

/**
 * Alphabetical order of plugin names (`[a-z][a-z0-9_]*`, see manifest.ts), the same as `localeCompare` gives them
 * (`_` before digits before letters) without loading ICU's collation data at start-up (about 3 MB of resident memory).
 * Also orders the plugins' models.prisma files when the schema is joined (database/schema.ts).
 */
export function compareNames(a: string, b: string): number {
	const [x, y] = [a.replaceAll('_', ' '), b.replaceAll('_', ' ')];
	return x < y ? -1 : x > y ? 1 : 0;
}
