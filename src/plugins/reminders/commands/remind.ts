import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { InteractionContextType } from 'discord.js';
import { setReminder } from '../lib/flow';
import { whereOption } from '../lib/render';

/** `/remind <when> <what> [where] [repeat]`: a reminder in plain words, read in the member's zone. */
@ApplyOptions<Command.Options>({
	description: 'Remind you of something: "in 2h", "tomorrow 9am", "every monday 9am"...',
	runIn: [CommandOptionsRunTypeEnum.GuildAny]
})
export class RemindCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addStringOption((option) =>
					option
						.setName('when')
						.setDescription('"in 2h30m", "tomorrow 9am", "dec 24 8pm", "every weekday 9am"...')
						.setRequired(true)
						.setMaxLength(100)
				)
				.addStringOption((option) => option.setName('what').setDescription('What to remind you of').setRequired(true).setMaxLength(6_000))
				.addStringOption((option) => whereOption(option, 'Here (default) or in your DMs'))
				.addStringOption((option) =>
					option.setName('repeat').setDescription('"daily", "every 2 weeks", "every weekday", "every month"...').setMaxLength(100)
				)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await setReminder(interaction, {
			when: interaction.options.getString('when', true),
			text: interaction.options.getString('what', true),
			target: interaction.options.getString('where') === 'dm' ? 'dm' : 'here',
			repeat: interaction.options.getString('repeat')
		});
	}
}
