import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord.js';

/** bench/chapel: counts reactions taken back, like benchChapelProbe counts added ones. */
@ApplyOptions<Listener.Options>({ emitter: 'ws', event: GatewayDispatchEvents.MessageReactionRemove })
export class BenchChapelProbeRemove extends Listener {
	public override run() {
		(globalThis as { benchChapelTick?: () => void }).benchChapelTick?.();
	}
}
