import { ApplyOptions } from '@sapphire/decorators';
import { MessageHandler } from '#core/router/MessageHandler';

/** Runs last (priority 10,000): the message has been through progression's XP handler when this ticks. */
@ApplyOptions<MessageHandler.Options>({ priority: 10_000 })
export class BenchXpTickHandler extends MessageHandler {
	public run() {
		(globalThis as { benchXpTick?: () => void }).benchXpTick?.();
		return false;
	}
}
