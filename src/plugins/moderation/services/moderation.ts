import { ServiceProvider } from '#core/plugins/ServiceProvider';
import { createCase, type CaseRecord, type NewCase } from '../lib/cases';

/**
 * What moderation offers other plugins, as `container.services.get('moderation')` (undefined when moderation is not
 * loaded). Consumers never import this folder: the declaration below types the service for them.
 */
export interface ModerationService {
	/** Records a case: the guild's next number, stored, posted to the mod log. Per-guild enablement is the caller's check. */
	readonly createCase: (input: NewCase) => Promise<CaseRecord>;
}

declare module '#core/plugins/services' {
	interface PluginServices {
		moderation: ModerationService;
	}
}

export class ModerationServiceProvider extends ServiceProvider<'moderation'> {
	public readonly service: ModerationService = Object.freeze({ createCase });
}
