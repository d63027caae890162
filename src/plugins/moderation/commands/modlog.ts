import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, type GuildTextBasedChannel } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { refuse } from '#shared/ui/refuse';
import { getSettings, updateSettings } from '../lib/settings';

type Interaction = Subcommand.ChatInputCommandInteraction<'cached'>;

/** `/modlog channel|disable|show`: where every moderation case is posted. Manage Server, like other server settings. */
@ApplyOptions<Subcommand.Options>({
	description: 'Choose where moderation cases are logged.',
	requiredUserPermissions: [PermissionFlagsBits.ManageGuild],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'channel', chatInputRun: 'chatInputChannel' },
		{ name: 'disable', chatInputRun: 'chatInputDisable' },
		{ name: 'show', chatInputRun: 'chatInputShow' }
	]
})
export class ModlogCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('channel')
						.setDescription('Post every case in this channel')
						.addChannelOption((option) =>
							option
								.setName('channel')
								.setDescription('The mod-log channel')
								.addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)
								.setRequired(true)
						)
				)
				.addSubcommand((sub) => sub.setName('disable').setDescription('Stop posting cases (they are still numbered and kept)'))
				.addSubcommand((sub) => sub.setName('show').setDescription('Where cases are posted now'))
		);
	}

	public async chatInputChannel(interaction: Interaction) {
		const channel = interaction.options.getChannel('channel', true) as GuildTextBasedChannel;
		const me = interaction.guild.members.me ?? (await interaction.guild.members.fetchMe());
		const permissions = channel.permissionsFor(me);
		if (!permissions?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks]))
			return refuse(interaction, `I cannot post in ${channel}.`, 'I need View Channel, Send Messages and Embed Links there.', {
				category: 'bot_permission'
			});
		await updateSettings(interaction.guildId, { modLogChannelId: channel.id });
		return interaction.reply({
			embeds: [SmartEmbed.success('Mod log set', `Every moderation case will be posted in ${channel}.`)],
			flags: MessageFlags.Ephemeral
		});
	}

	public async chatInputDisable(interaction: Interaction) {
		await updateSettings(interaction.guildId, { modLogChannelId: null });
		return interaction.reply({
			embeds: [SmartEmbed.success('Mod log off', 'Cases are still numbered and kept: see them with `/case` and `/cases`.')],
			flags: MessageFlags.Ephemeral
		});
	}

	public async chatInputShow(interaction: Interaction) {
		const { modLogChannelId } = await getSettings(interaction.guildId);
		return interaction.reply({
			embeds: [
				SmartEmbed.info(
					'Mod log',
					modLogChannelId ? `Cases are posted in <#${modLogChannelId}>.` : 'No mod-log channel: use `/modlog channel`.'
				)
			],
			flags: MessageFlags.Ephemeral
		});
	}
}
