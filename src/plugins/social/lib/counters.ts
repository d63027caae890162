import { container } from '@sapphire/framework';
import type { ActionName } from './actions';
import type { PairCount } from './phrasing';

/**
 * The pair counters and opt-outs. Actions are rare (a person types a command), so each one is a single upsert rather
 * than a write-behind buffer like progression's XP.
 */

/** Counts one more `action` from `fromId` to `toId` in the guild; returns the pair's new count for that action. */
export async function recordAction(guildId: string, fromId: string, toId: string, action: ActionName): Promise<number> {
	const row = await container.prisma.socialActionCount.upsert({
		where: { guildId_fromId_toId_action: { guildId, fromId, toId, action } },
		create: { guildId, fromId, toId, action, count: 1 },
		update: { count: { increment: 1 } },
		select: { count: true }
	});
	return row.count;
}

/** Every counter `userId` gave (primary-key prefix) and received (the [guildId, toId] index) in the guild. */
export async function countersOf(guildId: string, userId: string): Promise<{ given: PairCount[]; received: PairCount[] }> {
	const select = { fromId: true, toId: true, action: true, count: true } as const;
	const [given, received] = await Promise.all([
		container.prisma.socialActionCount.findMany({ where: { guildId, fromId: userId }, select }),
		container.prisma.socialActionCount.findMany({ where: { guildId, toId: userId }, select })
	]);
	return { given, received };
}

export async function isOptedOut(userId: string): Promise<boolean> {
	return (await container.prisma.socialOptOut.count({ where: { userId } })) > 0;
}

/** Opts `userId` out of (true) or back into (false) being a target; returns whether anything changed. */
export async function setOptOut(userId: string, optedOut: boolean): Promise<boolean> {
	if (!optedOut) return (await container.prisma.socialOptOut.deleteMany({ where: { userId } })).count > 0;
	try {
		await container.prisma.socialOptOut.create({ data: { userId } });
		return true;
	} catch (error) {
		if ((error as { code?: string }).code === 'P2002') return false;
		throw error;
	}
}
