import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import {
	ActionRowBuilder,
	ApplicationCommandType,
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	StringSelectMenuBuilder,
	type Message
} from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import { SmartEmbed } from '#shared/ui/embeds';
import { refuse } from '#shared/ui/refuse';
import plugin from '../plugin';
import { displayEmoji } from '../lib/emoji';
import { SEND_SELECT_PREFIX, sendToChapel } from '../lib/highlight';
import { guildBoards } from '../lib/manage';

/** Context menu names keep their case and spaces (Sapphire lower-cases piece names). */
const SEND_TO_CHAPEL = 'Send to Chapel';

const voice = pluginVoice(plugin);

/** The "Send to Chapel" message context menu (Manage Messages): a moderator's pick, posted whatever its count. */
@ApplyOptions<Command.Options>({
	name: SEND_TO_CHAPEL,
	description: 'Post a message on the chapel regardless of its count.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	requiredUserPermissions: [PermissionFlagsBits.ManageMessages]
})
export class SendToChapelCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerContextMenuCommand((builder) =>
			builder
				.setName(SEND_TO_CHAPEL)
				.setType(ApplicationCommandType.Message)
				.setContexts(InteractionContextType.Guild)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
		);
	}

	public override async contextMenuRun(interaction: Command.ContextMenuCommandInteraction) {
		if (!interaction.isMessageContextMenuCommand() || !interaction.inCachedGuild()) return;
		const message = interaction.targetMessage as Message<true>;
		const boards = await guildBoards(interaction.guildId);
		if (boards.length === 0)
			return refuse(interaction, 'This server has no chapel yet.', 'Create one with `/chapel setup`.', {
				category: voice.category('chapel_refused')
			});
		if (boards.length === 1) return sendToChapel(interaction, boards[0]!, message);
		const picker = new StringSelectMenuBuilder()
			.setCustomId(`${SEND_SELECT_PREFIX}${message.channelId}:${message.id}`)
			.setPlaceholder('Which chapel?')
			.addOptions(
				boards.map((board) => ({
					label: `#${interaction.guild.channels.cache.get(board.channelId)?.name ?? board.channelId}`.slice(0, 100),
					value: String(board.id),
					emoji: board.emojis[0] && !board.emojis[0].includes(':') ? board.emojis[0] : undefined,
					description: `${board.threshold} ${displayEmoji(board.emojis[0] ?? '⭐')} to be posted`.slice(0, 100)
				}))
			);
		return interaction.reply({
			embeds: [SmartEmbed.info('Send to Chapel', 'This server has several chapels. Which one?')],
			components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(picker)],
			flags: MessageFlags.Ephemeral
		});
	}
}
