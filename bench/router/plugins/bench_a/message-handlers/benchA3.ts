import { ApplyOptions } from '@sapphire/decorators';
import { MessageHandler } from '#core/router/MessageHandler';

/** bench/router: a handler that does nothing, so the benchmark measures the router itself. */
@ApplyOptions<MessageHandler.Options>({ priority: 30 })
export class BenchA3 extends MessageHandler {
	public run() {
		return false;
	}
}
