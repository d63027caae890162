import { ApplyOptions } from '@sapphire/decorators';
import type { Message } from 'discord.js';
import { pluginConfig } from '#core/plugins/settings';
import { MessageHandler } from '#core/router/MessageHandler';
import plugin from '../plugin';
import { extractLinks, mightHaveLinks } from '../lib/linkfix/extract';
import { fixLinks } from '../lib/linkfix/flow';
import { linkFixRuntime } from '../lib/linkfix/runtime';

/**
 * Link fixing: replies to posts from X, Instagram, TikTok and others with links that embed properly.
 *
 * Runs after the word filter (priority 5), which stops routing when it deletes a message, and always returns false so
 * that XP and the rest still see the message. The routing path stays synchronous and cheap: a substring test for
 * "http" decides for almost every message, and the actual work (settings, opt-out, waiting for Discord's embeds,
 * posting) runs in the background, queued per message so that an edit never overtakes the original's fix.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 60, edits: true, dms: false })
export class AutomationLinkFixHandler extends MessageHandler {
	public run(message: Message, context: MessageHandler.Context): false {
		if (context.guildId === null || context.isCommand || !message.inGuild()) return false;
		const { content } = message;
		const hasLinks = mightHaveLinks(content) && extractLinks(content, pluginConfig(plugin).link_fix.max_links_per_message).links.length > 0;
		if (!hasLinks) {
			if (!context.edited) return false;
			// An edit that removed the links of a message with a fix must take the fix away.
			const runtime = linkFixRuntime();
			if (!runtime.index.mayConcern(message.id) && !runtime.isQueued(message.id)) return false;
		}
		linkFixRuntime().enqueue(message.id, () => fixLinks(message, content, context.edited));
		return false;
	}
}
