import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';

/**
 * The 🗑️ button under a fix: `linkfix:delete:<poster id>`. The poster is in the id so that the button keeps working
 * after a restart and after the stored row was pruned, with no database read.
 */
const PREFIX = 'linkfix:delete:';

export function deleteButtonId(authorId: string): string {
	return `${PREFIX}${authorId}`;
}

/** The poster's id, or null for another button. */
export function parseDeleteButtonId(customId: string): string | null {
	if (!customId.startsWith(PREFIX)) return null;
	const authorId = customId.slice(PREFIX.length);
	return /^\d{15,25}$/.test(authorId) ? authorId : null;
}

export function deleteButtonRow(authorId: string): ActionRowBuilder<ButtonBuilder> {
	return new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder().setCustomId(deleteButtonId(authorId)).setEmoji('🗑️').setStyle(ButtonStyle.Secondary)
	);
}
