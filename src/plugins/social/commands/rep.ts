import { time, TimestampStyles, userMention } from '@discordjs/formatters';
import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { InteractionContextType, MessageFlags } from 'discord.js';
import { giveRep } from '../lib/reputation';
import { NO_MENTIONS, onlyPing, voice } from '../lib/voice';

/**
 * `/rep <member>`: one reputation point a day per giver and server (a rolling 24 hours from the last one given), never
 * to yourself or a bot. The count shows in `/social stats` and on the profile card when progression is installed.
 */
@ApplyOptions<Command.Options>({
	description: 'Give a member a reputation point (one a day).',
	runIn: [CommandOptionsRunTypeEnum.GuildAny]
})
export class RepCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addUserOption((option) => option.setName('member').setDescription('Who deserves it').setRequired(true))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction<'cached'>) {
		const target = interaction.options.getUser('member', true);
		const giverId = interaction.user.id;
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		const mention = userMention(target.id);
		const refuse = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });

		if (target.id === giverId) return refuse(voice.respond('rep_self', { userId: giverId, sassLevel }));
		if (target.bot) return refuse(voice.respond('rep_bot', { userId: giverId, sassLevel, vars: { target: mention } }));
		const result = await giveRep(interaction.guildId, giverId, target.id);
		if (!result.given) {
			const when = time(result.nextAt, TimestampStyles.RelativeTime);
			const line = voice.respond('rep_too_soon', { userId: giverId, sassLevel, vars: { when } });
			// Not every line names the time; the answer always does.
			return refuse(line.includes(when) ? line : `${line}\n-# Your next point: ${when}.`);
		}
		const line = voice.respond('rep_given', { userId: giverId, sassLevel, vars: { target: mention, total: result.total } });
		const points = result.total === 1 ? 'point' : 'points';
		return interaction.reply({
			content: `${line}\n-# ${mention} has ${result.total} reputation ${points} in this server.`,
			allowedMentions: onlyPing(target.id)
		});
	}
}
