import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Message, PartialMessage } from 'discord.js';
import { whenChapelCares } from '../lib/listen';

/** An edited message edits its chapel posts (only in guilds with a chapel; only when its text, embeds or files changed). */
@ApplyOptions<Listener.Options>({ event: Events.MessageUpdate })
export class ChapelSourceEditListener extends Listener<typeof Events.MessageUpdate> {
	public override run(old: Message | PartialMessage, message: Message | PartialMessage) {
		if (
			!old.partial &&
			old.content === message.content &&
			old.attachments.size === message.attachments.size &&
			old.embeds.length === message.embeds.length
		)
			return;
		whenChapelCares(
			this,
			message.guildId,
			(engine) => engine.boards.forGuild(message.guildId!).length > 0,
			(engine) => engine.sourceEdited(message as Message)
		);
	}
}
