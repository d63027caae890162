import { ApplyOptions } from '@sapphire/decorators';
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type Message } from 'discord.js';
import { pluginConfig } from '#core/plugins/settings';
import { MessageHandler } from '#core/router/MessageHandler';
import { stopRegexWorker } from '#shared/regex/sandbox';
import { channelLineage } from '#shared/utils/channels';
import plugin from '../plugin';
import { decide, type Decision, type MessageFacts } from '../lib/autoreply/decide';
import { autoReplyRuntime, loadState, peekState, recordFire, resetAutoReplies, type AutoReplyState } from '../lib/autoreply/service';
import { lockedMentions, renderResponse, usesPlaceholder } from '../lib/autoreply/template';

/**
 * Auto-replies: after the word filter (priority 5, which ends routing when it deletes a message, so a deleted message
 * triggers nothing) and before XP (900). It never ends routing: XP and the rest still see the message.
 *
 * The common case is synchronous and cheap: the guild's triggers are cached as one compiled matcher (a guild without
 * triggers costs one map look-up, no database query), and a message that matches nothing returns at once. Replies
 * are sent in the background so the next handlers never wait for Discord.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 50, edits: false, dms: false })
export class AutomationAutoReplyHandler extends MessageHandler {
	#unregister: (() => void) | null = null;

	public run(message: Message, context: MessageHandler.Context): boolean | Promise<boolean> {
		const { guildId } = context;
		// The router already skips bots (Tika included), webhooks and system messages; checked again here because an
		// auto-reply answering a bot or a webhook could loop with it.
		if (!guildId || context.isCommand || !message.content || message.author.bot || message.webhookId) return false;
		const state = peekState(guildId);
		if (state) return this.check(message as Message<true>, state);
		return loadState(guildId).then(
			(loaded) => this.check(message as Message<true>, loaded),
			(error: unknown) => {
				this.container.logger.error(`Auto-reply: could not load the triggers of guild ${guildId}:`, error);
				return false;
			}
		);
	}

	public override onLoad() {
		this.#unregister = this.container.lifecycle.onShutdown('message_automation:autoreply', () => {
			resetAutoReplies();
			stopRegexWorker();
		});
		return super.onLoad();
	}

	public override onUnload() {
		this.#unregister?.();
		resetAutoReplies();
		return super.onUnload();
	}

	private check(message: Message<true>, state: AutoReplyState): false {
		if (state.matcher.size === 0) return false;
		const facts = new LazyFacts(message);
		const { decisions } = decide(state.matcher, state.settings, facts, {
			limit: pluginConfig(plugin).autoreply.replies_per_message,
			cooldowns: autoReplyRuntime().cooldowns,
			onTimeout: (error) =>
				this.container.logger.warn(
					`Auto-reply: ${error.message} in guild ${message.guildId} (message ${message.id}).` +
						(state.matcher.regexSuspended ? ' Its regex triggers are suspended until they change.' : '')
				)
		});
		const fires = decisions.filter((decision) => decision.outcome === 'fire');
		if (fires.length)
			void this.answer(message, fires).catch((error: unknown) =>
				this.container.logger.error(`Auto-reply: answering message ${message.id} in guild ${message.guildId} failed:`, error)
			);
		return false;
	}

	private async answer(message: Message<true>, fires: readonly Decision[]): Promise<void> {
		const deleting = fires.some(({ match }) => match.trigger.deleteTrigger);
		for (const { match, response } of fires) {
			const { trigger } = match;
			const counted = recordFire(message.guildId, trigger);
			const count = usesPlaceholder(response!.text, 'count') ? await counted : trigger.fired;
			const content = renderResponse(response!.text, {
				authorId: message.author.id,
				authorName: message.member?.displayName ?? message.author.displayName,
				serverName: message.guild.name,
				channelId: message.channelId,
				args: match.args,
				count
			});
			const allowedMentions = lockedMentions(message.author.id);
			await this.deliver(message, trigger.id, () => {
				if (trigger.mode === 'react') return message.react(response!.text);
				if (trigger.mode === 'dm') return message.author.send({ content, allowedMentions });
				// A reply to a message about to be deleted would point at nothing: it becomes a plain message.
				if (trigger.mode === 'reply' && !deleting) return message.reply({ content, allowedMentions });
				return message.channel.send({ content, allowedMentions });
			});
		}
		if (deleting) await this.deleteTrigger(message);
	}

	/** Sends one answer; Discord refusing it (DMs closed, a missing permission, an unknown emoji) is logged, never thrown. */
	private async deliver(message: Message<true>, triggerId: number, send: () => Promise<unknown>): Promise<void> {
		try {
			await send();
		} catch (error) {
			const quiet = error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser;
			const line = `Auto-reply: trigger #${triggerId} could not answer message ${message.id} in guild ${message.guildId}: ${describe(error)}`;
			if (quiet) this.container.logger.debug(line);
			else this.container.logger.warn(line);
		}
	}

	/** Deleting needs Manage Messages in the channel; without it the reply still goes out and the message stays. */
	private async deleteTrigger(message: Message<true>): Promise<void> {
		const me = message.guild.members.me;
		if (!me || !message.channel.permissionsFor(me)?.has(PermissionFlagsBits.ManageMessages)) {
			this.container.logger.debug(
				`Auto-reply: no Manage Messages in channel ${message.channelId} of guild ${message.guildId}; message ${message.id} stays.`
			);
			return;
		}
		await message
			.delete()
			.catch((error: unknown) => this.container.logger.warn(`Auto-reply: could not delete message ${message.id}: ${describe(error)}`));
	}
}

/**
 * The message as the decision sees it; where and who are worked out only if a scope or an ignore list asks (most
 * messages match nothing). A class rather than an object literal with getters, which V8 builds slowly on every message.
 */
class LazyFacts implements MessageFacts {
	public readonly content: string;
	public readonly channelId: string;
	public readonly userId: string;
	readonly #message: Message<true>;
	#lineage: string[] | undefined;
	#roles: string[] | undefined;

	public constructor(message: Message<true>) {
		this.#message = message;
		this.content = message.content;
		this.channelId = message.channelId;
		this.userId = message.author.id;
	}

	public get channelIds(): string[] {
		return (this.#lineage ??= channelLineage(this.#message.channel));
	}

	public get roleIds(): string[] {
		return (this.#roles ??= this.#message.member ? [...this.#message.member.roles.cache.keys()] : []);
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
