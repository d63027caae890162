import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { endGames, games } from '../lib/runtime';

/**
 * Live games are in memory only. The shutdown hook (registered while this piece is loaded) edits every live game's
 * message to "ended: Tika restarted" with its buttons disabled, all at once so one slow edit cannot hold the others.
 * Not a `once` listener: Sapphire unloads those after their first run, which would unregister the hook.
 */
@ApplyOptions<Listener.Options>({ event: Events.ClientReady })
export class InteractiveGamesShutdownListener extends Listener<typeof Events.ClientReady> {
	#unregister: (() => void) | null = null;

	public override onLoad() {
		this.#unregister = this.container.lifecycle.onShutdown('interactive_games: end live games', () => endGames(games.all(), 'restart'));
		return super.onLoad();
	}

	public override run() {
		if (games.size) this.container.logger.debug(`[interactive_games] ${games.size} live game(s) kept across a reconnect`);
	}

	public override onUnload() {
		this.#unregister?.();
		this.#unregister = null;
		return super.onUnload();
	}
}
