import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, type Message } from 'discord.js';
import { pluginConfig } from '#core/plugins/settings';
import { pluginVoice } from '#shared/personality/plugins';
import { SmartEmbed } from '#shared/ui/embeds';
import { paginate } from '#shared/ui/paginator';
import { refuse } from '#shared/ui/refuse';
import plugin from '../plugin';
import { describeBoard } from '../lib/describe';
import { displayEmoji } from '../lib/emoji';
import { parseMessagePointer } from '../lib/links';
import {
	AUTOSTAR_PERMISSIONS,
	CHAPEL_PERMISSIONS,
	checkEmojis,
	checkTextChannel,
	guildBoards,
	missingPermissions,
	pickBoard,
	updateBoard,
	upsertBoard,
	type BoardPatch,
	type Refusal
} from '../lib/manage';
import {
	BELOW_KEEP_MODES,
	DEFAULT_THRESHOLD,
	isThresholdValid,
	MAX_THRESHOLD,
	MIN_THRESHOLD,
	NSFW_MODES,
	type BelowKeep,
	type NsfwMode
} from '../lib/rules';
import { chapel } from '../lib/runtime';
import { memberStats, TOP_PERIODS, topMessages, type TopPeriod } from '../lib/stats';

type Interaction = Subcommand.ChatInputCommandInteraction<'cached'>;

const voice = pluginVoice(plugin);
const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
const MAX_AGE_DAYS = 3650;

