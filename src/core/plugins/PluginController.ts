import type { Piece, Store, StoreRegistry } from '@sapphire/pieces';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { CommandSync, CommandSyncOutcome } from './commandSync';
import { loadPluginPersonality, PLUGIN_PERSONALITY_FILE } from '#shared/personality/plugins';
import { reasonOf, type PieceLoadError, type PieceLoadErrors } from './loadErrors';
import type { LoadedPlugin, PluginManager } from './PluginManager';
import type { ServiceRegistry } from './services';
import type { PluginStateStore } from './state';

export type PluginAction = 'reload' | 'enable' | 'disable';

/**
 * The outcome of one plugin operation, kept in Red's three buckets (loaded / failed / not found) so an operator sees
 * at a glance what worked, what did not and why, instead of one "done" that hides a broken piece.
 */
export interface PluginReport {
	action: PluginAction;
	plugin: string;
	/** Pieces now running, as `store/name` (e.g. `commands/ping`). */
	loaded: string[];
	/** Pieces taken out: the whole plugin on disable, pieces whose file disappeared on reload. */
	unloaded: string[];
	/** Piece files that did not load, with the first line of the error (on reload the previous version keeps running). */
	failed: PieceLoadError[];
	/** Plugin names that are not installed. */
	notFound: string[];
	/** What happened to Discord's slash command list. */
	commands: CommandSyncOutcome;
	/** Set when `commands` is `failed`. */
	commandsError?: string;
}

/** What `/plugins list` shows about one installed plugin. */
export interface PluginStatus {
	name: string;
	version: string;
	category: string;
	description: string;
	/** Globally; per-guild feature toggles are the feature manager's business. */
	enabled: boolean;
	toggleable: boolean;
	/** Loaded pieces per store (`commands`, `listeners`, ...); stores with none are left out. */
	pieces: Readonly<Record<string, number>>;
	/** Piece files that failed at start-up or at the last reload/enable. */
	loadErrors: readonly PieceLoadError[];
}

/** The operation was refused before anything changed (lockout, dependencies, already in that state); the message is for the user. */
export class PluginControlError extends Error {
	public override readonly name = 'PluginControlError';
}

export interface PluginControllerOptions {
	plugins: () => PluginManager;
	stores: () => StoreRegistry;
	state: () => PluginStateStore;
	commands: CommandSync;
	loadErrors: PieceLoadErrors;
	/** Services a disabled plugin provided are withdrawn even if its pieces forgot to (see services.ts). */
	services?: () => ServiceRegistry;
}

/**
 * Reload, enable and disable whole plugins at run time. A plugin is a folder: its pieces are whatever files that
 * folder holds now, so a reload also picks up files added since start-up and drops pieces whose file is gone.
 * Operations run one at a time; two operators reloading at once would otherwise interleave half-loaded stores.
 */
export class PluginController {
	readonly #options: PluginControllerOptions;
	#queue: Promise<unknown> = Promise.resolve();

	public constructor(options: PluginControllerOptions) {
		this.#options = options;
	}

	public get loadErrors(): PieceLoadErrors {
		return this.#options.loadErrors;
	}

