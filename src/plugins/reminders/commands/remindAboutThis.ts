import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { ApplicationCommandType, InteractionContextType } from 'discord.js';
import { buildModal } from '#shared/ui/modals';
import { aboutModal } from '../lib/about';
import { settings } from '../lib/service';

/** Context menu names keep their case and spaces (Sapphire lower-cases piece names). */
const REMIND_ABOUT = 'Remind me about this';

/** "Remind me about this" on a message: a modal asks when (and an optional note); the reminder links back to it. */
@ApplyOptions<Command.Options>({
	name: REMIND_ABOUT,
	description: 'Get reminded of a message later.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny]
})
export class RemindAboutThisCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerContextMenuCommand((builder) =>
			builder.setName(REMIND_ABOUT).setType(ApplicationCommandType.Message).setContexts(InteractionContextType.Guild)
		);
	}

	public override async contextMenuRun(interaction: Command.ContextMenuCommandInteraction) {
		if (!interaction.isMessageContextMenuCommand()) return;
		await interaction.showModal(buildModal(aboutModal(interaction.targetMessage.channelId, interaction.targetMessage.id, settings().max_text)));
	}
}
