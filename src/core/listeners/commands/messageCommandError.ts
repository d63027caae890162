import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type MessageCommandErrorPayload } from '@sapphire/framework';
import { answerCommandError, commandSubject } from '#core/replies/respond';

/** A prefix command threw; argument errors (missing or malformed input) count as the user's doing, not a bug. */
@ApplyOptions<Listener.Options>({ event: Events.MessageCommandError })
export class MessageCommandErrorListener extends Listener<typeof Events.MessageCommandError> {
	public override run(error: unknown, { message, command }: MessageCommandErrorPayload) {
		return answerCommandError(error, message, commandSubject(command.name, 'message', message));
	}
}
