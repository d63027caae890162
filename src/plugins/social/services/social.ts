import { ServiceProvider } from '#core/plugins/ServiceProvider';
import { reputationOf } from '../lib/reputation';

/**
 * What social offers other plugins, as `container.services.get('social')` (undefined when social is not loaded).
 * Progression's profile card asks it for the reputation count; consumers never import this folder.
 */
export interface SocialService {
	/** Reputation points the member received in the guild. Per-guild enablement is the caller's check. */
	readonly reputation: (guildId: string, userId: string) => Promise<number>;
}

declare module '#core/plugins/services' {
	interface PluginServices {
		social: SocialService;
	}
}

export class SocialServiceProvider extends ServiceProvider<'social'> {
	public readonly service: SocialService = Object.freeze({ reputation: reputationOf });
}
