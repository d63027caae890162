import { ApplyOptions } from '@sapphire/decorators';
import type { Message } from 'discord.js';
import { MessageHandler } from '#core/router/MessageHandler';
import { aiChat, type TriggerKind } from '../lib/chat';
import { loadGuild, peekGuild, type AiGuildState } from '../lib/guild';
import { apiKey } from '../lib/setup';

/** Text that is not only whitespace (tested without trimming a copy of every message). */
const NOT_BLANK = /\S/;

/**
 * Tika answers, through the model: when mentioned, when someone replies to one of her AI answers, in the channels an
 * admin listed and in threads opened with /ai chat. After the word filter (5: a deleted message is never answered),
 * word chain (40), auto-replies (50) and link fixing (60); before XP (900), and it never ends routing, so talking to
 * Tika still earns XP.
 *
 * A message that is not for her costs a few synchronous look-ups (the guild's cached channels and threads, the parsed
 * mentions, the reply's author) and no await; the answer itself runs in the background.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 70, edits: false, dms: false })
export class AiChatHandler extends MessageHandler {
	#unregister: (() => void) | null = null;

	public run(message: Message, context: MessageHandler.Context): false | Promise<false> {
		const { guildId } = context;
		if (!guildId || message.author.bot || message.webhookId) return false;
		const state = peekGuild(guildId);
		if (state) return this.route(message as Message<true>, context, state);
		return loadGuild(guildId).then(
			(loaded) => this.route(message as Message<true>, context, loaded),
			(error: unknown) => {
				this.container.logger.error(`[ai_chat] Could not load the settings of guild ${guildId}:`, error);
				return false as const;
			}
		);
	}

	public override onLoad() {
		// Registers the key with the logger's redaction before anything could log it.
		apiKey();
		this.#unregister = this.container.lifecycle.onShutdown('ai_chat', () => aiChat().close());
		return super.onLoad();
	}

	public override onUnload() {
		// Answers being written finish on their own; no new message reaches an unloaded handler.
		this.#unregister?.();
		return super.onUnload();
	}

	private route(message: Message<true>, context: MessageHandler.Context, state: AiGuildState): false | Promise<false> {
		const kind = this.trigger(message, context, state);
		if (kind === null) return false;
		if (kind !== 'reply-candidate') return this.start(message, kind);
		// A reply to one of Tika's messages: only her AI answers continue a conversation (not a level-up, not an auto-reply).
		const answer = aiChat().isAnswer(message.reference!.messageId!);
		if (answer === true) return this.start(message, 'reply');
		if (answer === false) return false;
		return answer.then(
			(yes) => (yes ? this.start(message, 'reply') : false),
			(error: unknown) => {
				this.container.logger.error(`[ai_chat] Could not tell whether message ${message.reference!.messageId} is an answer:`, error);
				return false as const;
			}
		);
	}

	private trigger(message: Message<true>, context: MessageHandler.Context, state: AiGuildState): TriggerKind | 'reply-candidate' | null {
		const me = this.container.client.user?.id;
		if (!me) return null;
		const content = message.content;
		// Every mention starts with `<@`: most chat has none, and is not searched for Tika's (nor are strings built for it).
		const mentions = content.includes('<@');
		const addressed = mentions && (content.includes(`<@${me}>`) || content.includes(`<@!${me}>`));
		// `!tika rank`, or `@Tika rank` naming a command: a command, not a chat.
		if (context.isCommand && (!addressed || this.namesCommand(content, me))) return null;
		if (!NOT_BLANK.test(content) && message.attachments.size === 0) return null;
		if (state.threads.has(message.channelId)) return 'thread';
		if (state.channels.has(message.channelId)) return 'channel';
		if (addressed) return 'mention';
		if (mentions && content.includes('<@&')) {
			const myRole = message.guild.members.me?.roles.botRole?.id;
			if (myRole && message.mentions.roles.has(myRole)) return 'mention';
		}
		if (message.reference?.messageId && message.mentions.repliedUser?.id === me) return 'reply-candidate';
		return null;
	}

	/** Whether a message starting with Tika's mention goes on with a command name (Sapphire runs those). */
	private namesCommand(content: string, me: string): boolean {
		const word = new RegExp(`^\\s*<@!?${me}>\\s*(\\S+)`).exec(content)?.[1]?.toLowerCase();
		if (!word) return false;
		const commands = this.container.stores.get('commands');
		return commands.has(word) || commands.aliases.has(word);
	}

	private start(message: Message<true>, kind: TriggerKind): false {
		void aiChat()
			.receive(message, kind)
			.catch((error: unknown) =>
				this.container.logger.error(`[ai_chat] Could not answer message ${message.id} in guild ${message.guildId}:`, error)
			);
		return false;
	}
}
