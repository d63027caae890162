import { container } from '@sapphire/framework';

/** What /clear records; the case's action is always `clear`. */
export interface ClearCaseInput {
	guildId: string;
	moderatorId: string;
	targetId?: string;
	reason?: string;
	details: Record<string, unknown>;
}

/**
 * Records a clear as a moderation case (numbered, stored, posted to the mod log) when moderation is loaded and enabled
 * in the guild; does nothing otherwise, so server_tools works without it. Moderation's cases come through its service
 * (an optional dependency), never by importing its folder. Failures are logged, never thrown: the messages are already
 * gone and the moderator already has the summary.
 */
export async function logClearCase(input: ClearCaseInput): Promise<boolean> {
	try {
		const moderation = container.services.get('moderation');
		if (!moderation || !(await container.features.isEnabled(input.guildId, 'moderation'))) return false;
		await moderation.createCase({ ...input, action: 'clear' });
		return true;
	} catch (error) {
		container.logger.warn(`[server_tools] could not log the clear in guild ${input.guildId} as a case:`, error);
		return false;
	}
}
