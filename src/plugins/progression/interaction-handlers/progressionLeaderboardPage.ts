import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { LEADERBOARD_BUTTON_PREFIX, leaderboardMessage } from '../commands/leaderboard';

/** Previous / Next on /leaderboard. The caller turns their own message; anyone else gets the page privately, with their own position. */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.Button })
export class ProgressionLeaderboardPageHandler extends InteractionHandler {
	public override parse(interaction: ButtonInteraction) {
		const match = new RegExp(`^${LEADERBOARD_BUTTON_PREFIX}:(\\d+):(-?\\d+)$`).exec(interaction.customId);
		return match ? this.some({ viewerId: match[1]!, page: Number(match[2]) }) : this.none();
	}

	public override async run(interaction: ButtonInteraction, { viewerId, page }: { viewerId: string; page: number }) {
		if (!interaction.inGuild() || !interaction.guild) return;
		const message = await leaderboardMessage(interaction.guild, interaction.user.id, page);
		if (interaction.user.id === viewerId) return interaction.update(message);
		return interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
	}
}
