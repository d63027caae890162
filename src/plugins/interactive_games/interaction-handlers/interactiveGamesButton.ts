import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction } from 'discord.js';
import { buildModal } from '#shared/ui/modals';
import { handleGameInteraction } from '../lib/interactions';
import { games } from '../lib/runtime';
import type { Action } from '../lib/session';
import { customId, parseCustomId } from '../lib/view';

export const WORD_FIELD = 'word';

/** Game buttons: `game:<id>:a` accept, `d` decline, `f` forfeit, `m<n>` square/column, `w` open the word-guess modal. */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.Button })
export class InteractiveGamesButtonHandler extends InteractionHandler {
	public override parse(interaction: ButtonInteraction) {
		const parsed = parseCustomId(interaction.customId);
		if (!parsed) return this.none();
		const { action } = parsed;
		if (action === 'w' || action === 'a' || action === 'd' || action === 'f' || /^m\d$/.test(action)) return this.some(parsed);
		return this.none();
	}

	public override async run(interaction: ButtonInteraction, { gameId, action }: { gameId: string; action: string }) {
		if (action === 'w') {
			const game = games.get(gameId);
			// Strangers, wrong turns and expired games get their answer from the common path (no modal for them).
			if (game && game.phase === 'playing' && game.seats[game.turn] === interaction.user.id)
				return interaction.showModal(
					buildModal({
						customId: customId(gameId, 'wm'),
						title: 'Guess the word',
						fields: [{ id: WORD_FIELD, label: 'Your guess', min: 1, max: 30, placeholder: 'One word, letters only' }]
					})
				);
			return handleGameInteraction(interaction, gameId, { type: 'word', word: '' });
		}
		const parsed: Action =
			action === 'a'
				? { type: 'accept' }
				: action === 'd'
					? { type: 'decline' }
					: action === 'f'
						? { type: 'forfeit' }
						: { type: 'move', index: Number(action.slice(1)) };
		return handleGameInteraction(interaction, gameId, parsed);
	}
}
