import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ChatInputCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { answerDenial, commandSubject } from '#core/replies/respond';

/** A slash command refused by a precondition: an in-character, ephemeral reason (or nothing when the denial is silent). */
@ApplyOptions<Listener.Options>({ event: Events.ChatInputCommandDenied })
export class ChatInputCommandDeniedListener extends Listener<typeof Events.ChatInputCommandDenied> {
	public override run(error: UserError, { interaction, command }: ChatInputCommandDeniedPayload) {
		return answerDenial(error, interaction, commandSubject(command.name, 'chatInput', interaction));
	}
}
