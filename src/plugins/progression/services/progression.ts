import { ServiceProvider } from '#core/plugins/ServiceProvider';
import { getRankSnapshot, type RankSnapshot } from '../lib/api';

/**
 * What progression offers other plugins, as `container.services.get('progression')` (undefined when progression is not
 * loaded). Consumers never import this folder: the declaration below types the service for them.
 */
export interface ProgressionService {
	/** The member's XP, level and position in the guild, buffered XP included. Per-guild enablement is the caller's check. */
	readonly rankSnapshot: (guildId: string, userId: string) => Promise<RankSnapshot>;
}

declare module '#core/plugins/services' {
	interface PluginServices {
		progression: ProgressionService;
	}
}

export class ProgressionServiceProvider extends ServiceProvider<'progression'> {
	public readonly service: ProgressionService = Object.freeze({ rankSnapshot: getRankSnapshot });
}
