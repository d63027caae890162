/**
 * The old bot's reminders and members' time zones (see docs/legacy-import.md):
 *
 * guilds/<guild>/reminders.json
 *   { "reminders": [{ "user_id": "<id>", "channel_id": "<id>", "text": "stretch", "due_at": "2026-01-05T09:00:00Z",
 *                     "dm": false, "repeat": "every weekday" | null }] }
 * users/<user id>.json → "reminders": { "timezone": "Europe/Paris" }
 *
 * Each reminder becomes a ReminderEntry and its delivery task (kind `reminderDue`, key `reminder:<id>`), written
 * together in the file's transaction, the same rows /remind writes (lib/service.ts): a reminder without its task would
 * never fire. A repeat is one of /remind's repeat phrases, anchored at `due_at` in the member's zone (theirs from the
 * same import or Tika, else UTC). One already due is delivered at the next start, marked late (or missed past the
 * grace window), as after any downtime.
 */
import { z } from 'zod';
import { defineLegacyImporter, LegacyDataError, type LegacyContext, legacyId } from '#core/legacy/types';
import { buildRule, parseRepeat } from './lib/repeat';
import { TASK_KIND, taskKey } from './lib/service';
import { canonicalZone, floatingAt } from './lib/zones';

const snowflake = legacyId;

const guildSchema = z.strictObject({
	reminders: z
		.array(
			z.strictObject({
				user_id: snowflake,
				channel_id: snowflake,
				text: z.string().trim().min(1).max(1000),
				due_at: z.iso.datetime({ offset: true }),
				dm: z.boolean().default(false),
				repeat: z.string().nullable().optional()
			})
		)
		.optional()
});

const userSchema = z.strictObject({ timezone: z.string().nullable() });

/** The zone a member's reminders are read in: their own (in UserData, as /timezone set writes it), else UTC. */
async function zoneOf(context: LegacyContext, userId: string): Promise<string> {
	const stored = await context.db.userData.findUnique({ where: { userId_plugin: { userId, plugin: 'reminders' } } });
	return (stored?.data as { timezone?: string | null } | null)?.timezone ?? 'UTC';
}

export default defineLegacyImporter({
	name: 'reminders',
	plugin: 'reminders',
	guild: {
		schema: guildSchema,
		async import(data, context) {
			for (const [index, legacy] of (data.reminders ?? []).entries()) {
				const dueAt = new Date(legacy.due_at);
				const zone = await zoneOf(context, legacy.user_id);
				let rule: string | null = null;
				if (legacy.repeat) {
					const spec = parseRepeat(legacy.repeat);
					if (!spec)
						throw new LegacyDataError(
							`reminders[${index}].repeat: "${legacy.repeat}" is not a repeat /remind understands (e.g. "daily", "every weekday")`
						);
					rule = buildRule(spec, floatingAt(dueAt, zone));
				}
				const where = { ownerId: legacy.user_id, guildId: context.id, channelId: legacy.channel_id, text: legacy.text, kind: 'reminder' };
				// Delivered (or given up on) in Tika since an earlier import: left alone, never delivered a second time.
				const earlier = await context.db.reminderEntry.findFirst({ where: { ...where, status: { not: 'pending' } } });
				if (earlier) {
					context.note(`reminder ${earlier.id} ("${legacy.text}") is ${earlier.status} in Tika; left as it is.`);
					continue;
				}
				const { row } = await context.put<{ id: number; guildId: string; dueAt: Date }>(
					'ReminderEntry',
					where,
					{ target: legacy.dm ? 'dm' : 'here', rule, zone, wallClock: rule !== null, dueAt, status: 'pending' },
					`${legacy.user_id} at ${dueAt.toISOString()}: "${legacy.text.length > 30 ? `${legacy.text.slice(0, 29)}…` : legacy.text}"`
				);
				// The scheduler's own row shape (Scheduler.add): pending, due now at the reminder's time, no lease.
				await context.put(
					'ScheduledTask',
					{ key: taskKey(row.id) },
					{ kind: TASK_KIND, guildId: row.guildId, runAt: row.dueAt, dueAt: row.dueAt, payload: { reminderId: row.id }, status: 'pending' },
					`${TASK_KIND} for reminder ${row.id}`,
					{ attempts: 0, leaseOwner: null, leaseUntil: null, lastError: null }
				);
			}
		}
	},
	user: {
		schema: userSchema,
		async import(data, context) {
			const timezone = data.timezone === null ? null : canonicalZone(data.timezone);
			if (data.timezone !== null && !timezone)
				throw new LegacyDataError(`reminders.timezone: "${data.timezone}" is not a time zone (use a name like Europe/Paris)`);
			await context.put('UserData', { userId: context.id, plugin: 'reminders' }, { data: { timezone } }, `time zone ${timezone ?? 'unset'}`);
		}
	}
});
