import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents, type GatewayMessageReactionRemoveEmojiDispatchData } from 'discord.js';
import { whenChapelCares } from '../lib/listen';

/** A moderator removed every reaction of one emoji. */
@ApplyOptions<Listener.Options>({ emitter: 'ws', event: GatewayDispatchEvents.MessageReactionRemoveEmoji })
export class ChapelReactionClearEmojiListener extends Listener {
	public override run(data: GatewayMessageReactionRemoveEmojiDispatchData) {
		whenChapelCares(
			this,
			data.guild_id,
			(engine) => engine.boardsFor(data.guild_id, data.emoji).length > 0,
			(engine) => engine.reactionsCleared(data.guild_id, data.channel_id, data.message_id, data.emoji)
		);
	}
}
