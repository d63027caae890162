import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Message, PartialMessage } from 'discord.js';
import { forgetDeleted } from '../lib/linkfix/flow';

/**
 * A deleted message takes its fix with it; a deleted fix is forgotten. Not gated by the feature toggle on purpose: a
 * guild that switched link fixing off still expects the fixes already posted to follow their messages.
 */
@ApplyOptions<Listener.Options>({ event: Events.MessageDelete })
export class LinkFixDeleteListener extends Listener<typeof Events.MessageDelete> {
	public override run(message: Message | PartialMessage) {
		return forgetDeleted([message.id]);
	}
}
