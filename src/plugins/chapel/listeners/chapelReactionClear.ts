import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents, type GatewayMessageReactionRemoveAllDispatchData } from 'discord.js';
import { whenChapelCares } from '../lib/listen';

/** A moderator removed every reaction of a message: its votes go with them. */
@ApplyOptions<Listener.Options>({ emitter: 'ws', event: GatewayDispatchEvents.MessageReactionRemoveAll })
export class ChapelReactionClearListener extends Listener {
	public override run(data: GatewayMessageReactionRemoveAllDispatchData) {
		whenChapelCares(
			this,
			data.guild_id,
			(engine) => engine.boards.forGuild(data.guild_id!).length > 0,
			(engine) => engine.reactionsCleared(data.guild_id, data.channel_id, data.message_id, null)
		);
	}
}
