import { Store } from '@sapphire/framework';
import { ScheduledTaskHandler } from './ScheduledTaskHandler';

/** The `scheduled-tasks` store: every plugin's `scheduled-tasks/` folder (see ScheduledTaskHandler). */
export class ScheduledTaskStore extends Store<ScheduledTaskHandler, 'scheduled-tasks'> {
	public constructor() {
		super(ScheduledTaskHandler as never, { name: 'scheduled-tasks' });
	}
}

declare module '@sapphire/pieces' {
	interface StoreRegistryEntries {
		'scheduled-tasks': ScheduledTaskStore;
	}
}
