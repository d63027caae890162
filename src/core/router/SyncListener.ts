import { Events, Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';

/**
 * A Sapphire listener for events that fire for every message (creates and edits): its `run` is called directly, not
 * through Sapphire's wrapper, which is an async function awaiting `Result.fromAsync(run)`: three promises and two
 * microtask turns per message even when `run` answered synchronously, as the router does for most chat (bench:router's
 * profile: Sapphire's wrapper and the microtasks it queued were ≈ 2 µs of Tika's per-message cost).
 *
 * The contract is Sapphire's: an error `run` throws or its promise rejects with reaches `Events.ListenerError` with
 * this piece, so it is logged as any listener's would be. Loading, unloading and hot reloading are untouched (the store
 * attaches and detaches the listener function this sets).
 */
export abstract class SyncListener<E extends keyof ClientEvents | symbol> extends Listener<E> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options = {}) {
		super(context, options);
		// Sapphire keeps the function it attaches in a private field; its store adds and removes exactly that function.
		const self = this as unknown as { _listener: ((...args: unknown[]) => void) | null };
		if (self._listener !== null && !this.once) self._listener = (...args: unknown[]) => this.#dispatch(args);
	}

	#dispatch(args: unknown[]): void {
		try {
			const result: unknown = (this.run as (...values: unknown[]) => unknown)(...args);
			if (result instanceof Promise) result.then(undefined, (error: unknown) => this.#failed(error));
		} catch (error) {
			this.#failed(error);
		}
	}

	#failed(error: unknown): void {
		this.container.client.emit(Events.ListenerError, error, { piece: this });
	}
}
