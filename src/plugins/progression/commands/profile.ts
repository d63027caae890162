import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType } from 'discord.js';
import { loadCardProfile } from '#shared/images/memberCard';
import { replyWithMemberCard, resolveMember } from '#shared/images/reply';
import { buildModal } from '#shared/ui/modals';
import { profileCardStats } from '../lib/card/stats';
import { profileModalSpec } from '../lib/card/profileForm';

/**
 * `/profile view [user]`: the combined rank/profile card; `/profile edit`: a modal for bio, pronouns and accent colour
 * (saved by the `profile:edit` modal handler). The profile is global (one per user, shown in every server).
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Your profile: bio, pronouns and card colour.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	requiredClientPermissions: ['AttachFiles'],
	subcommands: [
		{ name: 'view', chatInputRun: 'chatInputView', default: true },
		{ name: 'edit', chatInputRun: 'chatInputEdit' }
	]
})
export class ProfileCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((subcommand) =>
					subcommand
						.setName('view')
						.setDescription("Show your profile card (or someone else's)")
						.addUserOption((option) => option.setName('user').setDescription('Whose profile to show (default: you)'))
				)
				.addSubcommand((subcommand) => subcommand.setName('edit').setDescription('Edit your bio, pronouns and accent colour'))
		);
	}

	public async chatInputView(interaction: Subcommand.ChatInputCommandInteraction) {
		const target = interaction.options.getUser('user') ?? interaction.user;
		const member = await resolveMember(
			interaction,
			target,
			interaction.options.getMember('user') ?? (target.id === interaction.user.id ? interaction.member : null)
		);
		return replyWithMemberCard(interaction, target, member, profileCardStats);
	}

	public async chatInputEdit(interaction: Subcommand.ChatInputCommandInteraction) {
		const current = await loadCardProfile(interaction.user.id);
		return interaction.showModal(buildModal(profileModalSpec(current)));
	}
}
