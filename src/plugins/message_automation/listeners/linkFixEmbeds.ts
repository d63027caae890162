import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Message, PartialMessage } from 'discord.js';
import { linkFixRuntime } from '../lib/linkfix/runtime';

/**
 * Discord's embeds arrive as a MESSAGE_UPDATE a moment after the message. Guilds that fix only links Discord failed to
 * embed wait for it; this hands the embeds to the waiting fix (one map look-up for every other update).
 */
@ApplyOptions<Listener.Options>({ event: Events.MessageUpdate })
export class LinkFixEmbedsListener extends Listener<typeof Events.MessageUpdate> {
	public override run(_old: Message | PartialMessage, message: Message | PartialMessage) {
		const { embeds } = linkFixRuntime();
		if (embeds.isWaiting(message.id)) embeds.notify(message.id, message.embeds);
	}
}
