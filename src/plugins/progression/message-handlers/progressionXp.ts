import { ApplyOptions } from '@sapphire/decorators';
import type { Message } from 'discord.js';
import { MessageHandler } from '#core/router/MessageHandler';
import { awardMessage } from '../lib/award';
import { closeBuffer, currentBuffer } from '../lib/runtime';

/**
 * XP for chatting. Runs late (priority 900), after moderation had its chance to swallow the message, and never
 * stops routing. The router already skipped bots, webhooks, system messages and guilds with the feature off.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 900, edits: false, dms: false })
export class ProgressionXpHandler extends MessageHandler {
	#withdrawMetrics: (() => void)[] = [];

	public run(message: Message, context: MessageHandler.Context) {
		if (context.isCommand || !message.inGuild() || message.author.bot) return false;
		const channel = message.channel;
		const channelIds = channel.isThread() && channel.parentId ? [channel.id, channel.parentId] : [channel.id];
		const given = awardMessage({
			guildId: message.guildId,
			userId: message.author.id,
			member: message.member,
			channelId: channel.id,
			channelIds,
			roleIds: () => (message.member ? [...message.member.roles.cache.keys()] : []),
			contentLength: message.content.trim().length,
			channel
		});
		// Synchronous (no await for the router) when the message earns nothing or the settings are cached.
		return typeof given === 'number' ? false : given.then(() => false);
	}

	/** The buffer's size on the metrics endpoint (read at scrape time; nothing runs per message). */
	public override onLoad() {
		const { metrics } = this.container;
		this.#withdrawMetrics = [
			metrics.register({
				plugin: 'progression',
				name: 'xp_buffer_entries',
				help: 'Members whose XP the progression buffer holds in memory.',
				collect: () => currentBuffer()?.size ?? 0
			}),
			metrics.register({
				plugin: 'progression',
				name: 'xp_buffer_unwritten',
				help: 'Members whose XP changed since the last flush to the database (written every 5 s and at shutdown).',
				collect: () => currentBuffer()?.dirtyCount ?? 0
			})
		];
		return super.onLoad();
	}

	/** A plugin reload loads fresh modules with a fresh buffer: write and retire this one first so no XP is lost or overwritten. */
	public override onUnload() {
		for (const withdraw of this.#withdrawMetrics.splice(0)) withdraw();
		void closeBuffer().catch((error: Error) => this.container.logger.warn(`progression: flush on unload failed: ${error.message}`));
		return super.onUnload();
	}
}
