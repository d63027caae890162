import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { chapel } from '../lib/runtime';

/** Loads every chapel once at start-up, so the first reaction is answered from memory like the others. */
@ApplyOptions<Listener.Options>({ event: Events.ClientReady, once: true })
export class ChapelLoadListener extends Listener<typeof Events.ClientReady> {
	public override async run() {
		await chapel()
			.ready()
			?.catch((error: unknown) => this.container.logger.error('[chapel] could not load the chapels:', error));
	}
}
