import { ApplyOptions } from '@sapphire/decorators';
import { PermissionFlagsBits, type GuildMember, type Message } from 'discord.js';
import { MessageHandler } from '#core/router/MessageHandler';
import { pluginVoice } from '#shared/personality/plugins';
import { stopRegexWorker } from '#shared/regex/sandbox';
import { channelLineage } from '#shared/utils/channels';
import plugin from '../plugin';
import { createCase } from '../lib/cases';
import { detainMember } from '../lib/detention';
import type { FilterHit } from '../lib/filter/compile';
import { clearStrikes, loadState, peekState, recordStrike, type FilterState } from '../lib/filter/service';
import { exemptionOf, formatWindow } from '../lib/filter/settings';

/** This plugin's own lines (its personality.yml). */
const filterVoice = pluginVoice(plugin);

/** How long the in-channel warning stays, in ms. */
export const WARNING_LIFETIME_MS = 10_000;

/**
 * The word filter: runs first (priority 5) on every guild message and on edits, deletes messages that hit a rule,
 * warns, records a strike and a case, and detains after too many strikes when the guild asks for it.
 *
 * The common case (rules cached, no hit) is synchronous: one normalisation and one combined regex scan, no await.
 * Exemptions are checked only after a hit, since most messages hit nothing and the member's permissions cost more
 * to compute than the scan.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 5, edits: true, dms: false })
export class ModerationWordFilterHandler extends MessageHandler {
	readonly #warnings = new Set<NodeJS.Timeout>();
	#unregister: (() => void) | null = null;

	public run(message: Message, context: MessageHandler.Context): boolean | Promise<boolean> {
		const guildId = context.guildId;
		if (!guildId || !message.content) return false;
		const state = peekState(guildId);
		if (state) return this.check(message, state);
		return loadState(guildId).then(
			(loaded) => this.check(message, loaded),
			(error: unknown) => {
				this.container.logger.error(`Word filter: could not load the rules of guild ${guildId}:`, error);
				return false;
			}
		);
	}

	public override onLoad() {
		this.#unregister = this.container.lifecycle.onShutdown('moderation:wordfilter', () => {
			this.clearWarnings();
			stopRegexWorker();
		});
		return super.onLoad();
	}

	public override onUnload() {
		this.#unregister?.();
		this.clearWarnings();
		stopRegexWorker();
		return super.onUnload();
	}

	private check(message: Message, state: FilterState): boolean | Promise<boolean> {
		if (state.filter.size === 0) return false;
		const hit = state.filter.match(message.content, (error) =>
			this.container.logger.warn(
				`Word filter: ${error.message} in guild ${message.guildId} (message ${message.id}).` +
					(state.filter.regexSuspended ? ' Its regex rules are suspended until they change.' : '')
			)
		);
		if (!hit) return false;
		return this.enforce(message as Message<true>, state, hit);
	}

	private async enforce(message: Message<true>, state: FilterState, hit: FilterHit): Promise<boolean> {
		const { guild, author } = message;
		const member = message.member ?? (await guild.members.fetch(author.id).catch(() => null));
		// Exempting a channel covers its threads; exempting a category covers its channels.
		const exemption = exemptionOf(state.settings, {
			channelId: message.channelId,
			parentIds: channelLineage(message.channel).slice(1),
			roleIds: member ? member.roles.cache.keys() : [],
			isModerator: member?.permissions.has(PermissionFlagsBits.ManageMessages) ?? false
		});
		if (exemption) return false;

		const { logger } = this.container;
		const { settings } = state;
		await message
			.delete()
			.catch((error: unknown) => logger.warn(`Word filter: could not delete message ${message.id} in guild ${guild.id}: ${describe(error)}`));
		const strikes = await recordStrike(guild.id, author.id, hit.rule.id, settings.windowMs);

		const botId = this.container.client.user!.id;
		await createCase({
			guildId: guild.id,
			action: 'filter_hit',
			targetId: author.id,
			moderatorId: botId,
			reason: `Word filter: ${hit.rule.match} rule #${hit.rule.id}`,
			details: {
				ruleId: hit.rule.id,
				pattern: hit.rule.pattern,
				kind: hit.rule.match,
				channelId: message.channelId,
				edited: message.editedTimestamp !== null,
				matched: message.content.slice(hit.originalStart, hit.originalEnd).slice(0, 100),
				strikes,
				...(settings.action === 'delete+detain' ? { threshold: settings.strikes, window: formatWindow(settings.windowMs) } : {})
			}
		}).catch((error: unknown) => logger.error(`Word filter: could not record the case of message ${message.id}:`, error));

		if (settings.action !== 'delete') await this.warn(message, strikes, state);

		if (settings.action === 'delete+detain' && strikes >= settings.strikes) await this.detain(message, member, strikes, state);
		return true;
	}

	private async warn(message: Message<true>, strikes: number, state: FilterState): Promise<void> {
		const { author } = message;
		const { sassLevel } = await this.container.settings.get(message.guildId);
		const mention = `<@${author.id}>`;
		let line = filterVoice.respond('filter_warning', { userId: author.id, sassLevel, vars: { user: mention } });
		// The warning must say whom it is for, also when the line picked does not name anyone.
		if (!line.includes(mention)) line = `${mention} ${line}`;
		if (state.settings.action === 'delete+detain') line += ` (strike ${Math.min(strikes, state.settings.strikes)}/${state.settings.strikes})`;
		const payload = { content: line, allowedMentions: { users: [author.id] } };
		try {
			const sent = await message.channel.send(payload);
			const timer = setTimeout(() => {
				this.#warnings.delete(timer);
				void sent.delete().catch(() => undefined);
			}, WARNING_LIFETIME_MS);
			timer.unref();
			this.#warnings.add(timer);
		} catch {
			// No way to speak in the channel: tell the author privately instead.
			await author.send({ content: `${line} (in ${message.guild.name})`, allowedMentions: { parse: [] } }).catch(() => undefined);
		}
	}

	private async detain(message: Message<true>, member: GuildMember | null, strikes: number, state: FilterState): Promise<void> {
		const { logger } = this.container;
		if (!member) return;
		const result = await detainMember(message.guild, member, {
			moderatorId: this.container.client.user!.id,
			reason: `Word filter: ${strikes} strikes within ${formatWindow(state.settings.windowMs)}`,
			source: 'filter'
		});
		if (result.ok) await clearStrikes(message.guildId, member.id);
		else logger.warn(`Word filter: could not detain ${member.id} in guild ${message.guildId}: ${result.reason}`);
	}

	private clearWarnings() {
		for (const timer of this.#warnings) clearTimeout(timer);
		this.#warnings.clear();
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
