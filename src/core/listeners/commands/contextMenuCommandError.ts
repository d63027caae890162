import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ContextMenuCommandErrorPayload } from '@sapphire/framework';
import { answerCommandError, commandSubject } from '#core/replies/respond';

/** A context-menu command threw: same contract as slash commands. */
@ApplyOptions<Listener.Options>({ event: Events.ContextMenuCommandError })
export class ContextMenuCommandErrorListener extends Listener<typeof Events.ContextMenuCommandError> {
	public override run(error: unknown, { interaction, command }: ContextMenuCommandErrorPayload) {
		return answerCommandError(error, interaction, commandSubject(interaction.commandName || command.name, 'contextMenu', interaction));
	}
}
