import { Piece } from '@sapphire/framework';
import type { PluginServices, ServiceName } from './services';

/**
 * A plugin's offer to other plugins, loaded from the plugin's `services/` folder; the file name is the service name
 * (`services/progression.ts` provides `container.services.get('progression')`). Being a piece, it follows its plugin
 * with no extra code: provided when the plugin loads or is enabled, withdrawn when it is disabled, and replaced by the
 * fresh one when the plugin is reloaded from disk.
 *
 * ```ts
 * export class ProgressionServiceProvider extends ServiceProvider<'progression'> {
 * 	public readonly service = { rankSnapshot: getRankSnapshot };
 * }
 * ```
 */
export abstract class ServiceProvider<Name extends ServiceName = ServiceName> extends Piece<Piece.Options, 'services'> {
	/** What consumers get from `container.services.get(name)`. */
	public abstract readonly service: PluginServices[Name];
	#withdraw: (() => boolean) | null = null;

	public override onLoad() {
		const owner = this.container.plugins.pluginOf(this)?.manifest.name ?? 'core';
		this.#withdraw = this.container.services.provide(this.name as Name, this.service, owner);
		return super.onLoad();
	}

	public override onUnload() {
		// Only this piece's provision: on a reload the new piece has already provided its own (Sapphire loads it first).
		this.#withdraw?.();
		this.#withdraw = null;
		return super.onUnload();
	}
}
