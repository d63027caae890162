import type { Piece, StoreRegistry } from '@sapphire/pieces';
import { sep } from 'node:path';
import { discoverPlugins, type DiscoveredPlugin } from './discovery';
import { orderPlugins } from './order';

export type LoadedPlugin = DiscoveredPlugin;

/**
 * Knows which plugins are installed, in which order they load, and which plugin owns a piece.
 * Ownership comes from where the piece's file lives, so no piece declares its plugin by hand.
 */
export class PluginManager {
	readonly #plugins: LoadedPlugin[];
	readonly #byName: Map<string, LoadedPlugin>;
	/** Directory prefixes sorted longest first, so nested folders resolve to the innermost plugin. */
	readonly #prefixes: [string, LoadedPlugin][];

	public constructor(plugins: readonly LoadedPlugin[], loadOrder: readonly string[] = []) {
		this.#plugins = orderPlugins(plugins, loadOrder);
		this.#byName = new Map(this.#plugins.map((plugin) => [plugin.manifest.name, plugin]));
		this.#prefixes = this.#plugins
			.map((plugin): [string, LoadedPlugin] => [plugin.directory.endsWith(sep) ? plugin.directory : plugin.directory + sep, plugin])
			.sort((a, b) => b[0].length - a[0].length);
	}

	/** Discovers and orders every plugin folder under each root. Throws a one-line error on bad manifests or dependencies. */
	public static fromDirectory(roots: string | readonly string[], loadOrder: readonly string[] = []): PluginManager {
		const list = typeof roots === 'string' ? [roots] : roots;
		return new PluginManager(
			list.flatMap((root) => discoverPlugins(root)),
			loadOrder
		);
	}

	/** Plugins in load order. */
	public list(): readonly LoadedPlugin[] {
		return this.#plugins;
	}

	public get(name: string): LoadedPlugin | undefined {
		return this.#byName.get(name);
	}

	public has(name: string): boolean {
		return this.#byName.has(name);
	}

	/** Registers each plugin folder with every store (commands/, listeners/, interaction-handlers/, ...), in load order. */
	public registerWith(stores: StoreRegistry): void {
		for (const plugin of this.#plugins) stores.registerPath(plugin.directory);
	}

	/** The plugin a piece belongs to, from the piece's file path; undefined for pieces outside plugins (framework defaults). */
	public pluginOf(piece: Pick<Piece, 'location'>): LoadedPlugin | undefined {
		const file = piece.location.full;
		for (const [prefix, plugin] of this.#prefixes) if (file.startsWith(prefix)) return plugin;
		return undefined;
	}

	/** Every loaded piece of a plugin, across all stores. */
	public piecesOf(name: string, stores: StoreRegistry): Piece[] {
		const pieces: Piece[] = [];
		for (const store of stores.values()) {
			for (const piece of store.values()) if (this.pluginOf(piece as Piece)?.manifest.name === name) pieces.push(piece as Piece);
		}
		return pieces;
	}
}
