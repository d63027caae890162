import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { ensureReleaseTasks } from '../lib/detention';

/**
 * At start, every active timed detention gets its release task on the core scheduler if it has none (detentions from
 * before releases moved onto the scheduler, or a crash between the role change and scheduling).
 */
@ApplyOptions<Listener.Options>({ event: Events.ClientReady, once: true })
export class ModerationReleaseTasksListener extends Listener<typeof Events.ClientReady> {
	public override async run() {
		const added = await ensureReleaseTasks();
		if (added > 0) this.container.logger.info(`Moderation: scheduled ${added} timed release(s) that had no task`);
	}
}
