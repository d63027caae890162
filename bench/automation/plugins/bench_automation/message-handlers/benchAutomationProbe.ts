import { ApplyOptions } from '@sapphire/decorators';
import { MessageHandler } from '#core/router/MessageHandler';

/** bench/automation: runs after every other handler (auto-replies and link fixing never end routing) and counts messages. */
@ApplyOptions<MessageHandler.Options>({ priority: 1_000 })
export class BenchAutomationProbe extends MessageHandler {
	public run() {
		(globalThis as { benchAutomationTick?: () => void }).benchAutomationTick?.();
		return false;
	}
}
