import { container, type StoreRegistry } from '@sapphire/framework';
import { shardsOf } from '#core/sharding/shards';
import { Scheduler } from './Scheduler';
import { ScheduledTaskStore } from './ScheduledTaskStore';

/**
 * Registers the `scheduled-tasks` store and puts the scheduler on `container.schedule`. Must run before plugin folders
 * are registered (a store only picks up folders registered after it exists). The scheduler starts claiming once the
 * client is ready (listeners/schedulerStart.ts), so handlers find the guilds cached.
 */
export function installScheduler(stores: StoreRegistry): Scheduler {
	const store = new ScheduledTaskStore();
	stores.register(store);
	const { config, db } = container;
	container.schedule = new Scheduler({
		prisma: db.prisma,
		provider: db.provider,
		config: config.scheduler,
		handlers: () => store,
		// Several shards: each claims the tasks of its own guilds (discord.js set the shards from SHARDS/SHARD_COUNT).
		shards: shardsOf(container.client),
		logger: {
			debug: (message) => container.logger.debug(message),
			warn: (message) => container.logger.warn(message),
			error: (message) => container.logger.error(message)
		}
	});
	return container.schedule;
}

declare module '@sapphire/pieces' {
	interface Container {
		/** The durable scheduler for every timed action (docs/scheduler.md). */
		schedule: Scheduler;
	}
}
