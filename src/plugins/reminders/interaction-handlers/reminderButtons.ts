import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { recordIntrusion } from '#shared/ui/voice';
import { refuseReminder, voice } from '../lib/flow';
import { SNOOZES, snoozeUntil, stamp, type SnoozeChoice } from '../lib/render';
import { findReminder, now, snoozeReminder, taskKey, type Reminder } from '../lib/service';

type Action = { kind: 'snooze'; id: number; choice: SnoozeChoice } | { kind: 'done'; id: number };

/**
 * The buttons under a delivered reminder: Snooze (10 min, 1 hour, tomorrow) and, for repeats, Done (stop repeating).
 * Only the owner may press them; anyone else is turned away privately, in character. A pressed button takes the row of
 * buttons off the message, so one delivery is snoozed at most once.
 */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.Button })
export class ReminderButtonsHandler extends InteractionHandler {
	public override parse(interaction: ButtonInteraction) {
		const snooze = /^reminders:snooze:(\d{1,9}):(10m|1h|tomorrow)$/.exec(interaction.customId);
		if (snooze) return this.some<Action>({ kind: 'snooze', id: Number(snooze[1]), choice: snooze[2] as SnoozeChoice });
		const done = /^reminders:done:(\d{1,9})$/.exec(interaction.customId);
		return done ? this.some<Action>({ kind: 'done', id: Number(done[1]) }) : this.none();
	}

	public override async run(interaction: ButtonInteraction, action: Action) {
		const reminder = await findReminder(action.id);
		if (!reminder) return refuseReminder(interaction, 'This reminder does not exist any more.', 'It was cancelled or cleared.');
		if (reminder.ownerId !== interaction.user.id) return this.notYours(interaction, reminder);
		if (action.kind === 'snooze') {
			const until = snoozeUntil(action.choice, now(), reminder.zone);
			const snoozed = await snoozeReminder(reminder, until);
			await interaction.update({ components: [] });
			const how = reminder.rule ? ` (a one-off #${snoozed.id}; the repeat keeps its own schedule)` : '';
			return interaction.followUp({
				embeds: [SmartEmbed.success(`Snoozed: ${SNOOZES[action.choice]}`, `I will remind you again ${stamp(until)}${how}.`)],
				flags: MessageFlags.Ephemeral
			});
		}
		await this.container.prisma.$transaction(async (tx) => {
			await tx.reminderEntry.update({ where: { id: reminder.id }, data: { status: 'delivered' } });
			await this.container.schedule.cancel({ key: taskKey(reminder.id) }, tx);
		});
		await interaction.update({ components: [] });
		return interaction.followUp({
			embeds: [SmartEmbed.success('Repeat ended', `Reminder #${reminder.id} will not come back.`)],
			flags: MessageFlags.Ephemeral
		});
	}

	private async notYours(interaction: ButtonInteraction, reminder: Reminder) {
		const userId = interaction.user.id;
		recordIntrusion(userId, {});
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		const line = voice.say(
			'reminder_not_yours',
			{ userId, sassLevel, vars: { owner: `<@${reminder.ownerId}>` } },
			'Only the owner can use these buttons.'
		);
		return interaction.reply({ content: line, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
