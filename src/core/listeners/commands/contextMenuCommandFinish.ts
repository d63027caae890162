import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ContextMenuCommand, type ContextMenuCommandFinishPayload } from '@sapphire/framework';
import type { ContextMenuCommandInteraction } from 'discord.js';

/** Counts the run and its latency for /stats (Sapphire measures `duration`; it is -1 when the run threw). */
@ApplyOptions<Listener.Options>({ event: Events.ContextMenuCommandFinish })
export class ContextMenuCommandFinishListener extends Listener<typeof Events.ContextMenuCommandFinish> {
	public override run(
		_interaction: ContextMenuCommandInteraction,
		command: ContextMenuCommand,
		{ success, duration }: ContextMenuCommandFinishPayload
	) {
		this.container.stats?.recordRun(command.name, success, duration);
	}
}
