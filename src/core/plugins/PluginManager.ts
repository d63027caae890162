import type { Piece, StoreRegistry } from '@sapphire/pieces';
import { sep } from 'node:path';
import { discoverPlugins, type DiscoveredPlugin } from './discovery';
import { orderPlugins } from './order';

export type LoadedPlugin = DiscoveredPlugin;

export interface PluginManagerOptions {
	/** Plugins switched off globally (from `PluginState`): known and listed, but their pieces are never registered. */
	disabled?: Iterable<string>;
}

/**
 * Knows which plugins are installed, in which order they load, and which plugin owns a piece.
 * Ownership comes from where the piece's file lives, so no piece declares its plugin by hand.
 */
export class PluginManager {
	readonly #plugins: LoadedPlugin[];
	readonly #byName: Map<string, LoadedPlugin>;
	/** Directory prefixes sorted longest first, so nested folders resolve to the innermost plugin. */
	readonly #prefixes: [string, LoadedPlugin][];
	readonly #disabled = new Set<string>();

	public constructor(plugins: readonly LoadedPlugin[], loadOrder: readonly string[] = [], options: PluginManagerOptions = {}) {
		this.#plugins = orderPlugins(plugins, loadOrder);
		this.#byName = new Map(this.#plugins.map((plugin) => [plugin.manifest.name, plugin]));
		for (const name of options.disabled ?? []) this.setEnabled(name, false);
		this.#prefixes = this.#plugins
			.map((plugin): [string, LoadedPlugin] => [plugin.directory.endsWith(sep) ? plugin.directory : plugin.directory + sep, plugin])
			.sort((a, b) => b[0].length - a[0].length);
	}

	/** Discovers and orders every plugin folder under each root. Throws a one-line error on bad manifests or dependencies. */
	public static fromDirectory(
		roots: string | readonly string[],
		loadOrder: readonly string[] = [],
		options: PluginManagerOptions = {}
	): PluginManager {
		const list = typeof roots === 'string' ? [roots] : roots;
		return new PluginManager(
			list.flatMap((root) => discoverPlugins(root)),
			loadOrder,
			options
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

	/** Whether the plugin is switched on globally (per-guild feature toggles are a separate, finer layer). */
	public isEnabled(name: string): boolean {
		return this.#byName.has(name) && !this.#disabled.has(name);
	}

	/**
	 * Records the global switch; loading or unloading the pieces is the caller's job (see PluginController).
	 * A non-toggleable plugin is always on, whatever a stale database row says, or an operator could lock themselves out.
	 */
	public setEnabled(name: string, enabled: boolean): void {
		if (enabled) this.#disabled.delete(name);
		else if (this.#byName.get(name)?.manifest.toggleable !== false) this.#disabled.add(name);
	}

	/** Enabled plugins that declare `name` as a dependency: switching `name` off would pull the rug from under them. */
	public dependentsOf(name: string): LoadedPlugin[] {
		return this.#plugins.filter((plugin) => this.isEnabled(plugin.manifest.name) && plugin.manifest.dependencies.includes(name));
	}

	/**
	 * Registers each enabled plugin folder with every store (commands/, listeners/, interaction-handlers/, ...), in load
	 * order. Globally disabled plugins are skipped, so none of their code runs, not even a listener's constructor.
	 */
	public registerWith(stores: StoreRegistry): void {
		for (const plugin of this.#plugins) if (this.isEnabled(plugin.manifest.name)) stores.registerPath(plugin.directory);
	}

	/** The plugin a piece belongs to, from the piece's file path; undefined for pieces outside plugins (framework defaults). */
	public pluginOf(piece: Pick<Piece, 'location'>): LoadedPlugin | undefined {
		return this.pluginOfPath(piece.location.full);
	}

	/** The plugin whose folder holds `file` (an absolute path), e.g. a piece file that failed to load. */
	public pluginOfPath(file: string): LoadedPlugin | undefined {
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
