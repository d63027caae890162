import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ChatInputCommandErrorPayload } from '@sapphire/framework';
import { answerCommandError, commandSubject } from '#core/replies/respond';

/** A slash command threw: bad input gets a user_fault reply, a bug gets an error id (and the log gets the stack). */
@ApplyOptions<Listener.Options>({ event: Events.ChatInputCommandError })
export class ChatInputCommandErrorListener extends Listener<typeof Events.ChatInputCommandError> {
	public override run(error: unknown, { interaction, command }: ChatInputCommandErrorPayload) {
		return answerCommandError(error, interaction, commandSubject(command.name, 'chatInput', interaction));
	}
}
