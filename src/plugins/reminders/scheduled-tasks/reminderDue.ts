import { ApplyOptions } from '@sapphire/decorators';
import { container } from '@sapphire/framework';
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type MessageCreateOptions } from 'discord.js';
import { ScheduledTaskHandler } from '#core/scheduler/ScheduledTaskHandler';
import type { ScheduledTask, TaskContext, TaskOutcome } from '#core/scheduler/types';
import { pluginVoice } from '#shared/personality/plugins';
import plugin from '../plugin';
import { deliveryMessage, punctuality } from '../lib/render';
import { nextOccurrence } from '../lib/repeat';
import { findReminder, now, settings, type DuePayload, type Reminder } from '../lib/service';

const voice = pluginVoice(plugin);

/** Discord's answers that mean "not there / not allowed": fall back to DMs (or give up on DMs) instead of retrying. */
const UNREACHABLE = new Set<number | string>([
	RESTJSONErrorCodes.UnknownChannel,
	RESTJSONErrorCodes.MissingAccess,
	RESTJSONErrorCodes.MissingPermissions,
	RESTJSONErrorCodes.CannotSendMessagesToThisUser,
	RESTJSONErrorCodes.UnknownUser,
	RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel
]);

const unreachable = (error: unknown) => error instanceof DiscordAPIError && UNREACHABLE.has(error.code);

interface StatusWrite {
	reminder: Reminder;
	status: 'pending' | 'delivered' | 'undeliverable';
	next: Date | null;
}

/**
 * A delivery's status (unsent: it joins the scheduler's transaction), written only if nobody changed the reminder
 * meanwhile (Done, an edit, a cancel during the delivery: theirs wins, and those replace or cancel the task as well,
 * so the task's outcome then matches nothing). The deliveries that end in the same turn share one transaction.
 */
const statusWrite = ({ reminder, status, next }: StatusWrite) =>
	container.prisma.reminderEntry.updateMany({
		where: { id: reminder.id, updatedAt: reminder.updatedAt },
		data: { status, ...(next ? { dueAt: next } : {}) }
	});

/**
 * Delivers a reminder or timer (task kind `reminderDue`). In its channel when it can (else by DM); by DM when asked;
 * when both fail the reminder is kept and shown as undeliverable. Every message carries the run's nonce with
 * enforce_nonce, so a retry after a crash mid-delivery gets the first message back instead of posting twice. A repeat
 * returns its next occurrence (the same task row runs again then).
 */
@ApplyOptions<ScheduledTaskHandler.Options>({ name: 'reminderDue' })
export class ReminderDueTask extends ScheduledTaskHandler<DuePayload> {
	/** Reminders read for claimed runs by `prepare`, by the run's task (the same object reaches `run`; nothing lingers). */
	readonly #prefetched = new WeakMap<ScheduledTask<DuePayload>, Reminder | null>();

	/** The reminders of a claimed burst in one query rather than one per delivery. */
	public override async prepare(tasks: readonly ScheduledTask<DuePayload>[]): Promise<void> {
		const rows = await this.container.prisma.reminderEntry.findMany({ where: { id: { in: tasks.map((task) => task.payload.reminderId) } } });
		const byId = new Map(rows.map((row) => [row.id, row]));
		for (const task of tasks) this.#prefetched.set(task, byId.get(task.payload.reminderId) ?? null);
	}

	public override async run(task: ScheduledTask<DuePayload>, context: TaskContext): Promise<TaskOutcome> {
		const prefetched = this.#prefetched.get(task);
		this.#prefetched.delete(task);
		const reminder = prefetched === undefined ? await findReminder(task.payload.reminderId) : prefetched;
		if (!reminder || reminder.status === 'delivered') return;

		const { missed_after_minutes: missedAfter } = settings();
		const timing = punctuality(context.lateByMs, context.dueWhileStopped, missedAfter * 60_000);
		const at = now();
		const next = reminder.rule ? nextOccurrence(reminder.rule, reminder.zone, at) : null;
		const sassLevel = await this.container.settings.sassLevel(reminder.guildId);
		const line = voice.say(reminder.kind === 'timer' ? 'timer_done' : 'reminder_due', { userId: reminder.ownerId, sassLevel }, 'Reminder.');
		const message = (inDm: boolean): MessageCreateOptions => ({
			...deliveryMessage({ reminder, line, punctuality: timing, next, inDm }),
			nonce: context.nonce,
			enforceNonce: true
		});

		const delivered =
			(reminder.target === 'here' && (await this.sendInChannel(reminder, message(false)))) || (await this.sendDm(reminder, message(true)));
		if (!delivered)
			this.container.logger.info(`[reminders] reminder #${reminder.id} of ${reminder.ownerId} is undeliverable (channel and DMs closed)`);
		if (timing.kind !== 'on_time')
			this.container.logger.info(`[reminders] reminder #${reminder.id} delivered ${timing.kind} by ${Math.round(timing.byMs / 1000)}s`);

		// The reminder's status and its task's outcome commit together: a shutdown between the two can never leave a
		// delivered one-off with its task still pending, nor a repeat moved on with its task still on this occurrence.
		if (next)
			await context.rescheduleWith({ rescheduleAt: next }, statusWrite({ reminder, status: delivered ? 'pending' : 'undeliverable', next }));
		else await context.finishWith(statusWrite({ reminder, status: delivered ? 'delivered' : 'undeliverable', next }));
	}

	/** True when posted; false when the channel is gone or closed to Tika (then DMs are tried). Other errors retry. */
	private async sendInChannel(reminder: Reminder, message: MessageCreateOptions): Promise<boolean> {
		const channel = await this.container.client.channels.fetch(reminder.channelId).catch((error: unknown) => {
			if (unreachable(error)) return null;
			throw error;
		});
		if (!channel?.isSendable()) return false;
		if (!channel.isDMBased()) {
			const me = channel.guild.members.me;
			const required = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;
			if (me && !channel.permissionsFor(me)?.has(required)) return false;
		}
		try {
			await channel.send(message);
			return true;
		} catch (error) {
			if (unreachable(error)) return false;
			throw error;
		}
	}

	private async sendDm(reminder: Reminder, message: MessageCreateOptions): Promise<boolean> {
		try {
			const user = await this.container.client.users.fetch(reminder.ownerId);
			await user.send(message);
			return true;
		} catch (error) {
			if (unreachable(error)) return false;
			throw error;
		}
	}
}
