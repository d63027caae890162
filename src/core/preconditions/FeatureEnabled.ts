import { ApplyOptions } from '@sapphire/decorators';
import { AllFlowsPrecondition, type Command, type Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction, ContextMenuCommandInteraction, Message } from 'discord.js';
import type { FeatureCheck } from '#core/features/FeatureManager';
import { TikaIdentifiers } from '#core/identifiers';

/**
 * The feature gate for commands: a command of a plugin that is disabled in the guild is refused with
 * `TikaIdentifiers.FeatureDisabled`, and one whose plugin is on but not configured with `FeatureNeedsSetup`; the
 * command-denied listeners turn those into replies. Global (runs for every command, no command declares it), after
 * Sapphire's own `Enabled` (position 10), so a command that is globally off is reported as such first.
 *
 * The plugin comes from where the command's file lives. Pieces outside plugins are never gated, and DMs are always
 * allowed: features are toggled per guild.
 */
@ApplyOptions<Precondition.Options>({ position: 20 })
export class FeatureEnabledPrecondition extends AllFlowsPrecondition {
	public override chatInputRun(interaction: ChatInputCommandInteraction, command: Command) {
		return this.check(interaction.guildId, command);
	}

	public override contextMenuRun(interaction: ContextMenuCommandInteraction, command: Command) {
		return this.check(interaction.guildId, command);
	}

	public override messageRun(message: Message, command: Command) {
		return this.check(message.guildId, command);
	}

	private async check(guildId: string | null, command: Command): Precondition.AsyncResult {
		if (guildId === null) return this.ok();
		const feature = this.container.plugins.pluginOf(command)?.manifest.name;
		if (!feature) return this.ok();
		let result: FeatureCheck;
		try {
			result = await this.container.features.check(guildId, feature);
		} catch (error) {
			// Neither "disabled" nor "allowed" would be true; refuse (as the router does) and say what really happened.
			this.container.logger.error(`[features] Could not check ${feature} for /${command.name} in guild ${guildId}:`, error);
			return this.error({ message: 'I could not check whether this feature is on here. Try again in a moment.', context: { feature } });
		}
		if (result.allowed) return this.ok();
		if (result.reason === 'disabled') {
			return this.error({
				identifier: TikaIdentifiers.FeatureDisabled,
				message: `The ${feature} feature is disabled in this server.`,
				context: { feature }
			});
		}
		return this.error({ identifier: TikaIdentifiers.FeatureNeedsSetup, message: result.detail, context: { feature, reason: result.detail } });
	}
}
