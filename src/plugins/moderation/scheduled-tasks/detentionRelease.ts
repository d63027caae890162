import { ScheduledTaskHandler } from '#core/scheduler/ScheduledTaskHandler';
import type { ScheduledTask, TaskContext, TaskOutcome } from '#core/scheduler/types';
import { releaseMember } from '../lib/detention';

/** How long to wait before trying again when the bot is not (yet) in the detention's server. */
const GUILD_MISSING_RETRY_MS = 5 * 60 * 1000;

/**
 * A timed detention's release, run by the core scheduler (lib/detention.ts schedules it). A release that fell due
 * while the bot was stopped runs at start and is recorded as late. Releases run even where the moderation feature was
 * switched off since: nobody should stay jailed because a feature was toggled.
 */
export class DetentionReleaseTask extends ScheduledTaskHandler<{ detentionId: number }> {
	public override async run(task: ScheduledTask<{ detentionId: number }>, context: TaskContext): Promise<TaskOutcome> {
		const { prisma, client } = this.container;
		const row = await prisma.detention.findUnique({ where: { id: task.payload.detentionId } });
		if (!row || row.releasedAt || !row.releaseAt) return;
		// Moved later since (a longer sentence): run then instead.
		if (row.releaseAt.getTime() > Date.now()) return { rescheduleAt: row.releaseAt };
		const guild = client.guilds.cache.get(row.guildId);
		if (!guild) return { retryInMs: GUILD_MISSING_RETRY_MS, reason: `not in server ${row.guildId} (now)` };
		const result = await releaseMember(guild, row.userId, {
			moderatorId: client.user!.id,
			late: context.dueWhileStopped,
			source: 'timer'
		});
		if (result.ok) return;
		// Released meanwhile by a moderator: nothing left to do. Anything else (Discord refused the role change) is a
		// failure: retried with backoff, then kept as a dead letter with the reason.
		const still = await prisma.detention.findUnique({ where: { id: row.id }, select: { releasedAt: true } });
		if (!still || still.releasedAt) return;
		throw new Error(`timed release of ${row.userId} in ${row.guildId} failed: ${result.reason}`);
	}
}
