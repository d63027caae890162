import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags } from 'discord.js';
import { hex } from '#shared/images/layout';
import { renderMemberCard } from '#shared/images/memberCard';
import { cardAttachment } from '#shared/images/reply';
import { BACKGROUND_NAMES, CARD_BACKGROUNDS, isBackgroundName, parseHexColour } from '#shared/images/theme';
import { SmartEmbed } from '#shared/ui/embeds';

type Interaction = Subcommand.ChatInputCommandInteraction<'cached'>;

/**
 * `/rankcard`: the theme of your rank/profile card (accent colour and background preset). Stored on your profile, so
 * it follows you to every server; /rank and /profile view use it. Every change answers with a private preview.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Style your rank card: accent colour and background.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	requiredClientPermissions: ['AttachFiles'],
	subcommands: [
		{ name: 'accent', chatInputRun: 'chatInputAccent' },
		{ name: 'background', chatInputRun: 'chatInputBackground' },
		{ name: 'reset', chatInputRun: 'chatInputReset' },
		{ name: 'preview', chatInputRun: 'chatInputPreview' }
	]
})
export class RankCardCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('accent')
						.setDescription('Accent colour of your card (ring, numbers, progress bar)')
						.addStringOption((o) => o.setName('colour').setDescription('Hex colour, e.g. #ff8800').setRequired(true).setMaxLength(16))
				)
				.addSubcommand((sub) =>
					sub
						.setName('background')
						.setDescription('Background of your card')
						.addStringOption((o) =>
							o
								.setName('preset')
								.setDescription('A background preset')
								.setRequired(true)
								.addChoices(BACKGROUND_NAMES.map((name) => ({ name: CARD_BACKGROUNDS[name].label, value: name })))
						)
				)
				.addSubcommand((sub) => sub.setName('reset').setDescription('Back to the default colour and background'))
				.addSubcommand((sub) => sub.setName('preview').setDescription('See your card privately'))
		);
	}

	public async chatInputAccent(interaction: Interaction) {
		const parsed = parseHexColour(interaction.options.getString('colour', true));
		if (!parsed.ok) {
			const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
			return interaction.reply({
				embeds: [
					SmartEmbed.error('That colour will not do', parsed.error, { category: 'user_fault', userId: interaction.user.id, sassLevel })
				],
				flags: MessageFlags.Ephemeral
			});
		}
		await this.save(interaction.user.id, { accentColor: parsed.value });
		return this.preview(interaction, `Accent colour set to **${hex(parsed.value)}**.`, parsed.value);
	}

	public async chatInputBackground(interaction: Interaction) {
		const preset = interaction.options.getString('preset', true);
		if (!isBackgroundName(preset)) {
			const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
			return interaction.reply({
				embeds: [
					SmartEmbed.error('Unknown background', `Pick one of: ${BACKGROUND_NAMES.join(', ')}.`, {
						category: 'user_fault',
						userId: interaction.user.id,
						sassLevel
					})
				],
				flags: MessageFlags.Ephemeral
			});
		}
		await this.save(interaction.user.id, { cardBackground: preset });
		return this.preview(interaction, `Background set to **${CARD_BACKGROUNDS[preset].label}**.`);
	}

	public async chatInputReset(interaction: Interaction) {
		await this.save(interaction.user.id, { accentColor: null, cardBackground: null });
		return this.preview(interaction, 'Your card is back to the default colour and background.');
	}

	public async chatInputPreview(interaction: Interaction) {
		return this.preview(interaction, null);
	}

	private async save(userId: string, theme: { accentColor?: number | null; cardBackground?: string | null }) {
		await this.container.prisma.userProfile.upsert({ where: { userId }, create: { userId, ...theme }, update: theme });
	}

	private async preview(interaction: Interaction, saved: string | null, colour?: number) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		// Level and rank come from progression when it is loaded; without it the preview still shows the theme (level 0).
		const stats = this.container.services.get('progression')?.rankSnapshot;
		const card = await renderMemberCard(interaction.guild, interaction.user, interaction.member, stats);
		const embeds = saved ? [SmartEmbed.success('Card updated', saved)] : [];
		if (colour !== undefined) embeds[0]?.setColor(colour);
		return interaction.editReply({ embeds, files: [cardAttachment(card, interaction.user)] });
	}
}
