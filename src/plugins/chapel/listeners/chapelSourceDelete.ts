import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Message, PartialMessage } from 'discord.js';
import { whenChapelCares } from '../lib/listen';

/** A deleted message takes its chapel posts with it; a chapel post deleted by someone leaves the chapel for good. */
@ApplyOptions<Listener.Options>({ event: Events.MessageDelete })
export class ChapelSourceDeleteListener extends Listener<typeof Events.MessageDelete> {
	public override run(message: Message | PartialMessage) {
		whenChapelCares(
			this,
			message.guildId,
			(engine) => engine.boards.knows(message.guildId!),
			(engine) => engine.messagesDeleted(message.guildId, message.channelId, [message.id])
		);
	}
}
