/**
 * Setting a reminder from an interaction (/remind, the "Remind me about this" modal, /timer): every check, then the row
 * and its task, then the confirmation. A refusal creates nothing.
 */
import { container } from '@sapphire/framework';
import { MessageFlags, PermissionFlagsBits, type RepliableInteraction } from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import { SmartEmbed } from '#shared/ui/embeds';
import { truncate } from '#shared/ui/limits';
import { refuse } from '#shared/ui/refuse';
import plugin from '../plugin';
import { describeRule } from './repeat';
import { refusalText, stamp, whereText } from './render';
import { countActive, createReminder, memberZone, now, settings, type Reminder } from './service';
import { planReminder, type Limits, type Plan } from './when';

export const voice = pluginVoice(plugin);

const YEAR = 365.25 * 86_400_000;

export function limits(): Limits {
	const config = settings();
	return { horizonMs: config.horizon_years * YEAR, minRepeatMs: config.min_repeat_minutes * 60_000 };
}

/** An in-character refusal in the plugin's voice. */
export function refuseReminder(interaction: RepliableInteraction, title: string, detail: string): Promise<void> {
	return refuse(interaction, title, detail, { category: voice.category('reminder_refused') });
}

/** Refuses a time or repeat that cannot be planned, saying why and how to fix it. */
export function refusePlan(interaction: RepliableInteraction, plan: Extract<Plan, { ok: false }>, zone: string): Promise<void> {
	const { horizon_years: horizonYears, min_repeat_minutes: minRepeatMinutes } = settings();
	const { title, detail } = refusalText(plan.refusal, plan.input, { horizonYears, minRepeatMinutes }, zone);
	return refuseReminder(interaction, title, detail);
}

/** Refuses text over the limit (or empty); returns the trimmed text otherwise. */
export async function checkText(interaction: RepliableInteraction, text: string, what = 'The reminder text'): Promise<string | null> {
	const trimmed = text.trim();
	const { max_text: max } = settings();
	if (trimmed.length > max) {
		await refuseReminder(interaction, `${what} is too long (${trimmed.length} characters).`, `Keep it to ${max} characters.`);
		return null;
	}
	return trimmed;
}

/** Refuses when the member may not post in the interaction's channel (the reminder would speak there for them). */
export async function checkChannel(interaction: RepliableInteraction): Promise<boolean> {
	const permissions = interaction.memberPermissions;
	if (permissions?.has(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages)) return true;
	await refuseReminder(
		interaction,
		'You cannot post in this channel.',
		'A reminder here would post where you cannot. Use `where: dm`, or set it in a channel you can write in.'
	);
	return false;
}

/** Refuses when the member already has as many reminders as allowed in this server. */
export async function checkLimit(interaction: RepliableInteraction): Promise<boolean> {
	const { max_per_member: max } = settings();
	if ((await countActive(interaction.user.id, interaction.guildId!)) < max) return true;
	await refuseReminder(interaction, `You already have ${max} reminders here.`, 'Cancel some with `/reminders cancel` or `/reminders clear` first.');
	return false;
}

export interface ReminderRequest {
	when: string;
	repeat?: string | null;
	text: string;
	target: 'here' | 'dm';
	sourceUrl?: string | null;
}

/** /remind and the modal: reads the time in the member's zone, checks everything, saves, confirms (privately). */
export async function setReminder(interaction: RepliableInteraction, request: ReminderRequest): Promise<Reminder | null> {
	const text = await checkText(interaction, request.text);
	if (text === null) return null;
	if (!text && !request.sourceUrl) {
		await refuseReminder(interaction, 'The reminder has no text.', 'Say what to remind you of.');
		return null;
	}
	if (request.target === 'here' && !(await checkChannel(interaction))) return null;
	const zone = await memberZone(interaction.user.id);
	const plan = planReminder({ when: request.when, repeat: request.repeat, zone, now: now(), limits: limits() });
	if (!plan.ok) {
		await refusePlan(interaction, plan, zone);
		return null;
	}
	if (!(await checkLimit(interaction))) return null;
	const reminder = await createReminder({
		ownerId: interaction.user.id,
		guildId: interaction.guildId!,
		channelId: interaction.channelId!,
		target: request.target,
		kind: 'reminder',
		text,
		sourceUrl: request.sourceUrl ?? null,
		rule: plan.rule,
		zone,
		wallClock: plan.wallClock,
		dueAt: plan.dueAt
	});
	container.logger.debug(`[reminders] ${interaction.user.id} set reminder #${reminder.id} in guild ${reminder.guildId}`);
	await confirmReminder(interaction, reminder, 'set');
	return reminder;
}

/** The private confirmation: the line, then when (absolute and relative), the repeat, where and what. */
export async function confirmReminder(interaction: RepliableInteraction, reminder: Reminder, verb: 'set' | 'changed'): Promise<void> {
	const sassLevel = interaction.guildId ? (await container.settings.get(interaction.guildId)).sassLevel : undefined;
	const line = voice.say('reminder_set', { userId: interaction.user.id, sassLevel }, 'Reminder set.');
	const lines = [line, '', `**When:** ${stamp(reminder.dueAt)}`];
	if (reminder.rule) lines.push(`**Repeats:** ${describeRule(reminder.rule)} (${reminder.zone})`);
	lines.push(`**Where:** ${whereText(reminder)}`);
	if (reminder.text) lines.push(`**What:** ${truncate(reminder.text, 1_000)}`);
	if (reminder.sourceUrl) lines.push(`**About:** ${reminder.sourceUrl}`);
	const embed = SmartEmbed.success(`Reminder #${reminder.id} ${verb}`, lines.join('\n'));
	const payload = { embeds: [embed], allowedMentions: { parse: [] } };
	if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
	else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}
