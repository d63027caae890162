import { ApplyOptions } from '@sapphire/decorators';
import { MessageHandler } from '#core/router/MessageHandler';

/** bench/router, every plugin on: runs after every shipped handler (XP is last of them, at 900) and counts messages. */
@ApplyOptions<MessageHandler.Options>({ priority: 10_000 })
export class BenchRouterTail extends MessageHandler {
	public run() {
		(globalThis as { benchRouterTick?: () => void }).benchRouterTick?.();
		return false;
	}
}
