import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { SubcommandPluginEvents, type ChatInputSubcommandAcceptedPayload, type SubcommandMappingMethod } from '@sapphire/plugin-subcommands';
import type { ChatInputCommandInteraction } from 'discord.js';
import { answerCommandError, commandSubject } from '#core/replies/respond';

/** A subcommand mapping without a slash handler is a bug in the command: answer with an error id rather than silence. */
@ApplyOptions<Listener.Options>({ event: SubcommandPluginEvents.SubcommandMappingIsMissingChatInputCommandHandler })
export class SubcommandMappingIsMissingHandlerListener extends Listener<
	typeof SubcommandPluginEvents.SubcommandMappingIsMissingChatInputCommandHandler
> {
	public override run(
		interaction: ChatInputCommandInteraction,
		subcommand: SubcommandMappingMethod,
		{ command }: ChatInputSubcommandAcceptedPayload
	) {
		const error = new Error(`Subcommand "${subcommand.name}" of /${command.name} has no chatInputRun handler`);
		return answerCommandError(error, interaction, commandSubject(command.name, 'chatInput', interaction));
	}
}
