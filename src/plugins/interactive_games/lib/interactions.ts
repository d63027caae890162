import { container } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction, type ModalSubmitInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { recordIntrusion, voice } from '#shared/ui/voice';
import { armGame, finish, games, gamesConfig, sayFor } from './runtime';
import { tikaPlaysConnect4 } from './ai';
import { act, GAME_NAMES, tikaToMoveConnect4, type Action } from './session';
import { disabledCopy, renderGame } from './view';
import { gamesVoice } from './voice';

type GameInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/**
 * One press (button, letter menu or word modal) on a game message. Always answered within Discord's window: the
 * message is updated in the interaction response itself (type 7), refusals are ephemeral replies.
 */
export async function handleGameInteraction(interaction: GameInteraction, gameId: string, action: Action): Promise<void> {
	const userId = interaction.user.id;
	const sassLevel = await container.settings.sassLevel(interaction.guildId);
	const game = games.get(gameId);
	if (!game) {
		await interaction.reply({
			embeds: [
				SmartEmbed.error('This game has expired.', 'Start a new one with `/game`.', {
					userId,
					sassLevel,
					category: gamesVoice.category('game_expired')
				})
			],
			flags: MessageFlags.Ephemeral
		});
		// A game from before a restart: switch its controls off so nobody else tries.
		const message = interaction.message;
		if (message && message.components.length) await message.edit({ components: disabledCopy(message.components) }).catch(() => null);
		return;
	}

	const say = sayFor(userId, sassLevel);
	let outcome = act(game, userId, action, say);
	if (outcome.type === 'updated' && !outcome.ended && tikaToMoveConnect4(game)) {
		const answer = await tikaPlaysConnect4(game, say);
		// Null: the game ended while Tika thought (a forfeit or the idle timer, which answered for it); show where it is.
		if (!answer) {
			await (interaction as ButtonInteraction).update(renderGame(game, await gamesConfig(game.guildId)));
			return;
		}
		outcome = answer;
	}
	switch (outcome.type) {
		case 'stranger': {
			recordIntrusion(userId, {});
			const owners = game.seats.filter((seat) => seat && seat !== game.botId).map((seat) => `<@${seat}>`);
			const line = voice(
				'not_your_game',
				{ userId, sassLevel, vars: { owner: owners.join(' and '), game: GAME_NAMES[game.kind] } },
				'This is not your game.'
			);
			await interaction.reply({ content: `${line}\nStart your own with \`/game ${game.kind}\`.`, flags: MessageFlags.Ephemeral });
			return;
		}
		case 'not_turn':
			await interaction.reply({ content: `Not your turn: waiting for <@${outcome.waitingFor}>.`, flags: MessageFlags.Ephemeral });
			return;
		case 'refused':
			await interaction.reply({ content: outcome.message, flags: MessageFlags.Ephemeral });
			return;
		case 'updated': {
			// A finished game leaves the registry before the answer goes out, so its players can start again at once;
			// its result (two small upserts) is stored first so that /game stats is right as soon as the board says so.
			if (outcome.ended) await finish(game);
			const payload = renderGame(game, await gamesConfig(game.guildId));
			if (interaction.isModalSubmit() && !interaction.isFromMessage()) await interaction.reply(payload);
			else await (interaction as ButtonInteraction).update(payload);
			if (!outcome.ended) await armGame(game);
		}
	}
}
