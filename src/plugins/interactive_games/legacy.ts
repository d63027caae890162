/**
 * The old bot's game results (see docs/legacy-import.md):
 *
 * guilds/<guild>/interactive_games.json
 *   { "stats": { "<user id>": { "tictactoe": { "wins": 3, "losses": 1, "draws": 2 }, "connect4": {…}, "hangman": {…} } } }
 *
 * One GameStat row per member and game, as /game stats and /game leaderboard read them. Live games are not kept.
 */
import { z } from 'zod';
import { defineLegacyImporter, legacyId } from '#core/legacy/types';

const snowflake = legacyId;
const count = z.number().int().nonnegative();
const record = z.strictObject({ wins: count.default(0), losses: count.default(0), draws: count.default(0) });

const schema = z.strictObject({
	stats: z.record(snowflake, z.strictObject({ tictactoe: record.optional(), connect4: record.optional(), hangman: record.optional() })).optional()
});

export default defineLegacyImporter({
	name: 'interactive_games',
	plugin: 'interactive_games',
	guild: {
		schema,
		async import(data, context) {
			for (const [userId, games] of Object.entries(data.stats ?? {})) {
				for (const [game, result] of Object.entries(games)) {
					if (!result) continue;
					await context.put(
						'GameStat',
						{ guildId: context.id, game, userId },
						result,
						`${userId} ${game} ${result.wins}/${result.losses}/${result.draws}`
					);
				}
			}
		}
	}
});
