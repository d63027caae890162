/**
 * What plugins offer each other, by name. Empty here on purpose: the core knows no feature. A provider plugin adds its
 * entry from its own folder, so the consumer gets a typed service without importing the provider:
 *
 * ```ts
 * declare module '#core/plugins/services' {
 * 	interface PluginServices {
 * 		greetings: GreetingsService;
 * 	}
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by declaration merging
export interface PluginServices {}

export type ServiceName = keyof PluginServices;

interface Provision {
	readonly service: unknown;
	readonly owner: string;
}

/**
 * The services plugins provide, on the container as `container.services`. A provider provides when its piece loads and
 * withdraws when it unloads; the plugin controller also withdraws everything a plugin provided when it disables it.
 * Consumers ask on every use (`container.services.get(name)`) and get undefined when the provider is not
 * installed, globally disabled or unloaded: that is the "works without it" case of `optionalDependencies`.
 */
export class ServiceRegistry {
	readonly #provisions = new Map<string, Provision>();

	/**
	 * Offers `service` under `name` on behalf of the plugin `owner`, replacing what was there (a reloaded piece provides
	 * its fresh service before the old piece unloads). Returns the withdrawal: it removes this provision only, so the old
	 * piece's `onUnload` never takes away the service its successor just provided.
	 */
	public provide<Name extends ServiceName>(name: Name, service: PluginServices[Name], owner: string): () => boolean {
		const provision: Provision = { service, owner };
		this.#provisions.set(name, provision);
		return () => {
			if (this.#provisions.get(name) !== provision) return false;
			return this.#provisions.delete(name);
		};
	}

	/** The service, or undefined when no loaded plugin provides it. */
	public get<Name extends ServiceName>(name: Name): PluginServices[Name] | undefined {
		return this.#provisions.get(name)?.service as PluginServices[Name] | undefined;
	}

	public has(name: ServiceName): boolean {
		return this.#provisions.has(name);
	}

	/** The plugin that provides `name`, for diagnostics. */
	public ownerOf(name: ServiceName): string | undefined {
		return this.#provisions.get(name)?.owner;
	}

	/** Removes every service `owner` provided (the plugin was disabled); returns their names. */
	public withdrawAll(owner: string): string[] {
		const withdrawn: string[] = [];
		for (const [name, provision] of this.#provisions) {
			if (provision.owner !== owner) continue;
			this.#provisions.delete(name);
			withdrawn.push(name);
		}
		return withdrawn;
	}
}
