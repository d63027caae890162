import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Collection, Message, PartialMessage, ReadonlyCollection } from 'discord.js';
import { whenChapelCares } from '../lib/listen';

/** Bulk deletions (/clear, moderation bots) are deletions too. */
@ApplyOptions<Listener.Options>({ event: Events.MessageBulkDelete })
export class ChapelSourceBulkDeleteListener extends Listener<typeof Events.MessageBulkDelete> {
	public override run(messages: ReadonlyCollection<string, Message | PartialMessage> | Collection<string, Message | PartialMessage>) {
		const first = messages.first();
		whenChapelCares(
			this,
			first?.guildId,
			(engine) => engine.boards.knows(first!.guildId!),
			(engine) => engine.messagesDeleted(first?.guildId, first!.channelId, [...messages.keys()])
		);
	}
}
