import { ApplyOptions } from '@sapphire/decorators';
import type { GuildMember, GuildTextBasedChannel, Message } from 'discord.js';
import { MessageHandler } from '#core/router/MessageHandler';
import { awardMessage, type AwardInput } from '../lib/award';
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
		const given = awardMessage(new MessageAwardInput(message));
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

/**
 * The message as the XP decision reads it. Most messages stop at the member's cooldown, so the member, the channel
 * list and the trimmed length are only worked out when read (a class: V8 builds getters on an object literal slowly).
 */
class MessageAwardInput implements AwardInput {
	public readonly guildId: string;
	public readonly userId: string;
	public readonly channelId: string;
	readonly #message: Message<true>;

	public constructor(message: Message<true>) {
		this.#message = message;
		this.guildId = message.guildId;
		this.userId = message.author.id;
		this.channelId = message.channelId;
	}

	public get member(): GuildMember | null {
		return this.#message.member;
	}

	public get channel(): GuildTextBasedChannel {
		return this.#message.channel;
	}

	public get channelIds(): readonly string[] {
		const { channel } = this.#message;
		return channel.isThread() && channel.parentId ? [channel.id, channel.parentId] : [channel.id];
	}

	public roleIds(): readonly string[] {
		const { member } = this.#message;
		return member ? [...member.roles.cache.keys()] : [];
	}

	public get contentLength(): number {
		return this.#message.content.trim().length;
	}
}
