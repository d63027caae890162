import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { StringSelectMenuInteraction } from 'discord.js';
import { handleGameInteraction } from '../lib/interactions';
import { parseCustomId } from '../lib/view';

/** Hangman's letter menus: `game:<id>:l1` (A–M) and `game:<id>:l2` (N–Z). */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.SelectMenu })
export class InteractiveGamesLetterHandler extends InteractionHandler {
	public override parse(interaction: StringSelectMenuInteraction) {
		const parsed = parseCustomId(interaction.customId);
		if (!parsed || (parsed.action !== 'l1' && parsed.action !== 'l2')) return this.none();
		return this.some({ gameId: parsed.gameId, letter: interaction.values[0] ?? '' });
	}

	public override run(interaction: StringSelectMenuInteraction, { gameId, letter }: { gameId: string; letter: string }) {
		return handleGameInteraction(interaction, gameId, { type: 'letter', letter });
	}
}
