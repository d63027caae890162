import { PermissionFlagsBits, type Interaction } from 'discord.js';
import { SmartEmbed, type TikaEmbed } from '#shared/ui/embeds';
import type { FeatureCheck } from './FeatureManager';

export type FeatureRefusal = Exclude<FeatureCheck, { allowed: true }>;

/**
 * The embed for a piece refused by its feature: the seed's "Feature Disabled" embed, or a warning naming what the
 * guild still has to configure. Shared by every place that refuses (the interaction handler store here, the
 * command-denied listeners for the FeatureEnabled precondition) so that a button and a command read the same.
 */
export function featureRefusalEmbed(refusal: FeatureRefusal, options: { canManage?: boolean } = {}): TikaEmbed {
	if (refusal.reason === 'disabled') return SmartEmbed.featureDisabled(refusal.feature, { canManage: options.canManage ?? false });
	return SmartEmbed.warning('Setup needed', `The **${refusal.feature}** feature is on but not set up yet. ${refusal.detail}`);
}

/** Whether whoever triggered the interaction may toggle features here: the embed then names the exact command. */
export function canManageFeatures(interaction: Pick<Interaction, 'memberPermissions'>): boolean {
	return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
}
