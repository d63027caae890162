import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ChatInputCommand, type ChatInputCommandFinishPayload } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';

/** Counts the run and its latency for /stats (Sapphire measures `duration`; it is -1 when the run threw). */
@ApplyOptions<Listener.Options>({ event: Events.ChatInputCommandFinish })
export class ChatInputCommandFinishListener extends Listener<typeof Events.ChatInputCommandFinish> {
	public override run(_interaction: ChatInputCommandInteraction, command: ChatInputCommand, { success, duration }: ChatInputCommandFinishPayload) {
		this.container.stats?.recordRun(command.name, success, duration);
	}
}
