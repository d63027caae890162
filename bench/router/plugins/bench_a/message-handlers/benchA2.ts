import { ApplyOptions } from '@sapphire/decorators';
import { MessageHandler } from '#core/router/MessageHandler';

/** bench/router: a handler that does nothing, so the benchmark measures the router itself. */
@ApplyOptions<MessageHandler.Options>({ priority: 20 })
export class BenchA2 extends MessageHandler {
	public run() {
		return false;
	}
}
