import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { InteractionContextType, PermissionFlagsBits, time, TimestampStyles } from 'discord.js';
import { tikaEmbed } from '#shared/ui/embeds';
import { paginate } from '#shared/ui/paginator';
import { actionLabel } from '../lib/caseEmbed';
import { listCases } from '../lib/cases';

const PER_PAGE = 10;

/** `/cases [member]`: the guild's cases (or one member's), newest first, ten a page. */
@ApplyOptions<Command.Options>({
	description: 'List moderation cases, optionally for one member.',
	requiredUserPermissions: [PermissionFlagsBits.ManageRoles],
	runIn: [CommandOptionsRunTypeEnum.GuildAny]
})
export class CasesCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageRoles)
				.setContexts(InteractionContextType.Guild)
				.addUserOption((option) => option.setName('member').setDescription('Only cases about this member'))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const user = interaction.options.getUser('member');
		const cases = await listCases(interaction.guildId!, user?.id ?? null);
		const title = user ? `Cases for ${user.username} (${cases.length})` : `Cases (${cases.length})`;
		return paginate(
			interaction,
			{
				items: cases,
				perPage: PER_PAGE,
				render: (items) =>
					tikaEmbed('info')
						.setTitle(title)
						.setDescription(
							items.length
								? items
										.map(
											(record) =>
												`**#${record.number}** ${actionLabel(record.action)}` +
												(record.targetId ? ` · <@${record.targetId}>` : '') +
												` · by <@${record.moderatorId}> · ${time(record.createdAt, TimestampStyles.ShortDateTime)}` +
												(record.reason ? `\n  ${record.reason.slice(0, 100)}` : '')
										)
										.join('\n')
								: user
									? `No cases about ${user}.`
									: 'No cases yet.'
						)
			},
			{ ephemeral: true }
		);
	}
}
