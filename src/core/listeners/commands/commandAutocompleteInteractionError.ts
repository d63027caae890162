import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type AutocompleteInteractionPayload } from '@sapphire/framework';

/** An autocomplete handler threw. Discord shows "loading options failed" by itself; the log is all we add. */
@ApplyOptions<Listener.Options>({ event: Events.CommandAutocompleteInteractionError })
export class CommandAutocompleteInteractionErrorListener extends Listener<typeof Events.CommandAutocompleteInteractionError> {
	public override run(error: unknown, { command, interaction }: AutocompleteInteractionPayload) {
		this.container.logger.error(
			`[autocomplete] /${command.name} failed for user ${interaction.user.id} in ${interaction.guildId ?? 'DMs'}`,
			error
		);
	}
}
