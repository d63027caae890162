import { ApplyOptions } from '@sapphire/decorators';
import { Listener, type UserError } from '@sapphire/framework';
import { SubcommandPluginEvents, type MessageSubcommandDeniedPayload } from '@sapphire/plugin-subcommands';
import { answerDenial, commandSubject } from '#core/replies/respond';

/** A subcommand's own preconditions, prefix form. */
@ApplyOptions<Listener.Options>({ event: SubcommandPluginEvents.MessageSubcommandDenied })
export class MessageSubcommandDeniedListener extends Listener<typeof SubcommandPluginEvents.MessageSubcommandDenied> {
	public override run(error: UserError, { message, command }: MessageSubcommandDeniedPayload) {
		return answerDenial(error, message, commandSubject(command.name, 'message', message));
	}
}
