/** What reminders look like: confirmations, list entries, refusals and the delivered message. */
import {
	ButtonStyle,
	ComponentType,
	type APIActionRowComponent,
	type APIButtonComponent,
	time,
	TimestampStyles,
	type MessageCreateOptions,
	type SlashCommandStringOption
} from 'discord.js';
import { tikaEmbed } from '#shared/ui/embeds';
import { truncate } from '#shared/ui/limits';
import { formatDuration } from './duration';
import { describeRule } from './repeat';
import type { PlanRefusal } from './when';
import { floatingAt, instantOf } from './zones';

/** The parts of a reminder row these functions read. */
export interface ReminderView {
	id: number;
	ownerId: string;
	channelId: string;
	target: string;
	kind: string;
	text: string;
	sourceUrl: string | null;
	rule: string | null;
	dueAt: Date;
	status: string;
	createdAt: Date;
}

/** `<t:…:F> (<t:…:R>)`: the absolute time in the reader's own zone, and how far away it is. */
export function stamp(date: Date): string {
	const seconds = Math.floor(date.getTime() / 1000);
	return `${time(seconds, TimestampStyles.LongDateTime)} (${time(seconds, TimestampStyles.RelativeTime)})`;
}

export function whereText(reminder: Pick<ReminderView, 'target' | 'channelId'>): string {
	return reminder.target === 'dm' ? 'your DMs' : `<#${reminder.channelId}>`;
}

/** One entry of /reminders list. */
export function listEntry(reminder: ReminderView): string {
	const kind = reminder.kind === 'timer' ? '⏱️' : reminder.rule ? '🔁' : '⏰';
	const parts = [`${kind} **#${reminder.id}** · ${stamp(reminder.dueAt)} · ${whereText(reminder)}`];
	if (reminder.rule) parts.push(`Repeats ${describeRule(reminder.rule)}.`);
	if (reminder.status === 'undeliverable') parts.push('⚠️ **Undeliverable**: I could not post it there nor DM you. Open your DMs or edit it.');
	parts.push(`> ${truncate(reminder.text.replace(/\s+/g, ' '), 120)}`);
	return parts.join('\n');
}

/** Autocomplete label for a reminder: "#12 · every Monday at 09:00 · buy milk". */
export function choiceLabel(reminder: ReminderView, zone: string): string {
	const local = floatingAt(reminder.dueAt, zone).toISOString().slice(0, 16).replace('T', ' ');
	return `#${reminder.id} · ${reminder.rule ? describeRule(reminder.rule) : local} · ${reminder.text.replace(/\s+/g, ' ')}`;
}

export interface RefusalLimits {
	horizonYears: number;
	minRepeatMinutes: number;
}

const EXAMPLES = '`in 2h30m`, `tomorrow 9am`, `next friday 18:00`, `dec 24 8pm`, `every monday 9am`';
const REPEAT_EXAMPLES = '`daily`, `every 2 weeks`, `every weekday`, `every monday 9am`, `every month on the 15th`';

/** The title and the fix for a refused time. */
export function refusalText(refusal: PlanRefusal, input: string, limits: RefusalLimits, zone: string): { title: string; detail: string } {
	const quoted = `\`${truncate(input.replace(/`/g, 'ˋ'), 100)}\``;
	switch (refusal) {
		case 'unparseable':
			return { title: `I cannot read ${quoted} as a time.`, detail: `Try something like ${EXAMPLES}. Times are read in ${zone}.` };
		case 'past':
			return {
				title: `${quoted} is in the past.`,
				detail: `Pick a time after now (times are read in ${zone}; \`/timezone set\` changes that).`
			};
		case 'horizon':
			return { title: `${quoted} is too far away.`, detail: `Reminders can be at most ${limits.horizonYears} years ahead.` };
		case 'repeat_unparseable':
			return { title: `I cannot read ${quoted} as a repeat.`, detail: `Try ${REPEAT_EXAMPLES}.` };
		case 'repeat_twice':
			return { title: 'The repeat is given twice.', detail: 'Put the repeat either in `when` ("every monday 9am") or in `repeat`, not both.' };
		case 'repeat_too_often':
			return { title: `${quoted} repeats too often.`, detail: `A repeat needs at least ${limits.minRepeatMinutes} minutes between reminders.` };
	}
}

export type Punctuality = { kind: 'on_time' } | { kind: 'late'; byMs: number } | { kind: 'missed'; byMs: number };

/** How late counts as "late": a scheduler's own lag under load is not worth a note. */
export const LATE_AFTER_MS = 60_000;

