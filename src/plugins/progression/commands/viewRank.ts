import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { ApplicationCommandType, InteractionContextType } from 'discord.js';
import { replyWithMemberCard, resolveMember } from '#shared/images/reply';
import { profileCardStats } from '../lib/card/stats';

/** The "View Rank" user context menu (right-click a member → Apps → View Rank): the same card as /rank. */
/** Context menu names keep their case and spaces (Sapphire lower-cases piece names). */
const VIEW_RANK = 'View Rank';

@ApplyOptions<Command.Options>({
	name: VIEW_RANK,
	description: "Show a member's rank card.",
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	requiredClientPermissions: ['AttachFiles']
})
export class ViewRankCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerContextMenuCommand((builder) =>
			builder.setName(VIEW_RANK).setType(ApplicationCommandType.User).setContexts(InteractionContextType.Guild)
		);
	}

	public override async contextMenuRun(interaction: Command.ContextMenuCommandInteraction) {
		if (!interaction.isUserContextMenuCommand()) return;
		const member = await resolveMember(interaction, interaction.targetUser, interaction.targetMember);
		return replyWithMemberCard(interaction, interaction.targetUser, member, profileCardStats);
	}
}
