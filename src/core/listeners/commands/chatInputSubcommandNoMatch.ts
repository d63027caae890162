import { ApplyOptions } from '@sapphire/decorators';
import { Listener, UserError } from '@sapphire/framework';
import { SubcommandPluginEvents, type ChatInputSubcommandNoMatchContext } from '@sapphire/plugin-subcommands';
import type { ChatInputCommandInteraction } from 'discord.js';
import { answerCommandError, commandSubject } from '#core/replies/respond';

/** Discord only sends registered subcommands, so this means the registration and the mappings disagree: say so, log it. */
@ApplyOptions<Listener.Options>({ event: SubcommandPluginEvents.ChatInputSubcommandNoMatch })
export class ChatInputSubcommandNoMatchListener extends Listener<typeof SubcommandPluginEvents.ChatInputSubcommandNoMatch> {
	public override run(interaction: ChatInputCommandInteraction, context: ChatInputSubcommandNoMatchContext) {
		this.container.logger.warn(`[subcommands] /${context.command.name}: ${context.message}`);
		const error = new UserError({
			identifier: context.identifier,
			message: `That form of \`/${context.command.name}\` does not exist (any more).`
		});
		return answerCommandError(error, interaction, commandSubject(context.command.name, 'chatInput', interaction));
	}
}
