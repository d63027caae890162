import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, ThreadAutoArchiveDuration } from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import { SmartEmbed } from '#shared/ui/embeds';
import { refuse } from '#shared/ui/refuse';
import plugin from '../plugin';
import { aiChat } from '../lib/chat';
import { addThread, readDocument, threadStarter, updateDocument } from '../lib/guild';
import { untilNextDay, utcDay } from '../lib/limiter';
import { settings } from '../lib/setup';
import { usageSince } from '../lib/store';
import { NO_MENTIONS } from '../lib/writer';

type Interaction = Subcommand.ChatInputCommandInteraction<'cached'>;

const voice = pluginVoice(plugin);
const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
const MAX_TOPIC = 90;
/** Members listed by /ai usage. */
const TOP_MEMBERS = 10;
const manage = [PermissionFlagsBits.ManageGuild];

/**
 * `/ai`: talk to Tika in a thread of your own (`chat`, everyone), make her forget (`reset`: Manage Messages, or the
 * member who opened the /ai chat thread), and the admin side (Manage Server): the channels where she answers
 * everything, the server's persona, and what the server spends.
 */
@ApplyOptions<Subcommand.Options>({
	description: "Talk with Tika's AI and manage it in this server.",
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'chat', chatInputRun: 'chatInputChat' },
		{ name: 'reset', chatInputRun: 'chatInputReset' },
		{ name: 'persona', chatInputRun: 'chatInputPersona', requiredUserPermissions: manage },
		{ name: 'usage', chatInputRun: 'chatInputUsage', requiredUserPermissions: manage },
		{
			name: 'channel',
			type: 'group',
			entries: [
				{ name: 'add', chatInputRun: 'chatInputChannelAdd', requiredUserPermissions: manage },
				{ name: 'remove', chatInputRun: 'chatInputChannelRemove', requiredUserPermissions: manage },
				{ name: 'list', chatInputRun: 'chatInputChannelList', requiredUserPermissions: manage }
			]
		}
	]
})
export class AiCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('chat')
						.setDescription('Open a thread where Tika answers every message')
						.addStringOption((option) => option.setName('topic').setDescription('What the chat is about').setMaxLength(MAX_TOPIC))
				)
				.addSubcommand((sub) => sub.setName('reset').setDescription('Make Tika forget the conversation in this channel or thread'))
				.addSubcommand((sub) =>
					sub
						.setName('persona')
						.setDescription("Show or change this server's persona for Tika (Manage Server)")
						.addStringOption((option) => option.setName('text').setDescription('Who Tika should be here').setMaxLength(4000))
						.addBooleanOption((option) => option.setName('clear').setDescription('Remove the persona'))
				)
				.addSubcommand((sub) => sub.setName('usage').setDescription("This server's AI requests and tokens (Manage Server)"))
				.addSubcommandGroup((group) =>
					group
						.setName('channel')
						.setDescription('Channels where Tika answers every message (Manage Server)')
						.addSubcommand((sub) =>
							sub
								.setName('add')
								.setDescription('Tika answers every message in this channel')
								.addChannelOption((option) =>
									option
										.setName('channel')
										.setDescription('The channel')
										.addChannelTypes(...TEXT_CHANNELS)
										.setRequired(true)
								)
						)
						.addSubcommand((sub) =>
							sub
								.setName('remove')
								.setDescription('Tika stops answering every message here')
								.addChannelOption((option) =>
									option
										.setName('channel')
										.setDescription('The channel')
										.addChannelTypes(...TEXT_CHANNELS)
										.setRequired(true)
								)
						)
						.addSubcommand((sub) => sub.setName('list').setDescription('The channels where Tika answers everything'))
				)
		);
	}

	public async chatInputChat(interaction: Interaction) {
		const channel = interaction.channel;
		if (!channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement))
			return refuse(interaction, 'Threads can only be opened from a text channel.', 'Run `/ai chat` in a text channel.', {
				category: voice.category('ai_not_here')
			});
		const me = interaction.guild.members.me;
		const needed = [PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads];
		if (me && !channel.permissionsFor(me).has(needed))
			return refuse(interaction, 'I cannot open threads here.', 'I need Create Public Threads and Send Messages in Threads in this channel.', {
				category: 'bot_permission'
			});
		const topic = interaction.options.getString('topic')?.replace(/\s+/g, ' ').trim() || null;
		const name = (topic ?? `Chat with ${interaction.member.displayName}`).slice(0, 100);
		const thread = await channel.threads.create({
			name,
			autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
			reason: `/ai chat by ${interaction.user.id}`
		});
		await addThread(interaction.guildId, thread.id, interaction.user.id);
		const { sassLevel } = await this.container.settings.get(interaction.guildId);
		const hello = voice.respond('ai_thread_hello', {
			userId: interaction.user.id,
			sassLevel,
			vars: { user: interaction.member.displayName, ...(topic ? { topic } : {}) }
		});
		await thread.send({ content: hello, allowedMentions: NO_MENTIONS });
		await interaction.reply({
			embeds: [SmartEmbed.success('Thread opened', `Talk to me in ${thread}. I answer every message there.`)],
			flags: MessageFlags.Ephemeral
		});
	}

	public async chatInputReset(interaction: Interaction) {
		const channelId = interaction.channelId;
		const mayManage = interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages);
		if (!mayManage && (await threadStarter(channelId)) !== interaction.user.id)
			return refuse(
				interaction,
				'Only moderators can make me forget a conversation here.',
				'You need Manage Messages, or run it in an `/ai chat` thread you opened.',
				{ category: 'permission' }
			);
		await aiChat().memory.clear(channelId);
		this.container.logger.info(`[ai_chat] ${interaction.user.id} reset the conversation in channel ${channelId} (guild ${interaction.guildId}).`);
		const { sassLevel } = await this.container.settings.get(interaction.guildId);
		await interaction.reply({
			content: voice.respond('ai_reset', { userId: interaction.user.id, sassLevel }),
			allowedMentions: NO_MENTIONS
		});
	}

	public async chatInputPersona(interaction: Interaction) {
		const text = interaction.options.getString('text')?.trim() ?? null;
		const clear = interaction.options.getBoolean('clear') ?? false;
		const max = settings().persona_max_length;
		if (text && clear) return refuse(interaction, 'Give a persona or clear it, not both.', 'Nothing was changed.', { category: 'user_fault' });
		if (text === null && !clear) {
			const { persona } = await readDocument(interaction.guildId);
			const embed = persona
				? SmartEmbed.info('Persona', `${persona}\n\n-# ${persona.length}/${max} characters. Change it with \`/ai persona text:...\`.`)
				: SmartEmbed.info('Persona', 'No persona: I am just myself here. Give me one with `/ai persona text:...`.');
			return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
		}
		if (text !== null && text.length > max)
			return refuse(
				interaction,
				`That persona is ${text.length} characters; the limit is ${max}.`,
				'Nothing was changed. Shorten it and try again.',
				{
					category: voice.category('ai_persona_too_long')
				}
			);
		if (text === '') return refuse(interaction, 'That persona is empty.', 'Nothing was changed.', { category: 'user_fault' });
		await updateDocument(interaction.guildId, (current) => ({ ...current, persona: clear ? null : text }));
		this.container.logger.info(
			`[ai_chat] ${interaction.user.id} ${clear ? 'cleared the persona' : `set a ${text!.length}-character persona`} in guild ${interaction.guildId}.`
		);
		const embed = clear
			? SmartEmbed.success('Persona cleared', 'I am just myself again in this server.')
			: SmartEmbed.success('Persona set', `From my next answer on, in this server I am:\n\n${text}`);
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}

	public async chatInputUsage(interaction: Interaction) {
		const now = Date.now();
		const today = utcDay(now);
		const weekAgo = utcDay(now - 6 * 24 * 60 * 60 * 1000);
		await aiChat().ledger.flush();
		const [day, week] = await Promise.all([usageSince(interaction.guildId, today), usageSince(interaction.guildId, weekAgo)]);
		const { limits, model } = settings();
		const spentToday = day.promptTokens + day.completionTokens;
		const budget = limits.guild_daily_tokens > 0 ? ` of ${limits.guild_daily_tokens.toLocaleString('en-US')}` : '';
		const renews = `<t:${Math.floor((now + untilNextDay(now)) / 1000)}:R>`;
		const top = day.members
			.slice(0, TOP_MEMBERS)
			.map((member, index) => `${index + 1}. <@${member.userId}>: ${member.tokens.toLocaleString('en-US')} tokens, ${member.requests} answers`);
		const description = [
			`**Today** (UTC): ${day.requests} answers, ${spentToday.toLocaleString('en-US')}${budget} tokens (${day.promptTokens.toLocaleString('en-US')} prompt, ${day.completionTokens.toLocaleString('en-US')} completion). Budgets renew ${renews}.`,
			`**Last 7 days**: ${week.requests} answers, ${(week.promptTokens + week.completionTokens).toLocaleString('en-US')} tokens.`,
			`Model: \`${model}\`. Per member: ${limits.member_requests || 'no limit'} messages per ${limits.window_seconds}s, ${limits.member_daily_tokens ? `${limits.member_daily_tokens.toLocaleString('en-US')} tokens a day` : 'no daily budget'}.`,
			top.length ? `**Top members today**\n${top.join('\n')}` : 'Nobody has talked to me today.'
		].join('\n\n');
		return interaction.reply({ embeds: [SmartEmbed.info('AI usage', description)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
	}

	public async chatInputChannelAdd(interaction: Interaction) {
		const channel = interaction.options.getChannel('channel', true, [...TEXT_CHANNELS]);
		const max = settings().max_channels;
		const current = await readDocument(interaction.guildId);
		if (current.channels.includes(channel.id))
			return interaction.reply({
				embeds: [SmartEmbed.info('Already listed', `I already answer every message in ${channel}.`)],
				flags: MessageFlags.Ephemeral
			});
		if (current.channels.length >= max)
			return refuse(
				interaction,
				`This server already lists ${max} channels, the most allowed.`,
				'Remove one with `/ai channel remove` first.',
				{
					category: 'user_fault'
				}
			);
		await updateDocument(interaction.guildId, (document) => ({ ...document, channels: [...new Set([...document.channels, channel.id])] }));
		this.container.logger.info(`[ai_chat] ${interaction.user.id} listed channel ${channel.id} in guild ${interaction.guildId}.`);
		return interaction.reply({
			embeds: [SmartEmbed.success('Channel added', `I answer every message in ${channel} now (limits still apply).`)],
			flags: MessageFlags.Ephemeral
		});
	}

	public async chatInputChannelRemove(interaction: Interaction) {
		const channel = interaction.options.getChannel('channel', true, [...TEXT_CHANNELS]);
		const current = await readDocument(interaction.guildId);
		if (!current.channels.includes(channel.id))
			return refuse(interaction, `${channel} is not listed.`, '`/ai channel list` shows the channels I answer everything in.', {
				category: 'user_fault'
			});
		await updateDocument(interaction.guildId, (document) => ({ ...document, channels: document.channels.filter((id) => id !== channel.id) }));
		this.container.logger.info(`[ai_chat] ${interaction.user.id} unlisted channel ${channel.id} in guild ${interaction.guildId}.`);
		return interaction.reply({
			embeds: [SmartEmbed.success('Channel removed', `In ${channel} I only answer mentions and replies now.`)],
			flags: MessageFlags.Ephemeral
		});
	}

	public async chatInputChannelList(interaction: Interaction) {
		const { channels } = await readDocument(interaction.guildId);
		const body = channels.length
			? channels.map((id) => `<#${id}>`).join('\n')
			: 'None. I answer mentions, replies to my answers and `/ai chat` threads. Add one with `/ai channel add`.';
		return interaction.reply({ embeds: [SmartEmbed.info('Channels where I answer everything', body)], flags: MessageFlags.Ephemeral });
	}
}