	/** Every installed plugin in load order, disabled ones included, with what is loaded and what failed. */
	public list(): PluginStatus[] {
		return this.#plugins.list().map(({ manifest }) => {
			const pieces: Record<string, number> = {};
			for (const piece of this.#plugins.piecesOf(manifest.name, this.#stores)) pieces[piece.store.name] = (pieces[piece.store.name] ?? 0) + 1;
			return {
				name: manifest.name,
				version: manifest.version,
				category: manifest.category,
				description: manifest.description,
				enabled: this.#plugins.isEnabled(manifest.name),
				toggleable: manifest.toggleable,
				pieces,
				loadErrors: this.loadErrors.of(manifest.name)
			};
		});
	}

	/** Reads every piece of the plugin from disk again, loads new piece files, unloads pieces whose file was deleted. */
	public reload(name: string): Promise<PluginReport> {
		return this.#run('reload', name, async (plugin, report) => {
			if (!this.#plugins.isEnabled(name)) throw new PluginControlError(`\`${name}\` is disabled; use \`/plugins enable ${name}\` to load it.`);
			const before = this.#options.commands.snapshot();
			const previous = this.#plugins.piecesOf(name, this.#stores);
			purgeModuleCache(plugin.directory);
			this.loadErrors.clear(name);
			// Edited lines count as part of the plugin on disk; a broken file is reported and the old lines stay.
			try {
				loadPluginPersonality(plugin.manifest, plugin.directory);
			} catch (error) {
				report.failed.push({ piece: PLUGIN_PERSONALITY_FILE, reason: reasonOf(error) });
			}

			const { fresh, failedFiles } = await this.#loadFolder(plugin, report);
			for (const piece of previous) {
				// Replaced pieces are no longer current. One still current was not in any file that loaded: its file is gone
				// (or no longer exports it). A file that failed to load keeps its old piece running.
				if (piece.store.get(piece.name) !== piece || failedFiles.has(piece.location.full)) continue;
				await this.#unload(piece, report);
			}
			await this.#syncCommands(before, fresh, report);
		});
	}

	/** Switches the plugin off everywhere: persisted first, then its pieces are unloaded and its slash commands removed. */
	public disable(name: string): Promise<PluginReport> {
		return this.#run('disable', name, async (plugin, report) => {
			if (!plugin.manifest.toggleable) {
				throw new PluginControlError(`\`${name}\` cannot be disabled: it is needed to turn things back on (or to run the bot at all).`);
			}
			if (!this.#plugins.isEnabled(name)) throw new PluginControlError(`\`${name}\` is already disabled.`);
			const dependents = this.#plugins.dependentsOf(name).map((dependent) => `\`${dependent.manifest.name}\``);
			if (dependents.length) {
				throw new PluginControlError(
					`\`${name}\` cannot be disabled while ${dependents.join(', ')} depend${dependents.length === 1 ? 's' : ''} on it; disable those first.`
				);
			}

			// The database first: if it cannot remember the switch, nothing is unloaded and the next restart agrees with now.
			await this.#options.state().set(name, false);
			this.#plugins.setEnabled(name, false);
			const before = this.#options.commands.snapshot();
			for (const piece of this.#plugins.piecesOf(name, this.#stores)) await this.#unload(piece, report);
			this.#options.services?.().withdrawAll(name);
			// Forget the folders too, so nothing that reloads a whole store (or the HMR watcher) brings the pieces back.
			for (const store of this.#stores.values()) store.paths.delete(join(plugin.directory, store.name));
			this.loadErrors.clear(name);
			await this.#syncCommands(before, [], report);
		});
	}

	/** Switches the plugin back on everywhere: persisted, its folder loaded, its slash commands registered. */
	public enable(name: string): Promise<PluginReport> {
		return this.#run('enable', name, async (plugin, report) => {
			if (this.#plugins.isEnabled(name)) throw new PluginControlError(`\`${name}\` is already enabled.`);
			const missing = plugin.manifest.dependencies
				.filter((dependency) => !this.#plugins.isEnabled(dependency))
				.map((dependency) => `\`${dependency}\``);
			if (missing.length)
				throw new PluginControlError(`\`${name}\` needs ${missing.join(', ')}; enable ${missing.length === 1 ? 'it' : 'them'} first.`);

			await this.#options.state().set(name, true);
			this.#plugins.setEnabled(name, true);
			const before = this.#options.commands.snapshot();
			this.#stores.registerPath(plugin.directory);
			this.loadErrors.clear(name);
			const { fresh } = await this.#loadFolder(plugin, report);
			await this.#syncCommands(before, fresh, report);
		});
	}

	get #plugins(): PluginManager {
		return this.#options.plugins();
	}

	get #stores(): StoreRegistry {
		return this.#options.stores();
	}

	#run(action: PluginAction, name: string, body: (plugin: LoadedPlugin, report: PluginReport) => Promise<void>): Promise<PluginReport> {
		const report: PluginReport = { action, plugin: name, loaded: [], unloaded: [], failed: [], notFound: [], commands: 'unchanged' };
		const task = this.#queue.then(async () => {
			const plugin = this.#plugins.get(name);
			if (!plugin) report.notFound.push(name);
			else await body(plugin, report);
			return report;
		});
		// A failed or refused operation must not block the ones queued after it.
		this.#queue = task.catch(() => undefined);
		return task;
	}

	/** Loads every piece file in the plugin's store folders (commands/, listeners/, ...), recording each success and failure. */
	async #loadFolder(plugin: LoadedPlugin, report: PluginReport): Promise<{ fresh: Piece[]; failedFiles: Set<string> }> {
		const fresh: Piece[] = [];
		const failedFiles = new Set<string>();
		for (const store of this.#stores.values()) {
			const root = join(plugin.directory, store.name);
			for (const file of pieceFiles(store as Store<Piece>, root)) {
				try {
					const pieces = await store.load(root, relative(root, file));
					for (const piece of pieces) {
						fresh.push(piece);
						report.loaded.push(`${store.name}/${piece.name}`);
					}
				} catch (error) {
					failedFiles.add(file);
					report.failed.push(
						this.loadErrors.recordPath(file, error) ?? { piece: relative(plugin.directory, file), reason: reasonOf(error) }
					);
				}
			}
		}
		return { fresh, failedFiles };
	}

	async #unload(piece: Piece, report: PluginReport): Promise<void> {
		const label = `${piece.store.name}/${piece.name}`;
		try {
			await (piece.store as Store<Piece>).unload(piece);
			report.unloaded.push(label);
		} catch (error) {
			report.failed.push({ piece: label, reason: `could not be unloaded: ${reasonOf(error)}` });
		}
	}

	async #syncCommands(before: ReturnType<CommandSync['snapshot']>, fresh: readonly Piece[], report: PluginReport): Promise<void> {
		const result = await this.#options.commands.apply(before, fresh);
		report.commands = result.outcome;
		report.failed.push(...result.failed);
		if (result.error) report.commandsError = result.error;
	}
}

/** Piece files under `root` in the order a store would walk them; a plugin without that folder simply has none. */
function pieceFiles(store: Store<Piece>, root: string): string[] {
	if (!existsSync(root)) return [];
	const files: string[] = [];
	for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
		const path = join(root, entry.name);
		if (entry.isDirectory()) files.push(...pieceFiles(store, path));
		else if (entry.isFile() && store.strategy.filter(path) !== null) files.push(path);
	}
	return files;
}

/**
 * Sapphire re-requires each piece file but not what it imports, so a fix in the plugin's `lib/` would not be seen.
 * Dropping every module of the folder from the require cache makes a reload mean "the plugin as it is on disk now".
 * (Under jest this is a no-op: its module registry does not use `require.cache`.)
 */
function purgeModuleCache(directory: string): void {
	const prefix = directory.endsWith(sep) ? directory : directory + sep;
	for (const file of Object.keys(require.cache)) if (file.startsWith(prefix)) delete require.cache[file];
}
