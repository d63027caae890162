import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ModalSubmitInteraction } from 'discord.js';
import { truncate } from '#shared/ui/limits';
import { readModalFields } from '#shared/ui/modals';
import { aboutModal, messageUrl, parseAboutId } from '../lib/about';
import { refuseReminder, setReminder } from '../lib/flow';
import { settings } from '../lib/service';

/** The "Remind me about this" modal: a reminder in the message's channel, linking back to it, quoting it unless noted. */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.ModalSubmit })
export class ReminderAboutModalHandler extends InteractionHandler {
	public override parse(interaction: ModalSubmitInteraction) {
		const target = parseAboutId(interaction.customId);
		return target ? this.some(target) : this.none();
	}

	public override async run(interaction: ModalSubmitInteraction, target: InteractionHandler.ParseResult<this>) {
		const { channelId, messageId } = target;
		const read = readModalFields(interaction, aboutModal(channelId, messageId, settings().max_text));
		if (!read.ok) return refuseReminder(interaction, 'That reminder was not set.', read.errors.join('\n'));
		let text = read.values.note;
		if (!text) {
			// Quote the message so the reminder makes sense on its own; the link is there if it cannot be read.
			const message = await interaction.channel?.messages.fetch(messageId).catch(() => null);
			const content = message?.content.replace(/\s+/g, ' ').trim();
			text = content ? `“${truncate(content, 300)}”` : '';
		}
		await setReminder(interaction, {
			when: read.values.when,
			text,
			target: 'here',
			sourceUrl: messageUrl(interaction.guildId!, channelId, messageId)
		});
	}
}
