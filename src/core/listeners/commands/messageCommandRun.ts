import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type MessageCommand } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { recordFrustration } from '#core/replies/respond';

/** Every command run feeds the frustration tracker, which only counts it when it is part of a burst. */
@ApplyOptions<Listener.Options>({ event: Events.MessageCommandRun })
export class MessageCommandRunListener extends Listener<typeof Events.MessageCommandRun> {
	public override run(message: Message, command: MessageCommand) {
		recordFrustration(message.author.id, 'command', command.name);
	}
}
