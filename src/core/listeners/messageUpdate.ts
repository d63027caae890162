import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Message, PartialMessage } from 'discord.js';
import { contentChanged } from '#core/router/edits';

/** Edited messages reach only the handlers that opted in with `edits`, and only when the text actually changed. */
@ApplyOptions<Listener.Options>({ event: Events.MessageUpdate })
export class MessageUpdateListener extends Listener<typeof Events.MessageUpdate> {
	// discord.js types the new message as complete, but with the Message partial enabled an uncached one arrives partial.
	public override async run(oldMessage: Message | PartialMessage, newMessage: Message | PartialMessage) {
		const { router } = this.container;
		// Checked first so that a partial update nobody wants does not cost a REST fetch.
		if (!router.acceptsEdits) return null;
		let message: Message;
		if (newMessage.partial) {
			try {
				message = await newMessage.fetch();
			} catch {
				// Deleted or no longer visible by the time we asked: there is nothing left to route.
				return null;
			}
		} else {
			message = newMessage;
		}
		if (!contentChanged(oldMessage, message)) return null;
		return router.route(message, { edited: true });
	}
}
