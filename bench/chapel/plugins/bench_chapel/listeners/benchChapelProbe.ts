import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord.js';

/** bench/chapel: counts every reaction event (added or removed) for the worker. */
@ApplyOptions<Listener.Options>({ emitter: 'ws', event: GatewayDispatchEvents.MessageReactionAdd })
export class BenchChapelProbe extends Listener {
	public override run() {
		(globalThis as { benchChapelTick?: () => void }).benchChapelTick?.();
	}
}
