import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { PermissionFlagsBits, type StringSelectMenuInteraction } from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import { refuse } from '#shared/ui/refuse';
import plugin from '../plugin';
import { SEND_SELECT_PREFIX, sendToChapel } from '../lib/highlight';
import { guildBoards } from '../lib/manage';

const voice = pluginVoice(plugin);

/** The chapel picked after "Send to Chapel" in a server with several chapels. */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.SelectMenu })
export class ChapelSendPickHandler extends InteractionHandler {
	public override parse(interaction: StringSelectMenuInteraction) {
		if (!interaction.customId.startsWith(SEND_SELECT_PREFIX)) return this.none();
		const [channelId, messageId] = interaction.customId.slice(SEND_SELECT_PREFIX.length).split(':');
		return channelId && messageId ? this.some({ channelId, messageId }) : this.none();
	}

	public override async run(interaction: StringSelectMenuInteraction, target: { channelId: string; messageId: string }) {
		const refuseWith = (title: string, detail: string) => refuse(interaction, title, detail, { category: voice.category('chapel_refused') });
		if (!interaction.inCachedGuild()) return;
		// The picker is private, but permissions can change between the menu and the pick.
		if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages))
			return refuseWith('You need Manage Messages for that.', 'Only moderators send messages to the chapel by hand.');
		const board = (await guildBoards(interaction.guildId)).find((candidate) => String(candidate.id) === interaction.values[0]);
		if (!board) return refuseWith('That chapel is gone.', 'It was disabled meanwhile. Try again.');
		const channel = interaction.guild.channels.cache.get(target.channelId);
		const message = channel?.isTextBased() ? await channel.messages.fetch(target.messageId).catch(() => null) : null;
		if (!message) return refuseWith('I cannot find that message any more.', 'It may have been deleted.');
		return sendToChapel(interaction, board, message);
	}
}
