import { container } from '@sapphire/framework';
import { ServiceProvider } from '#core/plugins/ServiceProvider';
import { chapelCount } from '../lib/stats';

/**
 * What the chapel offers other plugins, as `container.services.get('chapel')` (undefined when chapel is not loaded).
 * Progression puts the number on the member card. Whether chapel is enabled in the guild is the caller's check.
 */
export interface ChapelService {
	/** How many of the member's messages are on a chapel of the guild now. */
	readonly chapelCount: (guildId: string, userId: string) => Promise<number>;
}

declare module '#core/plugins/services' {
	interface PluginServices {
		chapel: ChapelService;
	}
}

export class ChapelServiceProvider extends ServiceProvider<'chapel'> {
	public readonly service: ChapelService = Object.freeze({
		chapelCount: (guildId: string, userId: string) => chapelCount(container.prisma, guildId, userId)
	});
}
