import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { InteractionContextType, time, TimestampStyles } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { checkChannel, checkLimit, checkText, limits, refuseReminder } from '../lib/flow';
import { formatDuration, parseDuration } from '../lib/duration';
import { createReminder, memberZone, now } from '../lib/service';

/**
 * `/timer <duration> [label]`: a public countdown (`<t:…:R>` counts itself down in every client) and a ping for the
 * owner, and only the owner, when it ends.
 */
@ApplyOptions<Command.Options>({
	description: 'Start a timer: a live countdown, and a ping when it ends.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny]
})
export class TimerCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addStringOption((option) =>
					option.setName('duration').setDescription('"25m", "1h30m", "2.5 hours"...').setRequired(true).setMaxLength(60)
				)
				.addStringOption((option) => option.setName('label').setDescription('What the timer is for').setMaxLength(6_000))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const input = interaction.options.getString('duration', true);
		const label = await checkText(interaction, interaction.options.getString('label') ?? '', 'The label');
		if (label === null) return;
		const ms = parseDuration(input);
		if (ms === null || ms < 1_000)
			return refuseReminder(
				interaction,
				`I cannot read \`${input.replace(/`/g, 'ˋ').slice(0, 60)}\` as a duration.`,
				'Try `25m`, `1h30m`, `90 seconds` or `2.5 hours`.'
			);
		if (ms > limits().horizonMs) return refuseReminder(interaction, 'That timer is too long.', 'Use `/remind` for anything that far away.');
		if (!(await checkChannel(interaction)) || !(await checkLimit(interaction))) return;

		const started = now();
		const timer = await createReminder({
			ownerId: interaction.user.id,
			guildId: interaction.guildId!,
			channelId: interaction.channelId,
			target: 'here',
			kind: 'timer',
			text: label,
			rule: null,
			zone: await memberZone(interaction.user.id),
			wallClock: false,
			dueAt: new Date(started.getTime() + ms)
		});
		const ends = Math.floor(timer.dueAt.getTime() / 1000);
		const title = label ? `Timer #${timer.id}: ${label}` : `Timer #${timer.id}`;
		await interaction.reply({
			embeds: [
				SmartEmbed.info(
					title,
					`⏱️ Ends ${time(ends, TimestampStyles.RelativeTime)} (${time(ends, TimestampStyles.LongTime)}), ${formatDuration(ms)} from now. I will ping you.`
				)
			],
			allowedMentions: { parse: [] }
		});
	}
}
