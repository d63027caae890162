import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { SubcommandPluginEvents, type ChatInputSubcommandErrorPayload } from '@sapphire/plugin-subcommands';
import { answerCommandError, commandSubject } from '#core/replies/respond';

/**
 * A subcommand threw. The subcommand plugin catches the error itself and reports it here instead of through
 * chatInputCommandError, so without this listener a failing `/settings sass` would leave "thinking…" forever.
 */
@ApplyOptions<Listener.Options>({ event: SubcommandPluginEvents.ChatInputSubcommandError })
export class ChatInputSubcommandErrorListener extends Listener<typeof SubcommandPluginEvents.ChatInputSubcommandError> {
	public override run(error: unknown, { interaction, command }: ChatInputSubcommandErrorPayload) {
		return answerCommandError(error, interaction, commandSubject(command.name, 'chatInput', interaction));
	}
}
