import type { PrismaClient } from '#core/database/index';
import { tikaEmbed } from '#shared/ui/embeds';
import { GAME_KINDS, GAME_NAMES, type GameKind } from './session';

type Db = Pick<PrismaClient, 'gameStat'>;

export const LEADERBOARD_SIZE = 10;

export async function statsEmbed(db: Db, guildId: string, userId: string) {
	const rows = await db.gameStat.findMany({ where: { guildId, userId } });
	const lines = GAME_KINDS.map((kind) => {
		const row = rows.find((entry) => entry.game === kind);
		if (!row) return `**${GAME_NAMES[kind]}:** no games yet`;
		const played = row.wins + row.losses + row.draws;
		const rate = played ? Math.round((row.wins / played) * 100) : 0;
		return `**${GAME_NAMES[kind]}:** ${row.wins} W · ${row.losses} L · ${row.draws} D (${rate}% won)`;
	});
	return tikaEmbed('info')
		.setTitle('🎮 Game stats')
		.setDescription(`<@${userId}> in this server\n\n${lines.join('\n')}`);
}

export async function leaderboardEmbed(db: Db, guildId: string, kind: GameKind) {
	const rows = await db.gameStat.findMany({
		where: { guildId, game: kind, wins: { gt: 0 } },
		orderBy: [{ wins: 'desc' }, { losses: 'asc' }, { updatedAt: 'asc' }],
		take: LEADERBOARD_SIZE
	});
	const medals = ['🥇', '🥈', '🥉'];
	const lines = rows.map(
		(row, index) => `${medals[index] ?? `**${index + 1}.**`} <@${row.userId}>: ${row.wins} W · ${row.losses} L · ${row.draws} D`
	);
	return tikaEmbed('info')
		.setTitle(`🏆 ${GAME_NAMES[kind]} leaderboard`)
		.setDescription(lines.length ? lines.join('\n') : `Nobody has won a game of ${GAME_NAMES[kind]} here yet.`);
}