/** On time, late ("late by 5m") or missed (later than the grace window, e.g. after a long downtime). */
export function punctuality(lateByMs: number, dueWhileStopped: boolean, missedAfterMs: number): Punctuality {
	if (lateByMs > missedAfterMs) return { kind: 'missed', byMs: lateByMs };
	if (dueWhileStopped || lateByMs >= LATE_AFTER_MS) return { kind: 'late', byMs: lateByMs };
	return { kind: 'on_time' };
}

export const SNOOZES = { '10m': '10 min', '1h': '1 hour', tomorrow: 'Tomorrow' } as const;
export type SnoozeChoice = keyof typeof SNOOZES;
export const SNOOZE_PREFIX = 'reminders:snooze:';
export const DONE_PREFIX = 'reminders:done:';

/** When a snooze ends: 10 minutes or an hour from now, or the same local time tomorrow (in the reminder's zone). */
export function snoozeUntil(choice: SnoozeChoice, now: Date, zone: string): Date {
	if (choice === '10m') return new Date(now.getTime() + 10 * 60_000);
	if (choice === '1h') return new Date(now.getTime() + 3_600_000);
	return instantOf(new Date(floatingAt(now, zone).getTime() + 86_400_000), zone);
}

/**
 * Snooze (and, on a repeat, Done) buttons. Plain API objects rather than builders: this runs for every delivery, and a
 * burst of deliveries should not pay the builders' validation for a row whose shape never changes.
 */
function buttons(reminder: ReminderView): APIActionRowComponent<APIButtonComponent> {
	const button = (customId: string, label: string, emoji: string, style: ButtonStyle.Secondary | ButtonStyle.Success): APIButtonComponent => ({
		type: ComponentType.Button,
		custom_id: customId,
		label,
		emoji: { name: emoji },
		style
	});
	const components = Object.entries(SNOOZES).map(([choice, label]) =>
		button(`${SNOOZE_PREFIX}${reminder.id}:${choice}`, `Snooze: ${label}`, '💤', ButtonStyle.Secondary)
	);
	if (reminder.rule) components.push(button(`${DONE_PREFIX}${reminder.id}`, 'Done (stop repeating)', '✅', ButtonStyle.Success));
	return { type: ComponentType.ActionRow, components };
}

export interface DeliveryInput {
	reminder: ReminderView;
	/** The personality line above the text. */
	line: string;
	punctuality: Punctuality;
	/** The repeat's next occurrence, if any. */
	next: Date | null;
	/** DMs carry no mention (the owner is the only reader). */
	inDm: boolean;
}

/**
 * The delivered message. The owner is the only one it may ping (`allowedMentions.users`), explicitly; the text sits in
 * the embed, where mentions never ping anyway.
 */
export function deliveryMessage(input: DeliveryInput): MessageCreateOptions {
	const { reminder, punctuality: timing, next } = input;
	const timer = reminder.kind === 'timer';
	const lines: string[] = [];
	if (timer)
		lines.push(
			reminder.text ? `**${reminder.text}**` : '',
			`Started ${stamp(reminder.createdAt)}, ${formatDuration(reminder.dueAt.getTime() - reminder.createdAt.getTime())} long.`
		);
	else lines.push(reminder.text);
	if (reminder.sourceUrl) lines.push('', `About this message: ${reminder.sourceUrl}`);
	if (timing.kind === 'late') lines.push('', `⏳ Late by ${formatDuration(timing.byMs)}: it was due ${stamp(reminder.dueAt)} while I was offline.`);
	if (timing.kind === 'missed')
		lines.push('', `⚠️ Missed: it was due ${stamp(reminder.dueAt)}, ${formatDuration(timing.byMs)} ago, while I was offline.`);
	if (next && reminder.rule) lines.push('', `🔁 Repeats ${describeRule(reminder.rule)}; next ${stamp(next)}.`);
	else if (!timer) lines.push('', `Set ${stamp(reminder.createdAt)}.`);

	const title = timer ? '⏱️ Timer done' : timing.kind === 'missed' ? '⏰ Missed reminder' : '⏰ Reminder';
	return {
		content: input.inDm ? input.line : `<@${reminder.ownerId}> ${input.line}`,
		embeds: [
			tikaEmbed(timing.kind === 'on_time' ? 'brand' : 'warning')
				.setTitle(title)
				.setDescription(lines.filter((line, index) => line || index > 0).join('\n'))
		],
		components: timer ? [] : [buttons(reminder)],
		allowedMentions: { parse: [], users: input.inDm ? [] : [reminder.ownerId] }
	};
}

/** The `where` option of /remind and /reminders edit. */
export function whereOption(option: SlashCommandStringOption, description: string): SlashCommandStringOption {
	return option.setName('where').setDescription(description).addChoices({ name: 'here', value: 'here' }, { name: 'dm', value: 'dm' });
}
