import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { InteractionContextType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { buildCaseEmbed } from '../lib/caseEmbed';
import { getCase } from '../lib/cases';
import { refuse } from '#shared/ui/refuse';

/** `/case <number>`: one moderation case, as logged. Manage Roles, like /detention. */
@ApplyOptions<Command.Options>({
	description: 'Show one moderation case.',
	requiredUserPermissions: [PermissionFlagsBits.ManageRoles],
	runIn: [CommandOptionsRunTypeEnum.GuildAny]
})
export class CaseCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageRoles)
				.setContexts(InteractionContextType.Guild)
				.addIntegerOption((option) => option.setName('number').setDescription('The case number').setMinValue(1).setRequired(true))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const number = interaction.options.getInteger('number', true);
		const record = await getCase(interaction.guildId!, number);
		if (!record) return refuse(interaction, `There is no case #${number} here.`, 'See every case with `/cases`.');
		return interaction.reply({ embeds: [buildCaseEmbed(record)], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
