import { Store } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { MessageHandler } from './MessageHandler';
import type { RouteEntry } from './types';

/**
 * The `message-handlers` store. Besides the usual name → piece map it keeps the routing view of its
 * pieces (sorted, with each piece's plugin resolved), rebuilt only when a piece is inserted or removed:
 * every load path of Sapphire, including `piece.reload()` and the HMR watcher, ends in `set`/`delete`.
 */
export class MessageHandlerStore extends Store<MessageHandler, 'message-handlers'> {
	#routes: readonly RouteEntry<Message>[] | null = null;

	public constructor() {
		super(MessageHandler, { name: 'message-handlers' });
	}

	/** The handlers in routing order (priority, then name). The same array is returned until the handlers change. */
	public get routes(): readonly RouteEntry<Message>[] {
		return (this.#routes ??= this.#buildRoutes());
	}

	public override set(key: string, value: MessageHandler): this {
		this.#routes = null;
		return super.set(key, value);
	}

	public override delete(key: string): boolean {
		this.#routes = null;
		return super.delete(key);
	}

	public override clear(): void {
		this.#routes = null;
		super.clear();
	}

	#buildRoutes(): readonly RouteEntry<Message>[] {
		// Resolved once per change, not per message: the plugin comes from the piece's folder.
		const plugins = this.container.plugins as typeof this.container.plugins | undefined;
		const routes = [...this.values()].map((handler): RouteEntry<Message> => ({
			name: handler.name,
			plugin: plugins?.pluginOf(handler)?.manifest.name ?? null,
			priority: handler.priority,
			edits: handler.edits,
			dms: handler.dms,
			run: (message, context) => handler.run(message, context)
		}));
		routes.sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		return Object.freeze(routes);
	}
}

declare module '@sapphire/pieces' {
	interface StoreRegistryEntries {
		'message-handlers': MessageHandlerStore;
	}
}
