import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { readModalFields } from '#shared/ui/modals';
import { hex } from '#shared/images/layout';
import { renderMemberCard } from '#shared/images/memberCard';
import { cardAttachment } from '#shared/images/reply';
import { profileCardStats } from '../lib/card/stats';
import { parseProfileForm, PROFILE_MODAL_ID, profileModalSpec } from '../lib/card/profileForm';

/** Saves the /profile edit modal: all fields or none, then shows the updated card privately. */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.ModalSubmit })
export class ProfileEditModalHandler extends InteractionHandler {
	public override parse(interaction: ModalSubmitInteraction) {
		return interaction.customId === PROFILE_MODAL_ID ? this.some() : this.none();
	}

	public override async run(interaction: ModalSubmitInteraction) {
		const read = readModalFields(interaction, profileModalSpec(null));
		const parsed = read.ok ? parseProfileForm(read.values) : ({ ok: false, errors: read.errors } as const);
		if (!parsed.ok) {
			const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
			return interaction.reply({
				embeds: [
					SmartEmbed.error('Profile not saved', `${parsed.errors.join('\n')}\nNothing was changed; run \`/profile edit\` again.`, {
						category: 'user_fault',
						userId: interaction.user.id,
						sassLevel
					})
				],
				flags: MessageFlags.Ephemeral
			});
		}

		const { update } = parsed;
		await this.container.prisma.userProfile.upsert({
			where: { userId: interaction.user.id },
			create: { userId: interaction.user.id, ...update },
			update
		});
		const summary = [
			`**Bio**: ${update.bio ? update.bio : '*none*'}`,
			`**Pronouns**: ${update.pronouns ?? '*none*'}`,
			`**Accent colour**: ${update.accentColor === null ? 'default' : hex(update.accentColor)}`
		].join('\n');
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const files =
			interaction.inGuild() && interaction.guild
				? [
						cardAttachment(
							await renderMemberCard(
								interaction.guild,
								interaction.user,
								interaction.guild.members.cache.get(interaction.user.id) ?? null,
								profileCardStats
							),
							interaction.user
						)
					]
				: [];
		return interaction.editReply({ embeds: [SmartEmbed.success('Profile saved', summary)], files });
	}
}
