import { ApplyOptions } from '@sapphire/decorators';
import type { Message } from 'discord.js';
import { MessageHandler } from '#core/router/MessageHandler';
import { activityCounter, FLUSH_INTERVAL_MS } from '../lib/activity';
import { prismaSink, pruneActivity } from '../lib/activityStore';

/**
 * Counts every guild message the router sees (per UTC day and channel) for /serverstats, then lets routing go on:
 * it never handles a message. Priority 0 so a filter that swallows a message later still leaves it counted.
 * Counts are written every minute and once more at shutdown.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 0, edits: false, dms: false })
export class ServerToolsActivityHandler extends MessageHandler {
	#timer: NodeJS.Timeout | null = null;
	#unregister: (() => void) | null = null;
	#prunedDay = '';

	public run(message: Message, context: MessageHandler.Context): false {
		if (context.guildId) activityCounter.record(context.guildId, message.channelId, message.createdTimestamp);
		return false;
	}

	public override onLoad() {
		this.#timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
		this.#timer.unref();
		this.#unregister = this.container.lifecycle.onShutdown('server_tools:activity', () => this.flush());
		return super.onLoad();
	}

	public override async onUnload() {
		if (this.#timer) clearInterval(this.#timer);
		this.#unregister?.();
		await this.flush();
		return super.onUnload();
	}

	private async flush(): Promise<void> {
		const { prisma, logger } = this.container;
		try {
			await activityCounter.flush(prismaSink(prisma));
			const today = new Date().toISOString().slice(0, 10);
			if (this.#prunedDay !== today) {
				this.#prunedDay = today;
				await pruneActivity(prisma, Date.now());
			}
		} catch (error) {
			logger.warn('[server_tools] could not write activity counts (kept in memory, retried next minute):', error);
		}
	}
}
