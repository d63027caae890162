import { ApplyOptions } from '@sapphire/decorators';
import type { Message } from 'discord.js';
import { MessageHandler } from '#core/router/MessageHandler';
import { displayEmoji } from '../lib/emoji';
import { chapel } from '../lib/runtime';

/**
 * Autostar channels (art, showcases): Tika reacts to every new message there with the chapel's first emoji, so members
 * only have to click. Tika's own reaction is never a vote. Runs after the filters, which may have removed the message.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 80 })
export class ChapelAutostarHandler extends MessageHandler {
	public run(message: Message, context: MessageHandler.Context) {
		if (context.isCommand || !context.guildId) return false;
		const boards = chapel().boards.autostarring(context.guildId, message.channelId);
		if (boards.length === 0) return false;
		const emojis = [...new Set(boards.map((board) => board.emojis[0]).filter((emoji): emoji is string => Boolean(emoji)))];
		void (async () => {
			for (const emoji of emojis) await message.react(displayEmoji(emoji));
		})().catch((error: unknown) =>
			this.container.logger.warn(
				`[chapel] could not autostar ${message.id} in #${message.channelId}: ${error instanceof Error ? error.message : String(error)}`
			)
		);
		return false;
	}
}
