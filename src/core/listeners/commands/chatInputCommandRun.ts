import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ChatInputCommand } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { recordFrustration } from '#core/replies/respond';

/** Every command run feeds the frustration tracker, which only counts it when it is part of a burst. */
@ApplyOptions<Listener.Options>({ event: Events.ChatInputCommandRun })
export class ChatInputCommandRunListener extends Listener<typeof Events.ChatInputCommandRun> {
	public override run(interaction: ChatInputCommandInteraction, command: ChatInputCommand) {
		recordFrustration(interaction.user.id, 'command', command.name);
	}
}
