import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { recordIntrusion, voice } from '#shared/ui/voice';
import { isRpsChoice, showChoice, type RpsChoice } from '../lib/rps';
import { parseRpsCustomId, rpsMatches } from '../lib/rpsMatches';
import { challengeEmbed, duelResultEmbed, quickGamesVoice, tikaResultEmbed } from '../lib/rpsView';

/**
 * The rock/paper/scissors buttons (`rps:<match>:<choice>`). Each player's press is acknowledged privately; the public
 * message only learns *that* they chose. The second press reveals both moves; strangers are turned away privately.
 */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.Button })
export class QuickGamesRpsButtonHandler extends InteractionHandler {
	public override parse(interaction: ButtonInteraction) {
		const parsed = parseRpsCustomId(interaction.customId);
		if (!parsed || !isRpsChoice(parsed.choice)) return this.none();
		return this.some({ matchId: parsed.matchId, choice: parsed.choice as RpsChoice });
	}

	public override async run(interaction: ButtonInteraction, { matchId, choice }: { matchId: string; choice: RpsChoice }) {
		const botId = this.container.client.user!.id;
		const userId = interaction.user.id;
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		const pick = rpsMatches.pick(matchId, userId, choice);
		const secret = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });

		switch (pick.kind) {
			case 'unknown':
				return interaction.reply({
					embeds: [
						SmartEmbed.error('This match is over.', 'Start a new one with `/rps`.', {
							userId,
							sassLevel,
							category: quickGamesVoice.category('match_expired')
						})
					],
					flags: MessageFlags.Ephemeral
				});
			case 'stranger': {
				recordIntrusion(userId, {});
				const line = voice('not_your_game', { userId, sassLevel, vars: { game: 'rock, paper, scissors' } }, 'This is not your game.');
				return secret(
					`${line}\nThis match is between <@${pick.match.challengerId}> and <@${pick.match.opponentId}>. Start your own with \`/rps\`.`
				);
			}
			case 'already':
				return secret(`You already chose ${showChoice(pick.choice)}. No take-backs. Waiting for the other player.`);
			case 'waiting':
				await secret(`You chose ${showChoice(choice)}. Only you can see this; waiting for <@${pick.waitingFor}>.`);
				return interaction.message.edit({ embeds: [challengeEmbed(pick.match, botId)] });
			case 'done': {
				const { match } = pick;
				const embed =
					match.opponentId === botId
						? tikaResultEmbed(match.challengerId, match.choices.get(match.challengerId)!, match.choices.get(botId)!, sassLevel)
						: duelResultEmbed(match);
				return interaction.update({ content: '', embeds: [embed], components: [] });
			}
		}
	}
}
