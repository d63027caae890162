import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Message, PartialMessage, ReadonlyCollection, Snowflake } from 'discord.js';
import { forgetDeleted } from '../lib/linkfix/flow';

/** Bulk deletions (/clear, a moderator's purge) take the fixes of the deleted messages with them, as single ones do. */
@ApplyOptions<Listener.Options>({ event: Events.MessageBulkDelete })
export class LinkFixBulkDeleteListener extends Listener<typeof Events.MessageBulkDelete> {
	public override run(messages: ReadonlyCollection<Snowflake, Message<true> | PartialMessage<true>>) {
		return forgetDeleted([...messages.keys()]);
	}
}
