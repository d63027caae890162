/**
 * The reminders' data: rows in `Reminder`, each delivered by one task of the core scheduler (kind `reminderDue`, key
 * `reminder:<id>`) written in the same transaction, and each member's zone in the core's UserData document.
 */
import { container } from '@sapphire/framework';
import type { PrismaClient } from '#core/database/index';
import { pluginConfig } from '#core/plugins/settings';
import plugin from '../plugin';
import { remindersClock } from './clock';
import { movedDueAt } from './when';
import { canonicalZone } from './zones';

export type Reminder = Awaited<ReturnType<PrismaClient['reminderEntry']['findFirstOrThrow']>>;

/** The task kind: the file name of scheduled-tasks/reminderDue.ts. */
export const TASK_KIND = 'reminderDue';
/** Statuses of reminders still waiting (shown in /reminders list, counted against the limit). */
export const ACTIVE = ['pending', 'undeliverable'];

export interface DuePayload {
	reminderId: number;
}

export const taskKey = (id: number) => `reminder:${id}`;

export function settings() {
	return pluginConfig(plugin);
}

export function now(): Date {
	return new Date(remindersClock().now());
}

interface ZoneDocument {
	timezone: string | null;
}

/** The member's own zone, or null when they never set one. */
export async function ownZone(userId: string): Promise<string | null> {
	const document = await container.data.getUserData<ZoneDocument>(userId, plugin.name, { timezone: null });
	return document.timezone;
}

/** The zone a member's times are read in: their own, else config's default (else UTC when that is not a zone). */
export async function memberZone(userId: string): Promise<string> {
	return (await ownZone(userId)) ?? canonicalZone(settings().default_timezone) ?? 'UTC';
}

export interface NewReminder {
	ownerId: string;
	guildId: string;
	channelId: string;
	target: 'here' | 'dm';
	kind: 'reminder' | 'timer';
	text: string;
	sourceUrl?: string | null;
	rule: string | null;
	zone: string;
	wallClock: boolean;
	dueAt: Date;
}

/** Reminders and timers the member has waiting in this guild. */
export function countActive(ownerId: string, guildId: string): Promise<number> {
	return container.prisma.reminderEntry.count({ where: { ownerId, guildId, status: { in: ACTIVE } } });
}

/** Writes the reminder and its delivery task together: neither exists without the other. */
export async function createReminder(data: NewReminder): Promise<Reminder> {
	return container.prisma.$transaction(async (tx) => {
		const row = await tx.reminderEntry.create({ data: { ...data, sourceUrl: data.sourceUrl ?? null } });
		await container.schedule.add<DuePayload>(
			{ kind: TASK_KIND, runAt: row.dueAt, payload: { reminderId: row.id }, key: taskKey(row.id), guildId: row.guildId },
			tx
		);
		return row;
	});
}

/** The member's waiting reminders in this guild, soonest first. */
export function listReminders(ownerId: string, guildId: string): Promise<Reminder[]> {
	return container.prisma.reminderEntry.findMany({
		where: { ownerId, guildId, status: { in: ACTIVE } },
		orderBy: [{ dueAt: 'asc' }, { id: 'asc' }]
	});
}

/** One of the member's waiting reminders in this guild, or null (someone else's is never found). */
export function ownedReminder(id: number, ownerId: string, guildId: string): Promise<Reminder | null> {
	return container.prisma.reminderEntry.findFirst({ where: { id, ownerId, guildId, status: { in: ACTIVE } } });
}

export function findReminder(id: number): Promise<Reminder | null> {
	return container.prisma.reminderEntry.findUnique({ where: { id } });
}

/** Deletes reminders and their tasks, in one transaction. */
export async function deleteReminders(ids: readonly number[]): Promise<number> {
	if (ids.length === 0) return 0;
	return container.prisma.$transaction(async (tx) => {
		const { count } = await tx.reminderEntry.deleteMany({ where: { id: { in: [...ids] } } });
		for (const id of ids) await container.schedule.cancel({ key: taskKey(id) }, tx);
		return count;
	});
}

/** Changes a reminder and moves its task to the (new) due time, in one transaction; it is pending again. */
export async function updateReminder(
	id: number,
	data: Partial<Pick<Reminder, 'text' | 'rule' | 'zone' | 'wallClock' | 'dueAt' | 'target'>>
): Promise<Reminder> {
	return container.prisma.$transaction(async (tx) => {
		const row = await tx.reminderEntry.update({ where: { id }, data: { ...data, status: 'pending' } });
		await container.schedule.add<DuePayload>(
			{ kind: TASK_KIND, runAt: row.dueAt, payload: { reminderId: row.id }, key: taskKey(row.id), guildId: row.guildId },
			tx
		);
		return row;
	});
}

/**
 * Snoozes a delivered reminder until `until`. A one-off comes back itself; a repeat's snooze is a separate one-off
 * copy, so the repeat's own schedule never moves.
 */
export async function snoozeReminder(reminder: Reminder, until: Date): Promise<Reminder> {
	if (!reminder.rule) return updateReminder(reminder.id, { dueAt: until, wallClock: false });
	return createReminder({
		ownerId: reminder.ownerId,
		guildId: reminder.guildId,
		channelId: reminder.channelId,
		target: reminder.target === 'dm' ? 'dm' : 'here',
		kind: 'reminder',
		text: reminder.text,
		sourceUrl: reminder.sourceUrl,
		rule: null,
		zone: reminder.zone,
		wallClock: false,
		dueAt: until
	});
}

/**
 * Sets the member's zone and moves their waiting reminders by the documented rule: wall-clock times and repeats keep
 * their local time in the new zone; amounts of time ("in 2h", timers, snoozes) keep their instant.
 */
export async function changeZone(userId: string, zone: string): Promise<{ moved: number; kept: number }> {
	await container.data.updateUserData<ZoneDocument>(userId, plugin.name, (current) => ({ ...current, timezone: zone }));
	const rows = await container.prisma.reminderEntry.findMany({ where: { ownerId: userId, status: { in: ACTIVE } } });
	const at = now();
	let moved = 0;
	for (const row of rows) {
		if (!row.wallClock && !row.rule) continue;
		const dueAt = movedDueAt(row, zone, at);
		await updateReminder(row.id, { zone, dueAt });
		if (dueAt.getTime() !== row.dueAt.getTime()) moved++;
	}
	return { moved, kept: rows.length - moved };
}
