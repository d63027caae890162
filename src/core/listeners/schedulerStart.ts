import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';

/**
 * Starts the durable scheduler once the client is ready (guilds cached): tasks that fell due while Tika was stopped run
 * now, marked as such. Stopped by a shutdown hook (it waits for the runs in flight), not by this piece's unload.
 */
@ApplyOptions<Listener.Options>({ event: Events.ClientReady, once: true })
export class SchedulerStartListener extends Listener<typeof Events.ClientReady> {
	public override async run() {
		const { schedule, lifecycle } = this.container;
		lifecycle.onShutdown('scheduler', () => schedule.stop());
		await schedule.start();
	}
}
