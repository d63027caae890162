import { ApplyOptions } from '@sapphire/decorators';
import { type Args, Command, CommandOptionsRunTypeEnum, container } from '@sapphire/framework';
import {
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	type GuildTextBasedChannel,
	type Message,
	type TextBasedChannel
} from 'discord.js';
import { confirm } from '#shared/ui/confirm';
import { SmartEmbed } from '#shared/ui/embeds';
import type { SassLevel } from '#shared/personality/types';
import { logClearCase } from '../lib/caseLog';
import {
	checkAmount,
	CLEAR_MAX,
	CLEAR_MIN,
	compareSnowflakes,
	CONFIRM_ABOVE,
	CONTAINS_MAX_LENGTH,
	describeFilters,
	parseMessageRef,
	summaryLines,
	type ClearCandidate,
	type ClearFilters,
	type ClearTally
} from '../lib/clear';
import { runClear, type ClearChannel } from '../lib/clearRunner';

/** How long the prefix command's summary stays in the channel before it removes itself. */
const PREFIX_SUMMARY_LIFETIME_MS = 8_000;
const REASON_MAX_LENGTH = 400;

/**
 * `/clear` (and `!tika clear <amount> [@user]`): bulk-deletes recent messages in this channel, with filters.
 * Manage Messages is required from the moderator (hidden from others by default, enforced here) and from Tika.
 * The rules (filters, the 14-day limit, batching) live in lib/clear.ts; this class parses, confirms and reports.
 */
@ApplyOptions<Command.Options>({
	description: 'Delete recent messages in this channel, with optional filters.',
	requiredUserPermissions: [PermissionFlagsBits.ManageMessages],
	requiredClientPermissions: [PermissionFlagsBits.ManageMessages, PermissionFlagsBits.ReadMessageHistory],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	aliases: ['purge'],
	detailedDescription: '`!tika clear <amount> [@user]` deletes the last <amount> messages (of @user). /clear has more filters.'
})
export class ClearCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
				.setContexts(InteractionContextType.Guild)
				.addIntegerOption((option) =>
					option
						.setName('amount')
						.setDescription(`How many matching messages to delete (${CLEAR_MIN}–${CLEAR_MAX})`)
						.setMinValue(CLEAR_MIN)
						.setMaxValue(CLEAR_MAX)
						.setRequired(true)
				)
				.addUserOption((option) => option.setName('user').setDescription('Only messages from this user'))
				.addBooleanOption((option) => option.setName('bots').setDescription('Only messages from bots and webhooks'))
				.addStringOption((option) =>
					option.setName('contains').setDescription('Only messages containing this text').setMaxLength(CONTAINS_MAX_LENGTH)
				)
				.addBooleanOption((option) => option.setName('links').setDescription('Only messages with links'))
				.addBooleanOption((option) => option.setName('attachments').setDescription('Only messages with attachments'))
				.addStringOption((option) => option.setName('before').setDescription('Only messages before this message (id or link)'))
				.addStringOption((option) => option.setName('after').setDescription('Only messages after this message (id or link)'))
				.addBooleanOption((option) => option.setName('include_pinned').setDescription('Delete pinned messages too (default: skip them)'))
				.addBooleanOption((option) =>
					option.setName('include_old').setDescription('Delete matches older than 14 days one by one (slow; default: leave them)')
				)
				.addStringOption((option) => option.setName('reason').setDescription('Why (kept in the case log)').setMaxLength(REASON_MAX_LENGTH))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const sassLevel = await sassOf(interaction.guildId);
		const fault = (title: string, description: string) =>
			interaction.reply({
				embeds: [SmartEmbed.error(title, description, { userId: interaction.user.id, sassLevel, category: 'user_fault' })],
				flags: MessageFlags.Ephemeral
			});

		const channel = interaction.channel;
		if (!isClearable(channel)) return fault('I can only clear text channels.', 'Run /clear in the channel to clean up.');

		const amount = interaction.options.getInteger('amount', true);
		const amountProblem = checkAmount(amount);
		if (amountProblem) return fault('That amount does not work.', amountProblem);

		const contains = interaction.options.getString('contains')?.trim() || null;
		if (contains && contains.length > CONTAINS_MAX_LENGTH)
			return fault('That text filter is too long.', `\`contains\` takes at most ${CONTAINS_MAX_LENGTH} characters.`);

		const range: { before?: string | null; after?: string | null } = {};
		for (const key of ['before', 'after'] as const) {
			const typed = interaction.options.getString(key);
			if (!typed) continue;
			const ref = parseMessageRef(typed);
			if (!ref) return fault(`\`${key}\` needs a message id or link.`, 'Right-click a message → Copy Message Link (or Copy Message ID).');
			if (ref.channelId && ref.channelId !== channel.id)
				return fault(
					`\`${key}\` points at another channel.`,
					`/clear works in the channel it runs in; that message is in <#${ref.channelId}>.`
				);
			range[key] = ref.messageId;
		}
		if (range.before && range.after && compareSnowflakes(range.after, range.before) >= 0)
			return fault('That range is empty.', '`after` must be an older message than `before`.');

		const filters: ClearFilters = {
			userId: interaction.options.getUser('user')?.id ?? null,
			bots: interaction.options.getBoolean('bots') ?? false,
			contains,
			links: interaction.options.getBoolean('links') ?? false,
			attachments: interaction.options.getBoolean('attachments') ?? false,
			before: range.before ?? null,
			after: range.after ?? null,
			includePinned: interaction.options.getBoolean('include_pinned') ?? false,
			includeOld: interaction.options.getBoolean('include_old') ?? false
		};
		const reason = interaction.options.getString('reason')?.trim() || undefined;

		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		if (amount > CONFIRM_ABOVE) {
			const outcome = await confirm(interaction, {
				prompt: confirmPrompt(amount, filters, channel.id),
				confirmLabel: `Delete up to ${amount}`,
				destructive: true,
				sassLevel
			});
			if (outcome === 'timeout') return;
			if (outcome === 'cancelled') {
				return interaction.editReply({ embeds: [SmartEmbed.info('Cancelled', 'Nothing was deleted.')], components: [] });
			}
		}

		const tally = await runClear(adapt(channel), { amount, filters, startBefore: interaction.id });
		await interaction.editReply({ embeds: [summaryEmbed(tally, filters)], components: [] });
		await this.record(interaction.guildId!, interaction.user.id, channel.id, amount, tally, filters, reason);
	}

	public override async messageRun(message: Message, args: Args) {
		const channel = message.channel;
		if (!message.guildId || !isClearable(channel)) return;
		const sassLevel = await sassOf(message.guildId);
		const amount = await args.pick('integer').catch(() => null);
		const amountProblem = amount === null ? `Try \`!tika clear 20\` or \`!tika clear 20 @user\`.` : checkAmount(amount);
		if (amount === null || amountProblem) {
			const embed = SmartEmbed.error('Tell me how many messages to clear.', amountProblem, {
				userId: message.author.id,
				sassLevel,
				category: 'user_fault'
			});
			return message.reply({ embeds: [embed] });
		}
		const user = args.finished ? null : await args.pick('user').catch(() => undefined);
		if (user === undefined) {
			const embed = SmartEmbed.error('I could not find that user.', 'Mention them or use their id: `!tika clear 20 @user`.', {
				userId: message.author.id,
				sassLevel,
				category: 'user_fault'
			});
			return message.reply({ embeds: [embed] });
		}
		const filters: ClearFilters = { userId: user?.id ?? null };

		if (amount > CONFIRM_ABOVE) {
			const outcome = await confirm(message, {
				prompt: confirmPrompt(amount, filters, channel.id),
				confirmLabel: `Delete up to ${amount}`,
				destructive: true,
				sassLevel
			});
			if (outcome !== 'confirmed') return;
		}

		const tally = await runClear(adapt(channel), { amount, filters, startBefore: message.id, extraIds: [message.id] });
		const summary = await channel.send({ embeds: [summaryEmbed(tally, filters)], allowedMentions: { parse: [] } });
		setTimeout(() => void summary.delete().catch(() => undefined), PREFIX_SUMMARY_LIFETIME_MS).unref();
		await this.record(message.guildId, message.author.id, channel.id, amount, tally, filters);
	}

	private async record(
		guildId: string,
		moderatorId: string,
		channelId: string,
		amount: number,
		tally: ClearTally,
		filters: ClearFilters,
		reason?: string
	) {
		this.container.logger.info(
			`[server_tools] ${moderatorId} cleared ${tally.deleted} message(s) in channel ${channelId} of guild ${guildId} ` +
				`(asked ${amount}; pinned ${tally.pinned}, too old ${tally.tooOld}, failed ${tally.failed})`
		);
		if (tally.deleted === 0) return;
		await logClearCase({
			guildId,
			moderatorId,
			targetId: filters.userId ?? undefined,
			reason,
			details: {
				count: tally.deleted,
				requested: amount,
				channelId,
				filters: describeFilters(filters),
				skippedPinned: tally.pinned,
				tooOld: tally.tooOld
			}
		});
	}
}

