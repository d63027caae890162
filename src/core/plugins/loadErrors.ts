import type { ILoaderStrategy, Piece, StoreRegistry } from '@sapphire/pieces';
import { relative, sep } from 'node:path';
import type { PluginManager } from './PluginManager';

/** A piece file of a plugin that could not be loaded, and why. */
export interface PieceLoadError {
	/** Path inside the plugin folder, e.g. `commands/hello.ts`. */
	piece: string;
	/** First line of the error: enough to know what to fix, short enough for an embed. */
	reason: string;
}

export interface LoadErrorLogger {
	error(...values: readonly unknown[]): void;
}

/**
 * Remembers which piece files failed to load, per plugin, so `/plugins list` can show them.
 *
 * Sapphire only reports a broken piece file through `LoaderStrategy#onError` (console.error, no event) and carries
 * on without it, so the operator would have to read the logs to learn that half a plugin is missing. {@link capture}
 * wraps that hook on every store's strategy: the error is recorded here and logged through Tika's logger instead.
 */
export class PieceLoadErrors {
	readonly #byPlugin = new Map<string, Map<string, string>>();
	readonly #wrapped = new WeakSet<ILoaderStrategy<Piece>>();

	public constructor(
		private readonly plugins: () => PluginManager,
		private readonly logger: () => LoadErrorLogger | undefined = () => undefined
	) {}

	/** Hooks every store's loader strategy (stores share one by default, so each strategy is wrapped once). */
	public capture(stores: StoreRegistry): void {
		for (const store of stores.values()) {
			const strategy = store.strategy as ILoaderStrategy<Piece>;
			if (this.#wrapped.has(strategy)) continue;
			this.#wrapped.add(strategy);
			const original = strategy.onError.bind(strategy);
			strategy.onError = (error: Error, path: string) => {
				this.recordPath(path, error);
				const logger = this.logger();
				if (logger) logger.error(`Could not load the piece ${path}:`, error);
				else original(error, path);
			};
		}
	}

	/** Records a failure for the plugin owning `file` (absolute path); files outside plugins are only logged. */
	public recordPath(file: string, error: unknown): PieceLoadError | null {
		const plugin = this.plugins().pluginOfPath(file);
		if (!plugin) return null;
		const piece = relative(plugin.directory, file).split(sep).join('/');
		const reason = reasonOf(error);
		let errors = this.#byPlugin.get(plugin.manifest.name);
		if (!errors) this.#byPlugin.set(plugin.manifest.name, (errors = new Map()));
		errors.set(piece, reason);
		return { piece, reason };
	}

	public of(plugin: string): PieceLoadError[] {
		return [...(this.#byPlugin.get(plugin) ?? [])].map(([piece, reason]) => ({ piece, reason }));
	}

	/** Forgets a plugin's errors before it is loaded again: what still fails is recorded afresh. */
	public clear(plugin: string): void {
		this.#byPlugin.delete(plugin);
	}
}

/** The first line of an error's message, clipped: stack traces belong in the log, not in Discord. */
export function reasonOf(error: unknown, max = 300): string {
	const message = error instanceof Error ? error.message : String(error);
	const line = message.split('\n').find((text) => text.trim()) ?? (error instanceof Error ? error.name : 'Unknown error');
	const trimmed = line.trim();
	return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
