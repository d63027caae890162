import { ApplyOptions } from '@sapphire/decorators';
import { MessageHandler } from '#core/router/MessageHandler';

/** bench/router: the last of the 10 handlers; counts messages so the worker knows when the run is over. */
@ApplyOptions<MessageHandler.Options>({ priority: 99 })
export class BenchC3 extends MessageHandler {
	public run() {
		(globalThis as { benchRouterTick?: () => void }).benchRouterTick?.();
		return false;
	}
}
