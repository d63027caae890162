import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ContextMenuCommand } from '@sapphire/framework';
import type { ContextMenuCommandInteraction } from 'discord.js';
import { recordFrustration } from '#core/replies/respond';

/** Every command run feeds the frustration tracker, which only counts it when it is part of a burst. */
@ApplyOptions<Listener.Options>({ event: Events.ContextMenuCommandRun })
export class ContextMenuCommandRunListener extends Listener<typeof Events.ContextMenuCommandRun> {
	public override run(interaction: ContextMenuCommandInteraction, command: ContextMenuCommand) {
		recordFrustration(interaction.user.id, 'command', command.name);
	}
}
