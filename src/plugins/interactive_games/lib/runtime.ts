import { container } from '@sapphire/framework';
import type { BaseMessageOptions } from 'discord.js';
import type { SassLevel } from '#shared/personality/types';
import { GameManager } from './GameManager';
import { createGame, endGame, GAME_NAMES, statChanges, type EndReason, type GameKind, type LiveGame, type Say } from './session';
import type { Difficulty } from './tictactoe';
import { renderGame } from './view';
import { gamesVoice } from './voice';
import { pickWord } from './words';

export const PLUGIN = 'interactive_games';

export interface GamesConfig {
	/** A game with no move for this long ends; the player whose turn it was loses. */
	idleSeconds: number;
	/** An unanswered challenge expires after this long. */
	challengeSeconds: number;
}

export const DEFAULT_CONFIG: GamesConfig = { idleSeconds: 300, challengeSeconds: 60 };
export const CONFIG_LIMITS = { idleSeconds: { min: 2, max: 3600 }, challengeSeconds: { min: 2, max: 600 } } as const;

/** Every live game of every type, in memory. */
export const games = new GameManager<LiveGame>();

export async function gamesConfig(guildId: string): Promise<GamesConfig> {
	const stored = await container.data.getGuildData<Partial<GamesConfig>>(guildId, PLUGIN, {});
	return { ...DEFAULT_CONFIG, ...stored };
}

export async function setGamesConfig(guildId: string, patch: Partial<GamesConfig>): Promise<GamesConfig> {
	const next = { ...(await gamesConfig(guildId)), ...patch };
	await container.data.setGuildData(guildId, PLUGIN, next);
	return next;
}

export function sayFor(userId: string, sassLevel: SassLevel): Say {
	return (category, vars) => gamesVoice.say(category, { userId, sassLevel, ...(vars ? { vars } : {}) }, '');
}

export interface StartInput {
	kind: GameKind;
	guildId: string;
	channelId: string;
	challengerId: string;
	/** The opponent chosen, if any: a user id and whether it is a bot. */
	opponent: { id: string; bot: boolean } | null;
	difficulty: Difficulty;
	category?: string | null;
}

/** Why a game cannot start, or null. */
export function refuseStart(input: StartInput, botId: string): string | null {
	const { opponent, challengerId, channelId } = input;
	if (opponent && opponent.id !== botId) {
		if (opponent.id === challengerId) return 'You cannot challenge yourself. Play Tika instead: leave the opponent out.';
		if (opponent.bot) return 'Bots cannot play. Challenge a member, or leave the opponent out to play Tika.';
	}
	const mine = games.gameOf(channelId, challengerId);
	if (mine) return `You are already in a ${GAME_NAMES[mine.kind]} game in this channel. Finish it (or forfeit) first.`;
	if (opponent && opponent.id !== botId && games.gameOf(channelId, opponent.id)) return `<@${opponent.id}> is already in a game in this channel.`;
	return null;
}

/** Registers a new game (call refuseStart first). The caller sends `renderGame(game)` and then calls `publish`. */
export function openGame(input: StartInput, botId: string): LiveGame {
	const opponentId = input.opponent && input.opponent.id !== botId ? input.opponent.id : null;
	const picked = input.kind === 'hangman' ? pickWord(input.category ?? null, input.difficulty) : null;
	const game = createGame({
		id: games.newId(),
		kind: input.kind,
		guildId: input.guildId,
		channelId: input.channelId,
		challengerId: input.challengerId,
		opponentId,
		botId,
		difficulty: input.difficulty,
		word: picked?.word,
		category: picked?.category ?? null
	});
	return games.add(game);
}

/** Notes the message carrying the game and starts its clock. */
export async function publish(game: LiveGame, messageId: string): Promise<void> {
	game.messageId = messageId;
	await armGame(game);
}

/** (Re)starts the game's clock: the challenge timeout while waiting for an answer, the idle timeout while playing. */
export async function armGame(game: LiveGame): Promise<void> {
	const config = await gamesConfig(game.guildId);
	const seconds = game.phase === 'challenge' ? config.challengeSeconds : config.idleSeconds;
	games.arm(game.id, seconds * 1000, (expired) => void expire(expired));
}

async function expire(game: LiveGame): Promise<void> {
	if (game.phase === 'over') return;
	if (game.phase === 'challenge') {
		endGame(game, 'challenge_expired');
		game.note = gamesVoice.say('game_expired', { userId: game.seats[0] ?? null }, 'This challenge has expired.');
	} else {
		const leaver = game.seats[game.turn]!;
		endGame(game, 'idle', leaver);
		if (game.vsTika) game.note = gamesVoice.say('game_tika_won', { userId: leaver, vars: { user: `<@${leaver}>` } }, '');
		else game.note = '';
	}
	await finish(game);
	await editGameMessage(game, renderGame(game));
}

/** Removes a finished game and records its result. */
export async function finish(game: LiveGame): Promise<void> {
	games.end(game.id);
	await recordStats(game);
}

export async function recordStats(game: LiveGame): Promise<void> {
	for (const { userId, field } of statChanges(game)) {
		try {
			await container.prisma.gameStat.upsert({
				where: { guildId_game_userId: { guildId: game.guildId, game: game.kind, userId } },
				create: { guildId: game.guildId, game: game.kind, userId, [field]: 1 },
				update: { [field]: { increment: 1 } }
			});
		} catch (error) {
			container.logger.error(`[interactive_games] could not record ${field} for ${userId} in ${game.guildId}`, error);
		}
	}
}

/** Edits the game's message outside an interaction (timers, feature toggles, shutdown). Failures are logged, not thrown. */
export async function editGameMessage(game: LiveGame, payload: BaseMessageOptions): Promise<void> {
	if (!game.messageId) return;
	try {
		const channel = container.client.channels.cache.get(game.channelId) ?? (await container.client.channels.fetch(game.channelId));
		if (!channel?.isTextBased()) return;
		await channel.messages.edit(game.messageId, payload);
	} catch (error) {
		container.logger.warn(`[interactive_games] could not edit the message of game ${game.id}: ${(error as Error).message}`);
	}
}

/** Ends games without a winner (feature disabled, shutdown) and shows why on their messages. */
export async function endGames(list: readonly LiveGame[], reason: Extract<EndReason, 'disabled' | 'restart'>): Promise<void> {
	for (const game of list) games.end(game.id);
	await Promise.all(
		list.map((game) => {
			endGame(game, reason);
			game.note = '';
			return editGameMessage(game, renderGame(game));
		})
	);
}
