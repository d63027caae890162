import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { InteractionContextType } from 'discord.js';
import { replyWithMemberCard, resolveMember } from '#shared/images/reply';
import { profileCardStats } from '../lib/card/stats';

/**
 * `/rank [user]`: the combined rank/profile card (the seed's unified rank + profile command). Works for members with no
 * XP yet (level 0, unranked); refuses bots.
 */
@ApplyOptions<Command.Options>({
	description: "Show your rank card (or someone else's): level, rank, XP and profile.",
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	requiredClientPermissions: ['AttachFiles']
})
export class RankCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addUserOption((option) => option.setName('user').setDescription('Whose card to show (default: you)'))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const target = interaction.options.getUser('user') ?? interaction.user;
		const member = await resolveMember(
			interaction,
			target,
			interaction.options.getMember('user') ?? (target.id === interaction.user.id ? interaction.member : null)
		);
		return replyWithMemberCard(interaction, target, member, profileCardStats);
	}
}
