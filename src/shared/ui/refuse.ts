import { container } from '@sapphire/framework';
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { AnyCategory } from '#shared/personality/types';
import { SmartEmbed } from './embeds';

/**
 * Replies (or follows up) with an in-character refusal: the title says what went wrong, `detail` how to fix it. The line
 * comes from `category`: a core one, or a plugin's own (`pluginVoice(manifest).category(...)`).
 */
export async function refuse(
	interaction: RepliableInteraction,
	title: string,
	detail: string | null,
	options: { category?: AnyCategory; ephemeral?: boolean } = {}
): Promise<void> {
	const sassLevel = interaction.guildId ? (await container.settings.get(interaction.guildId)).sassLevel : undefined;
	const embed = SmartEmbed.error(title, detail, { category: options.category ?? 'user_fault', userId: interaction.user.id, sassLevel });
	const payload = { embeds: [embed], allowedMentions: { parse: [] } };
	if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
	else await interaction.reply({ ...payload, flags: options.ephemeral === false ? undefined : MessageFlags.Ephemeral });
}
