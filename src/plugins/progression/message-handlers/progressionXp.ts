import { ApplyOptions } from '@sapphire/decorators';
import type { Message } from 'discord.js';
import { MessageHandler } from '#core/router/MessageHandler';
import { awardMessage } from '../lib/award';
import { closeBuffer } from '../lib/runtime';

/**
 * XP for chatting. Runs late (priority 900), after moderation had its chance to swallow the message, and never
 * stops routing. The router already skipped bots, webhooks, system messages and guilds with the feature off.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 900, edits: false, dms: false })
export class ProgressionXpHandler extends MessageHandler {
	public run(message: Message, context: MessageHandler.Context) {
		if (context.isCommand || !message.inGuild() || message.author.bot) return false;
		const channel = message.channel;
		const channelIds = channel.isThread() && channel.parentId ? [channel.id, channel.parentId] : [channel.id];
		return awardMessage({
			guildId: message.guildId,
			userId: message.author.id,
			member: message.member,
			channelId: channel.id,
			channelIds,
			roleIds: message.member ? [...message.member.roles.cache.keys()] : [],
			contentLength: message.content.trim().length,
			channel
		}).then(() => false);
	}

	/** A plugin reload loads fresh modules with a fresh buffer: write and retire this one first so no XP is lost or overwritten. */
	public override onUnload() {
		void closeBuffer().catch((error: Error) => this.container.logger.warn(`progression: flush on unload failed: ${error.message}`));
		return super.onUnload();
	}
}
