import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents, type GatewayMessageReactionRemoveDispatchData } from 'discord.js';
import { whenChapelCares } from '../lib/listen';

/** A reaction taken back (raw gateway event, see chapelReactionAdd). */
@ApplyOptions<Listener.Options>({ emitter: 'ws', event: GatewayDispatchEvents.MessageReactionRemove })
export class ChapelReactionRemoveListener extends Listener {
	public override run(data: GatewayMessageReactionRemoveDispatchData) {
		whenChapelCares(
			this,
			data.guild_id,
			(engine) => engine.boardsFor(data.guild_id, data.emoji).length > 0,
			(engine) => engine.reactionRemoved(data)
		);
	}
}
