import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ModalSubmitInteraction } from 'discord.js';
import { handleGameInteraction } from '../lib/interactions';
import { parseCustomId } from '../lib/view';
import { WORD_FIELD } from './interactiveGamesButton';

/** Hangman's full-word guess: the modal `game:<id>:wm` opened by the "Guess the word" button. */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.ModalSubmit })
export class InteractiveGamesWordModalHandler extends InteractionHandler {
	public override parse(interaction: ModalSubmitInteraction) {
		const parsed = parseCustomId(interaction.customId);
		if (!parsed || parsed.action !== 'wm') return this.none();
		return this.some({ gameId: parsed.gameId, word: interaction.fields.getTextInputValue(WORD_FIELD) });
	}

	public override run(interaction: ModalSubmitInteraction, { gameId, word }: { gameId: string; word: string }) {
		return handleGameInteraction(interaction, gameId, { type: 'word', word });
	}
}
