import { container } from '@sapphire/framework';
import { socialClock } from './clock';
import { nextRepAt, repCutoff } from './repWindow';

export type RepResult = { given: true; total: number } | { given: false; nextAt: Date };

/**
 * Gives `receiverId` one reputation point from `giverId`, at most once per rolling 24 hours per giver and guild.
 * The claim is one conditional update (or the first insert) on the giver's row, atomic on SQLite and PostgreSQL alike,
 * so two simultaneous /rep from the same giver never both pass. Self-rep and bots are the command's refusals.
 */
export async function giveRep(guildId: string, giverId: string, receiverId: string): Promise<RepResult> {
	const { prisma } = container;
	const now = socialClock().now();
	const at = new Date(now);
	const key = { guildId_giverId: { guildId, giverId } };
	const claimed = await prisma.socialRepGiver.updateMany({
		where: { guildId, giverId, lastGivenAt: { lte: repCutoff(now) } },
		data: { lastGivenAt: at }
	});
	if (claimed.count === 0) {
		const existing = await prisma.socialRepGiver.findUnique({ where: key, select: { lastGivenAt: true } });
		if (existing) return { given: false, nextAt: nextRepAt(existing.lastGivenAt) };
		try {
			await prisma.socialRepGiver.create({ data: { guildId, giverId, lastGivenAt: at } });
		} catch (error) {
			if ((error as { code?: string }).code !== 'P2002') throw error;
			// Another /rep from the same giver created the row a moment ago: that one counts, this one waits.
			const winner = await prisma.socialRepGiver.findUnique({ where: key, select: { lastGivenAt: true } });
			return { given: false, nextAt: nextRepAt(winner?.lastGivenAt ?? at) };
		}
	}
	await prisma.socialRep.create({ data: { guildId, giverId, receiverId, createdAt: at } });
	return { given: true, total: await reputationOf(guildId, receiverId) };
}

/** Reputation points `userId` received in the guild (the [guildId, receiverId] index). */
export function reputationOf(guildId: string, userId: string): Promise<number> {
	return container.prisma.socialRep.count({ where: { guildId, receiverId: userId } });
}
