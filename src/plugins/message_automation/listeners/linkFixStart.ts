import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { linkFixRuntime } from '../lib/linkfix/runtime';

/**
 * Starts the link fixer once the client is ready: loads the index of stored fixes (so deletions and edits of messages
 * without a fix cost no query), prunes fixes older than 14 days, and starts the prune and mirror-probe timers.
 *
 * Not a `once` listener: the piece's load and unload bracket the runtime, so a plugin reload (or a load after the
 * client was already ready) restarts it, and shutdown stops it through the lifecycle hook.
 */
@ApplyOptions<Listener.Options>({ event: Events.ClientReady })
export class LinkFixStartListener extends Listener<typeof Events.ClientReady> {
	#unregister: (() => void) | null = null;

	public override run() {
		return linkFixRuntime().start();
	}

	public override onLoad() {
		this.#unregister = this.container.lifecycle.onShutdown('message_automation: link fixer', () => linkFixRuntime().stop());
		if (this.container.client.isReady()) void linkFixRuntime().start();
		return super.onLoad();
	}

	public override onUnload() {
		this.#unregister?.();
		linkFixRuntime().stop();
		return super.onUnload();
	}
}
