import type { PrismaClient } from '#core/database/index';
import { dayKey, DAY_MS, RETENTION_DAYS, type ActivityBucket, type ActivitySink } from './activity';

/** Upserts per bucket with `increment`, in one transaction so a flush is all-or-nothing (and the counter retries). */
export function prismaSink(prisma: PrismaClient): ActivitySink {
	return async (buckets: ActivityBucket[]) => {
		await prisma.$transaction(
			buckets.map(({ guildId, day, channelId, messages }) =>
				prisma.channelActivity.upsert({
					where: { guildId_day_channelId: { guildId, day, channelId } },
					create: { guildId, day, channelId, messages },
					update: { messages: { increment: messages } }
				})
			)
		);
	};
}

/** The stored rows of a guild from `days` days ago on. */
export async function loadActivity(prisma: PrismaClient, guildId: string, days: number, now: number): Promise<ActivityBucket[]> {
	const from = dayKey(now - (days - 1) * DAY_MS);
	return prisma.channelActivity.findMany({ where: { guildId, day: { gte: from } } });
}

/** Deletes rows past the retention window; returns how many went. */
export async function pruneActivity(prisma: PrismaClient, now: number): Promise<number> {
	const { count } = await prisma.channelActivity.deleteMany({ where: { day: { lt: dayKey(now - RETENTION_DAYS * DAY_MS) } } });
	return count;
}