/**
 * `/chapel`: set up highlights boards (Manage Server), recount a message (Manage Messages), and the most-blessed
 * messages and members' numbers (everyone). Every refusal says what was wrong and changes nothing.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Highlights boards: messages blessed with enough reactions are re-posted in a chapel.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'setup', chatInputRun: 'chatInputSetup', requiredUserPermissions: [PermissionFlagsBits.ManageGuild] },
		{ name: 'config', chatInputRun: 'chatInputConfig', requiredUserPermissions: [PermissionFlagsBits.ManageGuild] },
		{ name: 'disable', chatInputRun: 'chatInputDisable', requiredUserPermissions: [PermissionFlagsBits.ManageGuild] },
		{ name: 'list', chatInputRun: 'chatInputList' },
		{ name: 'refresh', chatInputRun: 'chatInputRefresh', requiredUserPermissions: [PermissionFlagsBits.ManageMessages] },
		{ name: 'top', chatInputRun: 'chatInputTop' },
		{ name: 'stats', chatInputRun: 'chatInputStats' }
	]
})
export class ChapelCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('setup')
						.setDescription('Create a chapel in a channel (or update the one there)')
						.addChannelOption((option) =>
							option
								.setName('channel')
								.setDescription('Where blessed messages are posted')
								.addChannelTypes(...TEXT_CHANNELS)
								.setRequired(true)
						)
						.addStringOption((option) =>
							option.setName('emoji').setDescription('The emoji (or up to 5, space-separated) that count; default ⭐')
						)
						.addIntegerOption((option) =>
							option
								.setName('threshold')
								.setDescription(`Votes needed to be posted (${MIN_THRESHOLD}-${MAX_THRESHOLD}); default ${DEFAULT_THRESHOLD}`)
								.setMinValue(MIN_THRESHOLD)
								.setMaxValue(MAX_THRESHOLD)
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('config')
						.setDescription("Change a chapel's rules (no option: show them)")
						.addChannelOption((option) =>
							option
								.setName('chapel')
								.setDescription('Which chapel (default: the only one)')
								.addChannelTypes(...TEXT_CHANNELS)
						)
						.addIntegerOption((option) =>
							option
								.setName('threshold')
								.setDescription('Votes needed to be posted')
								.setMinValue(MIN_THRESHOLD)
								.setMaxValue(MAX_THRESHOLD)
						)
						.addStringOption((option) => option.setName('emoji').setDescription('The emojis that count (up to 5, space-separated)'))
						.addBooleanOption((option) => option.setName('self_votes').setDescription("Whether the author's own reaction counts"))
						.addBooleanOption((option) => option.setName('bot_messages').setDescription("Whether bots' messages can be posted"))
						.addIntegerOption((option) =>
							option
								.setName('keep_threshold')
								.setDescription('Below this count a post leaves (or freezes); 0: never')
								.setMinValue(0)
								.setMaxValue(MAX_THRESHOLD)
						)
						.addStringOption((option) =>
							option
								.setName('below_keep')
								.setDescription('What happens below the keep threshold')
								.addChoices({ name: 'remove the post', value: 'remove' }, { name: 'freeze the post', value: 'freeze' })
						)
						.addIntegerOption((option) =>
							option
								.setName('max_age_days')
								.setDescription('Older messages are not taken; 0: any age')
								.setMinValue(0)
								.setMaxValue(MAX_AGE_DAYS)
						)
						.addStringOption((option) =>
							option
								.setName('nsfw')
								.setDescription('Messages from age-restricted channels')
								.addChoices(
									{ name: 'only if this chapel is age-restricted', value: 'age_restricted_only' },
									{ name: 'never', value: 'never' }
								)
						)
						.addChannelOption((option) => option.setName('ignore').setDescription('Stop taking messages from this channel'))
						.addChannelOption((option) => option.setName('unignore').setDescription('Take messages from this channel again'))
						.addChannelOption((option) =>
							option
								.setName('autostar')
								.setDescription('React to every new message in this channel')
								.addChannelTypes(...TEXT_CHANNELS)
						)
						.addChannelOption((option) => option.setName('unautostar').setDescription('Stop reacting to every message in this channel'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('disable')
						.setDescription('Turn a chapel off (its posts stay; /chapel setup turns it back on)')
						.addChannelOption((option) =>
							option
								.setName('chapel')
								.setDescription('Which chapel (default: the only one)')
								.addChannelTypes(...TEXT_CHANNELS)
						)
				)
				.addSubcommand((sub) => sub.setName('list').setDescription("This server's chapels and their rules"))
				.addSubcommand((sub) =>
					sub
						.setName('refresh')
						.setDescription("Recount a message's votes (drops members who left or were banned)")
						.addStringOption((option) =>
							option.setName('message').setDescription('A message link, or an id from this channel').setRequired(true)
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('top')
						.setDescription('The most-blessed messages')
						.addUserOption((option) => option.setName('member').setDescription("Only this member's messages"))
						.addStringOption((option) =>
							option
								.setName('period')
								.setDescription('Messages written in the last... (default: all time)')
								.addChoices(...Object.keys(TOP_PERIODS).map((period) => ({ name: period, value: period })))
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('stats')
						.setDescription('Votes given and received')
						.addUserOption((option) => option.setName('member').setDescription('Whose numbers (default: yours)'))
				)
		);
	}

	public async chatInputSetup(interaction: Interaction) {
		const channel = checkTextChannel(interaction.guild, interaction.options.getChannel('channel', true).id);
		if (!channel.ok) return this.#refuse(interaction, channel);
		const missing = await missingPermissions(interaction.guild, channel.value, CHAPEL_PERMISSIONS);
		if (missing.length)
			return this.#refuse(interaction, {
				title: `I cannot post in ${channel.value}.`,
				detail: `I need ${missing.map(permissionName).join(', ')} there.`
			});
		const threshold = interaction.options.getInteger('threshold') ?? DEFAULT_THRESHOLD;
		if (!isThresholdValid(threshold)) return this.#refuse(interaction, thresholdRefusal(threshold));
		const emojiText = interaction.options.getString('emoji');
		const emojis = await checkEmojis(interaction.guild, emojiText ?? '⭐');
		if (!emojis.ok) return this.#refuse(interaction, emojis);

		const boards = await guildBoards(interaction.guildId);
		const limit = pluginConfig(plugin).max_chapels_per_guild;
		if (!boards.some((board) => board.channelId === channel.value.id) && boards.length >= limit)
			return this.#refuse(interaction, {
				title: `This server already has ${boards.length} chapels.`,
				detail: `That is the most allowed (${limit}). Disable one with \`/chapel disable\` first.`
			});

		const update: BoardPatch = { threshold, ...(emojiText ? { emojis: emojis.value } : {}) };
		const { board, created } = await upsertBoard(
			interaction.guildId,
			channel.value.id,
			{ emojis: emojis.value, threshold, createdBy: interaction.user.id },
			update
		);
		const face = board.emojis.map(displayEmoji).join(' ');
		return interaction.reply({
			embeds: [
				SmartEmbed.success(
					created ? 'Chapel created' : 'Chapel updated',
					`Messages with **${board.threshold}** ${face} go to ${channel.value}. Change the rules with \`/chapel config\`.\n\n${describeBoard(board)}`
				)
			],
			flags: MessageFlags.Ephemeral
		});
	}

	public async chatInputConfig(interaction: Interaction) {
		const picked = await pickBoard(interaction.guildId, interaction.options.getChannel('chapel')?.id);
		if (!picked.ok) return this.#refuse(interaction, picked);
		const board = picked.value;
		const patch = await this.#configPatch(interaction, board);
		if ('title' in patch) return this.#refuse(interaction, patch);
		if (Object.keys(patch).length === 0)
			return interaction.reply({
				embeds: [SmartEmbed.info(`Chapel <#${board.channelId}>`, describeBoard(board))],
				flags: MessageFlags.Ephemeral
			});
		const updated = await updateBoard(board, patch);
		return interaction.reply({
			embeds: [SmartEmbed.success(`Chapel updated`, `<#${updated.channelId}>\n\n${describeBoard(updated)}`)],
			flags: MessageFlags.Ephemeral
		});
	}

	async #configPatch(interaction: Interaction, board: Parameters<typeof updateBoard>[0]): Promise<BoardPatch | Refusal> {
		const { options } = interaction;
		const patch: BoardPatch = {};
		const threshold = options.getInteger('threshold');
		if (threshold !== null) {
			if (!isThresholdValid(threshold)) return thresholdRefusal(threshold);
			patch.threshold = threshold;
		}
		const emojiText = options.getString('emoji');
		if (emojiText !== null) {
			const emojis = await checkEmojis(interaction.guild, emojiText);
			if (!emojis.ok) return emojis;
			patch.emojis = emojis.value;
		}
		const selfVotes = options.getBoolean('self_votes');
		if (selfVotes !== null) patch.selfVote = selfVotes;
		const botMessages = options.getBoolean('bot_messages');
		if (botMessages !== null) patch.botMessages = botMessages;
		const keep = options.getInteger('keep_threshold');
		if (keep !== null) {
			const against = patch.threshold ?? board.threshold;
			if (!Number.isInteger(keep) || keep < 0 || keep > against)
				return {
					title: `A keep threshold of ${keep} does not work.`,
					detail: `It goes from 0 (posts always stay) to the threshold (${against}).`
				};
			patch.keepThreshold = keep;
		}
		const belowKeep = options.getString('below_keep');
		if (belowKeep !== null) {
			if (!(BELOW_KEEP_MODES as readonly string[]).includes(belowKeep))
				return { title: `\`${belowKeep}\` is not a choice.`, detail: 'Choose remove or freeze.' };
			patch.belowKeep = belowKeep as BelowKeep;
		}
		const maxAge = options.getInteger('max_age_days');
		if (maxAge !== null) {
			if (maxAge < 0 || maxAge > MAX_AGE_DAYS)
				return { title: `${maxAge} days does not work.`, detail: `Give 0 (any age) to ${MAX_AGE_DAYS} days.` };
			patch.maxAgeDays = maxAge === 0 ? null : maxAge;
		}
		const nsfw = options.getString('nsfw');
		if (nsfw !== null) {
			if (!(NSFW_MODES as readonly string[]).includes(nsfw))
				return { title: `\`${nsfw}\` is not a choice.`, detail: 'Choose one of the listed options.' };
			patch.nsfw = nsfw as NsfwMode;
		}
		const ignore = options.getChannel('ignore');
		const unignore = options.getChannel('unignore');
		if (ignore || unignore) {
			if (ignore?.id === board.channelId) return { title: 'A chapel never takes its own posts.', detail: 'There is no need to ignore it.' };
			patch.ignoredChannels = toggled(board.ignoredChannels, ignore?.id, unignore?.id);
		}
		const autostar = options.getChannel('autostar');
		const unautostar = options.getChannel('unautostar');
		if (autostar) {
			const channel = checkTextChannel(interaction.guild, autostar.id);
			if (!channel.ok) return channel;
			if (autostar.id === board.channelId)
				return { title: 'The chapel itself cannot be an autostar channel.', detail: 'Pick an art or showcase channel.' };
			const missing = await missingPermissions(interaction.guild, channel.value, AUTOSTAR_PERMISSIONS);
			if (missing.length)
				return { title: `I cannot react in ${channel.value}.`, detail: `I need ${missing.map(permissionName).join(', ')} there.` };
		}
		if (autostar || unautostar) patch.autostarChannels = toggled(board.autostarChannels, autostar?.id, unautostar?.id);
		return patch;
	}

	public async chatInputDisable(interaction: Interaction) {
		const picked = await pickBoard(interaction.guildId, interaction.options.getChannel('chapel')?.id);
		if (!picked.ok) return this.#refuse(interaction, picked);
		await updateBoard(picked.value, { enabled: false });
		return interaction.reply({
			embeds: [
				SmartEmbed.success(
					'Chapel disabled',
					`<#${picked.value.channelId}> no longer takes messages. Its posts stay; \`/chapel setup\` in that channel turns it back on.`
				)
			],
			flags: MessageFlags.Ephemeral
		});
	}

	public async chatInputList(interaction: Interaction) {
		const boards = await guildBoards(interaction.guildId);
		if (boards.length === 0)
			return interaction.reply({
				embeds: [SmartEmbed.info('No chapel yet', 'Someone with Manage Server can create one with `/chapel setup`.')],
				flags: MessageFlags.Ephemeral
			});
		return interaction.reply({
			embeds: [SmartEmbed.info('Chapels', boards.map((board) => `__<#${board.channelId}>__\n${describeBoard(board)}`).join('\n\n'))],
			flags: MessageFlags.Ephemeral
		});
	}

	public async chatInputRefresh(interaction: Interaction) {
		const pointer = parseMessagePointer(interaction.options.getString('message', true));
		if (!pointer || (pointer.guildId && pointer.guildId !== interaction.guildId))
			return this.#refuse(interaction, {
				title: 'That is not a message of this server.',
				detail: 'Give a message link (right-click → Copy Message Link), or the id of a message in this channel.'
			});
		const boards = await guildBoards(interaction.guildId);
		if (boards.length === 0)
			return this.#refuse(interaction, { title: 'This server has no chapel yet.', detail: 'Create one with `/chapel setup`.' });
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const message = await fetchMessage(interaction, pointer.channelId ?? interaction.channelId, pointer.messageId);
		if (!message)
			return this.#refuse(interaction, {
				title: 'I cannot find that message.',
				detail: 'It may have been deleted, or be in a channel I cannot read.'
			});
		const results = await chapel().refresh(boards, message);
		if (results.length === 0)
			return this.#refuse(interaction, {
				title: 'No chapel takes messages from that channel.',
				detail: 'It is a chapel itself, or ignored by every chapel.'
			});
		const lines = results.map(
			({ board, before, after }) => `<#${board.channelId}>: ${before} → **${after}** ${displayEmoji(board.emojis[0] ?? '⭐')}`
		);
		return interaction.editReply({
			embeds: [
				SmartEmbed.success('Recounted', `${lines.join('\n')}\n\nReactions of bots and of members who left or were banned no longer count.`)
			]
		});
	}

	public async chatInputTop(interaction: Interaction) {
		const member = interaction.options.getUser('member');
		const period = (interaction.options.getString('period') ?? 'all') as TopPeriod;
		const entries = await topMessages(this.container.prisma, interaction.guildId, {
			authorId: member?.id ?? null,
			period: period in TOP_PERIODS ? period : 'all'
		});
		const boards = new Map((await guildBoards(interaction.guildId)).map((board) => [board.id, board]));
		const title = `Most blessed${member ? ` of ${member.displayName}` : ''}${period === 'all' ? '' : ` · last ${period}`}`;
		return paginate(interaction, {
			items: entries,
			perPage: 10,
			render: (page, info) =>
				SmartEmbed.info(
					title,
					page.length === 0
						? 'Nothing on the chapel yet.'
						: page
								.map((entry, index) => {
									const emoji = displayEmoji(boards.get(entry.boardId)?.emojis[0] ?? '⭐');
									const link = `https://discord.com/channels/${interaction.guildId}/${entry.channelId}/${entry.messageId}`;
									return `**${info.offset + index + 1}.** ${emoji} **${entry.count}** · <@${entry.authorId}> in <#${entry.channelId}> · [message](${link})`;
								})
								.join('\n')
				)
		});
	}

	public async chatInputStats(interaction: Interaction) {
		const member = interaction.options.getUser('member') ?? interaction.user;
		const stats = await memberStats(this.container.prisma, interaction.guildId, member.id);
		return interaction.reply({
			embeds: [
				SmartEmbed.info(
					`Chapel stats of ${member.displayName}`,
					[
						`**Votes given:** ${stats.given}`,
						`**Votes received:** ${stats.received}`,
						`**Messages on a chapel:** ${stats.onChapel}`,
						`**Best message:** ${stats.best}`
					].join('\n')
				)
			],
			allowedMentions: { parse: [] }
		});
	}

	async #refuse(interaction: Interaction, refusal: Refusal) {
		return refuse(interaction, refusal.title, refusal.detail, { category: voice.category('chapel_refused') });
	}
}

function thresholdRefusal(value: number): Refusal {
	return { title: `A threshold of ${value} does not work.`, detail: `Give a whole number from ${MIN_THRESHOLD} to ${MAX_THRESHOLD}.` };
}

/** The list with `add` added and `remove` removed. */
function toggled(list: readonly string[], add: string | undefined, remove: string | undefined): string[] {
	const next = new Set(list);
	if (add) next.add(add);
	if (remove) next.delete(remove);
	return [...next];
}

/** `ViewChannel` → `View Channel`. */
function permissionName(name: string): string {
	return name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

async function fetchMessage(interaction: Interaction, channelId: string, messageId: string): Promise<Message | null> {
	const channel = interaction.guild.channels.cache.get(channelId);
	if (!channel?.isTextBased()) return null;
	return channel.messages.fetch({ message: messageId, force: true }).catch(() => null);
}
