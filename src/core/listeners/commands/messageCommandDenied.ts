import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type MessageCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { answerDenial, commandSubject } from '#core/replies/respond';

/** A prefix command refused by a precondition: a reply to the message (prefix commands cannot be ephemeral). */
@ApplyOptions<Listener.Options>({ event: Events.MessageCommandDenied })
export class MessageCommandDeniedListener extends Listener<typeof Events.MessageCommandDenied> {
	public override run(error: UserError, { message, command }: MessageCommandDeniedPayload) {
		return answerDenial(error, message, commandSubject(command.name, 'message', message));
	}
}
