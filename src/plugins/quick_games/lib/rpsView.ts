import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { SassLevel } from '#shared/personality/types';
import { tikaEmbed, type TikaEmbed } from '#shared/ui/embeds';
import { pluginVoice } from '#shared/personality/plugins';
import plugin from '../plugin';
import { explain, RPS_CHOICES, RPS_EMOJI, rpsOutcome, showChoice, type RpsChoice } from './rps';
import { rpsCustomId, type RpsMatch } from './rpsMatches';

const TITLE = '🪨📄✂️ Rock, paper, scissors';

/** Tika's lines for quick games, from this plugin's personality.yml. */
export const quickGamesVoice = pluginVoice(plugin);

export function rpsButtons(matchId: string): ActionRowBuilder<ButtonBuilder>[] {
	return [
		new ActionRowBuilder<ButtonBuilder>().addComponents(
			RPS_CHOICES.map((choice) =>
				new ButtonBuilder()
					.setCustomId(rpsCustomId(matchId, choice))
					.setEmoji(RPS_EMOJI[choice])
					.setLabel(choice[0]!.toUpperCase() + choice.slice(1))
					.setStyle(ButtonStyle.Secondary)
			)
		)
	];
}

/** The open challenge: who plays, who has chosen (never what), when it expires. */
export function challengeEmbed(match: RpsMatch, botId: string, note?: string): TikaEmbed {
	const vsTika = match.opponentId === botId;
	const status = (userId: string) => `<@${userId}>: ${match.choices.has(userId) ? '✅ has chosen' : '⏳ choosing…'}`;
	const lines = vsTika
		? [`<@${match.challengerId}>, pick your move. I already picked mine (no peeking).`]
		: [
				`<@${match.challengerId}> challenges <@${match.opponentId}>!`,
				'Both of you pick a button below. Choices stay secret until both are in.',
				'',
				status(match.challengerId),
				status(match.opponentId)
			];
	if (note) lines.push('', note);
	lines.push('', `Expires <t:${Math.ceil(match.expiresAt / 1000)}:R>.`);
	return tikaEmbed('brand').setTitle(TITLE).setDescription(lines.join('\n'));
}

/** The reveal between two members. */
export function duelResultEmbed(match: RpsMatch): TikaEmbed {
	const a = match.choices.get(match.challengerId)!;
	const b = match.choices.get(match.opponentId)!;
	const outcome = rpsOutcome(a, b);
	const verdict = outcome === 'draw' ? "**It's a draw!**" : `**<@${outcome === 'win' ? match.challengerId : match.opponentId}> wins!**`;
	return tikaEmbed(outcome === 'draw' ? 'info' : 'success')
		.setTitle(TITLE)
		.setDescription(
			[`<@${match.challengerId}>: ${showChoice(a)}`, `<@${match.opponentId}>: ${showChoice(b)}`, '', explain(a, b), verdict].join('\n')
		);
}

/** The result against Tika, with her comment on it. */
export function tikaResultEmbed(userId: string, player: RpsChoice, tika: RpsChoice, sassLevel: SassLevel | undefined): TikaEmbed {
	const outcome = rpsOutcome(player, tika);
	const category = outcome === 'draw' ? 'rps_draw' : outcome === 'win' ? 'rps_tika_lost' : 'rps_tika_won';
	const fallback = outcome === 'draw' ? "It's a draw." : outcome === 'win' ? 'You win.' : 'I win.';
	const line = quickGamesVoice.say(category, { userId, ...(sassLevel ? { sassLevel } : {}), vars: { game: 'rock, paper, scissors' } }, fallback);
	const verdict = outcome === 'draw' ? "**It's a draw!**" : outcome === 'win' ? `**<@${userId}> wins!**` : '**Tika wins!**';
	return tikaEmbed(outcome === 'draw' ? 'info' : outcome === 'win' ? 'success' : 'warning')
		.setTitle(TITLE)
		.setDescription(
			[`<@${userId}>: ${showChoice(player)}`, `Tika: ${showChoice(tika)}`, '', explain(player, tika), verdict, '', line].join('\n')
		);
}

/** What the challenge message becomes when time runs out: who did not choose, no buttons. */
export function expiredEmbed(match: RpsMatch, sassLevel: SassLevel | undefined): TikaEmbed {
	const missing = [match.challengerId, match.opponentId].filter((id) => !match.choices.has(id)).map((id) => `<@${id}>`);
	const line = quickGamesVoice.say('match_expired', sassLevel ? { sassLevel } : {}, 'This match has expired.');
	return tikaEmbed('disabled')
		.setTitle(`${TITLE} (expired)`)
		.setDescription([`⌛ Nobody won: ${missing.join(' and ')} did not choose in time.`, '', line].join('\n'));
}
