import { container } from '@sapphire/framework';
import { randomInt } from 'node:crypto';
import type { User } from 'discord.js';
import { RPS_CHOICES, type RpsChoice } from './rps';
import { rpsMatches, type RpsMatch } from './rpsMatches';
import { challengeEmbed, expiredEmbed, rpsButtons } from './rpsView';

/** Tika's move: uniformly random, decided before the player's button press is seen. */
export function tikaChoice(): RpsChoice {
	return RPS_CHOICES[randomInt(RPS_CHOICES.length)]!;
}

/** Why an opponent cannot be challenged, or null when they can. `null` opponent means Tika. */
export function refuseOpponent(challenger: User, opponent: User | null, botId: string): string | null {
	if (!opponent || opponent.id === botId) return null;
	if (opponent.id === challenger.id) return 'You cannot challenge yourself. Pick someone else, or play me.';
	if (opponent.bot) return 'Other bots do not play rock, paper, scissors with me. Challenge a person, or play me.';
	return null;
}

/** Opens a button match (against a member, or against Tika when no choice was given) and arms its expiry. */
export function openMatch(input: { guildId: string | null; channelId: string; challengerId: string; opponentId: string }, botId: string) {
	const match = rpsMatches.create(input);
	// Against Tika her move is fixed up front, so the outcome cannot depend on the player's press.
	if (match.opponentId === botId) match.choices.set(botId, tikaChoice());
	return { match, payload: (note?: string) => ({ embeds: [challengeEmbed(match, botId, note)], components: rpsButtons(match.id) }) };
}

/** Starts the expiry clock once the challenge message exists. */
export function armMatch(match: RpsMatch, messageId: string): void {
	match.messageId = messageId;
	rpsMatches.arm(match, async (expired) => {
		try {
			const sassLevel = await container.settings.sassLevel(expired.guildId);
			const channel = await container.client.channels.fetch(expired.channelId);
			if (channel?.isTextBased() && expired.messageId)
				await channel.messages.edit(expired.messageId, { content: '', embeds: [expiredEmbed(expired, sassLevel)], components: [] });
		} catch (error) {
			container.logger.warn(`[quick_games] could not mark rock-paper-scissors match ${expired.id} as expired:`, error);
		}
	});
}
