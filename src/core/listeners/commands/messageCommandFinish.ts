import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type MessageCommand, type MessageCommandFinishPayload } from '@sapphire/framework';
import type { Message } from 'discord.js';

/** Counts the run and its latency for /stats (Sapphire measures `duration`; it is -1 when the run threw). */
@ApplyOptions<Listener.Options>({ event: Events.MessageCommandFinish })
export class MessageCommandFinishListener extends Listener<typeof Events.MessageCommandFinish> {
	public override run(_message: Message, command: MessageCommand, { success, duration }: MessageCommandFinishPayload) {
		this.container.stats?.recordRun(command.name, success, duration);
	}
}
