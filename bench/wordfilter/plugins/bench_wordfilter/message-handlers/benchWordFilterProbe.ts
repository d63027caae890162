import { ApplyOptions } from '@sapphire/decorators';
import { MessageHandler } from '#core/router/MessageHandler';

/** bench/wordfilter: runs after every other handler (the filter runs at 5) and counts messages for the worker. */
@ApplyOptions<MessageHandler.Options>({ priority: 1_000 })
export class BenchWordFilterProbe extends MessageHandler {
	public run() {
		(globalThis as { benchWordFilterTick?: () => void }).benchWordFilterTick?.();
		return false;
	}
}
