/** The "Remind me about this" modal: its custom id carries the message, its fields the time and an optional note. */
import type { ModalSpec } from '#shared/ui/modals';

export const ABOUT_PREFIX = 'reminders:about:';

export type AboutField = 'when' | 'note';

export function aboutModal(channelId: string, messageId: string, maxText: number): ModalSpec<AboutField> {
	return {
		customId: `${ABOUT_PREFIX}${channelId}:${messageId}`,
		title: 'Remind me about this',
		fields: [
			{ id: 'when', label: 'When', placeholder: 'in 2h, tomorrow 9am, friday 18:00…', max: 100 },
			{ id: 'note', label: 'Note (optional)', style: 'paragraph', required: false, max: Math.min(maxText, 4_000) }
		]
	};
}

/** The message the modal is about, from its custom id. */
export function parseAboutId(customId: string): { channelId: string; messageId: string } | null {
	const match = /^reminders:about:(\d{1,20}):(\d{1,20})$/.exec(customId);
	return match ? { channelId: match[1]!, messageId: match[2]! } : null;
}

export function messageUrl(guildId: string, channelId: string, messageId: string): string {
	return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}
