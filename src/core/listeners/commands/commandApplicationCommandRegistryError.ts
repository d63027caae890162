import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type Command } from '@sapphire/framework';

/** A command's registerApplicationCommands threw: its slash command is missing from Discord until this is fixed. */
@ApplyOptions<Listener.Options>({ event: Events.CommandApplicationCommandRegistryError })
export class CommandApplicationCommandRegistryErrorListener extends Listener<typeof Events.CommandApplicationCommandRegistryError> {
	public override run(error: unknown, command: Command) {
		this.container.logger.error(`[commands] could not register the application commands of "${command.name}" (${command.location.full})`, error);
	}
}
