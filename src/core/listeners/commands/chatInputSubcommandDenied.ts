import { ApplyOptions } from '@sapphire/decorators';
import { Listener, type UserError } from '@sapphire/framework';
import { SubcommandPluginEvents, type ChatInputSubcommandDeniedPayload } from '@sapphire/plugin-subcommands';
import { answerDenial, commandSubject } from '#core/replies/respond';

/** A subcommand's own preconditions (the subcommand plugin reports them apart from the command's). */
@ApplyOptions<Listener.Options>({ event: SubcommandPluginEvents.ChatInputSubcommandDenied })
export class ChatInputSubcommandDeniedListener extends Listener<typeof SubcommandPluginEvents.ChatInputSubcommandDenied> {
	public override run(error: UserError, { interaction, command }: ChatInputSubcommandDeniedPayload) {
		return answerDenial(error, interaction, commandSubject(command.name, 'chatInput', interaction));
	}
}
