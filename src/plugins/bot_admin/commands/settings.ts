import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, type Message } from 'discord.js';
import type { GuildSettingsView } from '#core/settings/GuildSettingsService';
import { getPersonality } from '#shared/personality/default';
import { SASS_LEVELS, type SassLevel } from '#shared/personality/types';
import { SmartEmbed, type TikaEmbed } from '#shared/ui/embeds';

const SASS_DESCRIPTIONS: Record<SassLevel, string> = {
	off: 'plain, polite replies',
	mild: 'some attitude, never fed up',
	full: 'the whole range, up to fed up with spammers'
};

/**
 * `/settings`: a server's own settings for Tika (today: how much sass she puts into replies here).
 * Manage Server is required twice, as for /features: the default member permission hides the command in Discord's
 * UI, and `requiredUserPermissions` enforces it here because a server can change who sees a command.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Change how Tika behaves in this server.',
	requiredUserPermissions: [PermissionFlagsBits.ManageGuild],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'view', chatInputRun: 'chatInputView', messageRun: 'messageView', default: true },
		{ name: 'sass', chatInputRun: 'chatInputSass', messageRun: 'messageSass' }
	]
})
export class SettingsCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((subcommand) => subcommand.setName('view').setDescription("Show this server's settings"))
				.addSubcommand((subcommand) =>
					subcommand
						.setName('sass')
						.setDescription('How much attitude Tika puts into her replies here')
						.addStringOption((option) =>
							option
								.setName('level')
								.setDescription('off: polite; mild: some attitude; full: everything')
								.setRequired(true)
								.addChoices(SASS_LEVELS.map((level) => ({ name: `${level}: ${SASS_DESCRIPTIONS[level]}`, value: level })))
						)
				)
		);
	}

	public async chatInputView(interaction: Subcommand.ChatInputCommandInteraction) {
		const settings = await this.container.settings.get(interaction.guildId!);
		return interaction.reply({ embeds: [this.viewEmbed(interaction.guild?.name, settings)], flags: MessageFlags.Ephemeral });
	}

	public async messageView(message: Message) {
		const settings = await this.container.settings.get(message.guildId!);
		return message.reply({ embeds: [this.viewEmbed(message.guild?.name, settings)] });
	}

	public async chatInputSass(interaction: Subcommand.ChatInputCommandInteraction) {
		const level = interaction.options.getString('level', true);
		const embed = await this.setSass(interaction.guildId!, level, interaction.user.id);
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}

	public async messageSass(message: Message, args: Args) {
		// An unknown level throws an ArgumentError, which the lifecycle listeners answer as the user's mistake.
		const level = await args.pick('enum', { enum: [...SASS_LEVELS] });
		return message.reply({ embeds: [await this.setSass(message.guildId!, level, message.author.id)] });
	}

	private async setSass(guildId: string, level: string, actorId: string): Promise<TikaEmbed> {
		const settings = await this.container.settings.setSassLevel(guildId, level, actorId);
		// A sample line in the new tone says more about the choice than any description.
		const sample = getPersonality().respond('success', { sassLevel: settings.sassLevel });
		return SmartEmbed.success(
			`Sass level set to ${settings.sassLevel}`,
			`From now on: ${SASS_DESCRIPTIONS[settings.sassLevel]}. For example: *${sample}*`
		);
	}

	private viewEmbed(guildName: string | undefined, settings: GuildSettingsView): TikaEmbed {
		const lines = [
			`**Sass level**: ${settings.sassLevel} (${SASS_DESCRIPTIONS[settings.sassLevel]}). Change it with \`/settings sass\`.`,
			`**Language**: ${settings.locale ?? "the server's own"}`,
			settings.updatedAt
				? `Last changed <t:${Math.floor(settings.updatedAt.getTime() / 1000)}:R>.`
				: 'Nothing changed yet: these are the defaults.'
		];
		return SmartEmbed.info(`Settings for ${guildName ?? 'this server'}`, lines.join('\n'));
	}
}
