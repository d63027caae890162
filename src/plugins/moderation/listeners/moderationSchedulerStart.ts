import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { detentionScheduler } from '../lib/scheduler';

/**
 * Starts timed releases once the client is ready (guilds cached): overdue ones are released at once, noted late.
 * The scheduler is a process singleton stopped by the shutdown hook, not by this piece's unload: Sapphire unloads a
 * `once` listener right after it ran, and a plugin reload must not drop pending releases.
 */
@ApplyOptions<Listener.Options>({ event: Events.ClientReady, once: true })
export class ModerationSchedulerStartListener extends Listener<typeof Events.ClientReady> {
	public override async run() {
		this.container.lifecycle.onShutdown('moderation: detention timers', () => detentionScheduler.stop());
		await detentionScheduler.start();
	}
}
