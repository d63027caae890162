import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Message } from 'discord.js';

/** Every new message goes through the router; the router itself drops bots, webhooks and system messages. */
@ApplyOptions<Listener.Options>({ event: Events.MessageCreate })
export class MessageCreateListener extends Listener<typeof Events.MessageCreate> {
	public override run(message: Message) {
		return this.container.router.route(message, { edited: false });
	}
}
