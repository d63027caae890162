import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import { SmartEmbed } from '#shared/ui/embeds';
import { refuse } from '#shared/ui/refuse';
import { recordIntrusion } from '#shared/ui/voice';
import plugin from '../plugin';
import { WITHDRAW_BUTTON_ID } from '../lib/render';
import { chapel } from '../lib/runtime';

const voice = pluginVoice(plugin);

/**
 * "Remove mine" under a chapel post: the author of the message (or anyone with Manage Messages) takes it off the
 * chapel for good; reactions never bring it back. Anyone else is turned away privately, in character.
 */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.Button })
export class ChapelWithdrawHandler extends InteractionHandler {
	public override parse(interaction: ButtonInteraction) {
		return interaction.customId === WITHDRAW_BUTTON_ID ? this.some() : this.none();
	}

	public override async run(interaction: ButtonInteraction) {
		// Pressed the moment the post appeared: Tika may still be storing it.
		await chapel().posted(interaction.channelId);
		const row = await this.container.prisma.chapelPost.findFirst({ where: { postId: interaction.message.id } });
		if (!row) return refuse(interaction, 'This post is not on the chapel any more.', null, { category: voice.category('chapel_refused') });
		const userId = interaction.user.id;
		if (userId !== row.authorId && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) {
			recordIntrusion(userId, {});
			const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
			const line = voice.say(
				'chapel_not_yours',
				{ userId, sassLevel, vars: { owner: `<@${row.authorId}>` } },
				'Only the author of the message can remove it from the chapel.'
			);
			return interaction.reply({ content: line, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
		}
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		await chapel().withdraw(row);
		return interaction.editReply({
			embeds: [SmartEmbed.success('Removed from the chapel', 'The post is gone, and reactions will not bring it back.')]
		});
	}
}
