import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents, type GatewayMessageReactionAddDispatchData } from 'discord.js';
import { whenChapelCares } from '../lib/listen';

/**
 * Reactions straight from the gateway: the raw event carries the message's author and the reacting member, and needs
 * neither the message nor the reaction in discord.js's cache, so uncached (partial) messages work like any other.
 */
@ApplyOptions<Listener.Options>({ emitter: 'ws', event: GatewayDispatchEvents.MessageReactionAdd })
export class ChapelReactionAddListener extends Listener {
	public override run(data: GatewayMessageReactionAddDispatchData) {
		whenChapelCares(
			this,
			data.guild_id,
			(engine) => engine.boardsFor(data.guild_id, data.emoji).length > 0,
			(engine) => engine.reactionAdded(data)
		);
	}
}
