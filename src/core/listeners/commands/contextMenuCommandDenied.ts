import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ContextMenuCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { answerDenial, commandSubject } from '#core/replies/respond';

/** A context-menu command refused by a precondition: same replies as slash commands. */
@ApplyOptions<Listener.Options>({ event: Events.ContextMenuCommandDenied })
export class ContextMenuCommandDeniedListener extends Listener<typeof Events.ContextMenuCommandDenied> {
	public override run(error: UserError, { interaction, command }: ContextMenuCommandDeniedPayload) {
		return answerDenial(error, interaction, commandSubject(interaction.commandName || command.name, 'contextMenu', interaction));
	}
}