type ClearableChannel = GuildTextBasedChannel;

function isClearable(channel: TextBasedChannel | null): channel is ClearableChannel {
	return channel !== null && !channel.isDMBased() && 'bulkDelete' in channel;
}

function adapt(channel: ClearableChannel): ClearChannel {
	return {
		async fetchPage(before, limit) {
			const page = await channel.messages.fetch({ before, limit, cache: false });
			return [...page.values()]
				.map((message): ClearCandidate => ({
					id: message.id,
					createdTimestamp: message.createdTimestamp,
					pinned: message.pinned,
					content: message.content,
					author: { id: message.author.id, bot: message.author.bot },
					webhookId: message.webhookId,
					attachments: { size: message.attachments.size },
					embeds: message.embeds.map((embed) => ({ url: embed.url }))
				}))
				.sort((a, b) => compareSnowflakes(b.id, a.id));
		},
		async bulkDelete(ids) {
			await channel.bulkDelete(ids, false);
		},
		async deleteOne(id) {
			await channel.messages.delete(id);
		}
	};
}

function confirmPrompt(amount: number, filters: ClearFilters, channelId: string) {
	const filterText = describeFilters(filters);
	return SmartEmbed.warning(
		`Delete up to ${amount} messages?`,
		[
			`This deletes up to **${amount}** messages in <#${channelId}>${filterText.length ? ` (${filterText.join(', ')})` : ''}.`,
			'Deleted messages cannot be brought back.'
		].join('\n')
	);
}

function summaryEmbed(tally: ClearTally, filters: ClearFilters) {
	const lines = summaryLines(tally, filters);
	return tally.deleted > 0 ? SmartEmbed.success('Channel cleaned', lines.join('\n')) : SmartEmbed.info('Nothing deleted', lines.join('\n'));
}

async function sassOf(guildId: string | null): Promise<SassLevel | undefined> {
	if (!guildId) return undefined;
	try {
		return (await container.settings.get(guildId)).sassLevel;
	} catch {
		return undefined;
	}
}
