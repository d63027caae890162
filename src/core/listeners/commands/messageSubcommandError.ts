import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { SubcommandPluginEvents, type MessageSubcommandErrorPayload } from '@sapphire/plugin-subcommands';
import { answerCommandError, commandSubject } from '#core/replies/respond';

/** A prefix subcommand threw (reported by the subcommand plugin, not as messageCommandError). */
@ApplyOptions<Listener.Options>({ event: SubcommandPluginEvents.MessageSubcommandError })
export class MessageSubcommandErrorListener extends Listener<typeof SubcommandPluginEvents.MessageSubcommandError> {
	public override run(error: unknown, { message, command }: MessageSubcommandErrorPayload) {
		return answerCommandError(error, message, commandSubject(command.name, 'message', message));
	}
}
