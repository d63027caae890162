import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, type Guild, type GuildMember, type Role } from 'discord.js';
import { createCase, MAX_REASON_LENGTH } from './cases';
import { formatDuration } from './duration';
import { checkHierarchy } from './hierarchy';
import { KeyedMutex } from './mutex';
import { planRestore, planSave, readSavedRoles, type RoleInfo } from './roles';
import { getSettings } from './settings';
import { processSingleton } from './singleton';

export type DetentionSource = 'command' | 'filter';

export interface DetainOptions {
	moderatorId: string;
	reason?: string | null;
	durationMs?: number | null;
	source?: DetentionSource;
}

/** How telling the member by DM went: 'closed' is Discord's 50007 (DMs off or no shared server). */
export type DmOutcome = 'sent' | 'closed' | 'failed';

export type DetainResult =
	| { ok: true; caseNumber: number; detentionId: number; savedRoles: string[]; releaseAt: Date | null; dm: DmOutcome }
	| { ok: false; reason: string };

export interface ReleaseOptions {
	moderatorId: string;
	reason?: string | null;
	/** The release came due while the bot was offline. */
	late?: boolean;
	source?: 'command' | 'timer';
}

export type ReleaseResult =
	| {
			ok: true;
			caseNumber: number;
			restored: string[];
			/** Saved roles that could not come back, with why. */
			notRestored: { missing: string[]; tooHigh: string[]; managed: string[] };
			/** The member had left the server: the detention is closed, nothing to restore. */
			memberGone: boolean;
			dm: DmOutcome | null;
	  }
	| { ok: false; reason: string };

export interface ActiveDetention {
	id: number;
	guildId: string;
	userId: string;
	moderatorId: string;
	reason: string | null;
	savedRoles: string[];
	startedAt: Date;
	releaseAt: Date | null;
}

/** Detain and release of one member never interleave (double clicks, the timer racing a moderator). */
const memberLocks = processSingleton('memberLocks', () => new KeyedMutex());

/** The scheduler task kind of timed releases (scheduled-tasks/detentionRelease.ts) and the key of one detention's task. */
export const RELEASE_TASK = 'detentionRelease';
export const releaseTaskKey = (detentionId: number) => `detention:${detentionId}`;

export const NOT_SET_UP_REASON = 'Detention is not set up on this server. Run `/detention setup` first.';

/** The detention role, or a reason it cannot be used. */
export async function resolveDetentionRole(guild: Guild): Promise<{ ok: true; role: Role } | { ok: false; reason: string }> {
	const { detentionRoleId } = await getSettings(guild.id);
	if (!detentionRoleId) return { ok: false, reason: NOT_SET_UP_REASON };
	const role = guild.roles.cache.get(detentionRoleId) ?? (await guild.roles.fetch(detentionRoleId).catch(() => null));
	if (!role) return { ok: false, reason: 'The detention role was deleted. Run `/detention setup` again.' };
	return { ok: true, role };
}

export async function getActiveDetention(guildId: string, userId: string): Promise<ActiveDetention | null> {
	const row = await container.prisma.detention.findFirst({ where: { guildId, userId, releasedAt: null }, orderBy: { id: 'desc' } });
	return row ? toActive(row) : null;
}

export async function listActiveDetentions(guildId: string): Promise<ActiveDetention[]> {
	const rows = await container.prisma.detention.findMany({ where: { guildId, releasedAt: null }, orderBy: { startedAt: 'asc' } });
	return rows.map(toActive);
}

export interface DetentionHistoryEntry extends ActiveDetention {
	releasedAt: Date | null;
	releasedBy: string | null;
	releaseReason: string | null;
	releasedLate: boolean;
}

export async function detentionHistory(guildId: string, userId: string, limit = 200): Promise<DetentionHistoryEntry[]> {
	const rows = await container.prisma.detention.findMany({ where: { guildId, userId }, orderBy: { id: 'desc' }, take: limit });
	return rows.map((row) => ({
		...toActive(row),
		releasedAt: row.releasedAt,
		releasedBy: row.releasedBy,
		releaseReason: row.releaseReason,
		releasedLate: row.releasedLate
	}));
}

/**
 * Detains a member: saves their roles, removes them (managed roles and @everyone stay), gives the detention role,
 * records a case and, with a duration, schedules the release. Refuses with a clear reason instead of throwing for
 * every rule (hierarchy, owner, self, bot, already detained, not set up).
 */
export function detainMember(guild: Guild, member: GuildMember, options: DetainOptions): Promise<DetainResult> {
	return memberLocks.run(`${guild.id}:${member.id}`, () => detainLocked(guild, member, options));
}

async function detainLocked(guild: Guild, member: GuildMember, options: DetainOptions): Promise<DetainResult> {
	const source = options.source ?? 'command';
	const detentionRole = await resolveDetentionRole(guild);
	if (!detentionRole.ok) return detentionRole;
	const role = detentionRole.role;

	const me = guild.members.me ?? (await guild.members.fetchMe());
	const moderatorTop =
		source === 'command'
			? ((await guild.members.fetch(options.moderatorId).catch(() => null))?.roles.highest.position ?? 0)
			: me.roles.highest.position;
	const verdict = checkHierarchy({
		guildOwnerId: guild.ownerId,
		botId: me.id,
		moderator: { id: options.moderatorId, topPosition: moderatorTop },
		target: { id: member.id, topPosition: member.roles.highest.position },
		botTopPosition: me.roles.highest.position,
		source
	});
	if (!verdict.ok) return verdict;
	if (role.position >= me.roles.highest.position)
		return { ok: false, reason: `My highest role must be above the detention role ${role}. Move my role higher in Server Settings → Roles.` };
	if (await getActiveDetention(guild.id, member.id)) return { ok: false, reason: `${member} is already detained.` };

	const plan = planSave(roleInfos(member.roles.cache.values()), { guildId: guild.id, detentionRoleId: role.id });
	const reason = cleanReason(options.reason);
	const durationMs = options.durationMs && options.durationMs > 0 ? options.durationMs : null;
	const releaseAt = durationMs ? new Date(Date.now() + durationMs) : null;

	// The saved roles are written before they are taken away, so a crash in between never loses them.
	const row = await container.prisma.detention.create({
		data: { guildId: guild.id, userId: member.id, moderatorId: options.moderatorId, reason, savedRoles: plan.save, releaseAt }
	});
	try {
		await member.roles.set([...plan.keep, role.id], auditReason('Detained', options.moderatorId, reason));
	} catch (error) {
		await container.prisma.detention.delete({ where: { id: row.id } }).catch(() => undefined);
		return { ok: false, reason: `Discord refused the role change: ${describeError(error)}` };
	}

	const record = await createCase({
		guildId: guild.id,
		action: source === 'filter' ? 'filter_detain' : 'detention_put',
		targetId: member.id,
		moderatorId: options.moderatorId,
		reason,
		details: {
			savedRoles: plan.save,
			...(durationMs ? { duration: formatDuration(durationMs), releaseAt: releaseAt!.toISOString() } : { duration: 'until released' })
		}
	});
	if (releaseAt) await scheduleRelease({ id: row.id, guildId: guild.id, releaseAt });

	const dm = await tellMember(member, [
		`You have been put in detention in **${guild.name}**.`,
		reason ? `Reason: ${reason}` : null,
		durationMs ? `You will be released in ${formatDuration(durationMs)}.` : 'A moderator will release you.'
	]);
	return { ok: true, caseNumber: record.number, detentionId: row.id, savedRoles: plan.save, releaseAt, dm };
}

/**
 * Releases a member: gives back the saved roles that still exist and that the bot can assign, removes the detention
 * role, closes the detention and records a case. A member who left is released in the records only.
 */
export function releaseMember(guild: Guild, userId: string, options: ReleaseOptions): Promise<ReleaseResult> {
	return memberLocks.run(`${guild.id}:${userId}`, () => releaseLocked(guild, userId, options));
}

async function releaseLocked(guild: Guild, userId: string, options: ReleaseOptions): Promise<ReleaseResult> {
	const active = await getActiveDetention(guild.id, userId);
	if (!active) return { ok: false, reason: `<@${userId}> is not detained.` };

	const member = await guild.members.fetch({ user: userId, force: true }).catch(() => null);
	const me = guild.members.me ?? (await guild.members.fetchMe());
	const { detentionRoleId } = await getSettings(guild.id);
	const plan = planRestore(
		active.savedRoles,
		new Map([...guild.roles.cache.values()].map((role) => [role.id, roleInfo(role)])),
		me.roles.highest.position
	);
	const reason = cleanReason(options.reason);
	let restored: string[] = [];

	if (member) {
		const keep = [...member.roles.cache.keys()].filter((id) => id !== guild.id && id !== detentionRoleId);
		const next = [...new Set([...keep, ...plan.restore])];
		try {
			await member.roles.set(
				next,
				auditReason(options.late ? 'Detention ended (late)' : 'Released from detention', options.moderatorId, reason)
			);
		} catch (error) {
			return { ok: false, reason: `Discord refused the role change: ${describeError(error)}` };
		}
		restored = plan.restore;
	}

	const releasedAt = new Date();
	const late = options.late === true;
	// Conditional update: a release that raced this one (the timer and a moderator) finds nothing to close.
	const closed = await container.prisma.detention.updateMany({
		where: { id: active.id, releasedAt: null },
		data: { releasedAt, releasedBy: options.moderatorId, releaseReason: reason, releasedLate: late }
	});
	if (closed.count === 0) return { ok: false, reason: `<@${userId}> is not detained.` };
	// A timed release is no longer needed (when this is the timed release, its own task ends with it anyway).
	if (active.releaseAt && options.source !== 'timer') {
		await container.schedule.cancel({ key: releaseTaskKey(active.id) }).catch((error: unknown) => {
			container.logger.warn(`Moderation: could not cancel the timed release of detention #${active.id}: ${describeError(error)}`);
		});
	}

	const caseReason =
		late && active.releaseAt
			? `Detention ended late: it was due ${active.releaseAt.toISOString()} while the bot was offline.${reason ? ` ${reason}` : ''}`
			: (reason ?? (options.source === 'timer' ? 'Detention time served.' : null));
	const notRestored = { missing: plan.missing, tooHigh: plan.tooHigh, managed: plan.managed };
	const record = await createCase({
		guildId: guild.id,
		action: 'detention_release',
		targetId: userId,
		moderatorId: options.moderatorId,
		reason: caseReason,
		details: {
			restoredRoles: member ? restored : [],
			...(plan.missing.length ? { deletedRoles: plan.missing.length } : {}),
			...(plan.tooHigh.length ? { rolesAboveBot: plan.tooHigh } : {}),
			...(plan.managed.length ? { managedRoles: plan.managed } : {}),
			...(member ? {} : { memberLeft: true }),
			...(late ? { late: true, dueAt: active.releaseAt?.toISOString() } : {})
		}
	});

	const dm = member
		? await tellMember(member, [`You have been released from detention in **${guild.name}**.`, reason ? `Reason: ${reason}` : null])
		: null;
	return { ok: true, caseNumber: record.number, restored, notRestored, memberGone: !member, dm };
}

/** Puts a timed detention's release on the core scheduler (one task per detention, keyed by its id). */
async function scheduleRelease(detention: { id: number; guildId: string; releaseAt: Date }): Promise<void> {
	await container.schedule.add({
		kind: RELEASE_TASK,
		key: releaseTaskKey(detention.id),
		runAt: detention.releaseAt,
		guildId: detention.guildId,
		payload: { detentionId: detention.id }
	});
}

/**
 * Gives every active timed detention a release task if it has none: detentions from before releases moved onto the
 * scheduler, or one whose process stopped between the role change and scheduling. Returns how many were added.
 */
export async function ensureReleaseTasks(): Promise<number> {
	const timed = await container.prisma.detention.findMany({
		where: { releasedAt: null, releaseAt: { not: null } },
		select: { id: true, guildId: true, releaseAt: true }
	});
	let added = 0;
	for (const row of timed) {
		const task = {
			kind: RELEASE_TASK,
			key: releaseTaskKey(row.id),
			runAt: row.releaseAt!,
			guildId: row.guildId,
			payload: { detentionId: row.id }
		};
		if (await container.schedule.ensure(task)) added++;
	}
	return added;
}

/**
 * A detained member rejoined: take the roles they came back with (auto-roles) and give the detention role again.
 * Returns true when the member was re-detained.
 */
export async function reapplyDetention(member: GuildMember): Promise<boolean> {
	return memberLocks.run(`${member.guild.id}:${member.id}`, async () => {
		const active = await getActiveDetention(member.guild.id, member.id);
		if (!active) return false;
		const detentionRole = await resolveDetentionRole(member.guild);
		if (!detentionRole.ok) return false;
		const keep = [...member.roles.cache.values()].filter((role) => role.managed && role.id !== member.guild.id).map((role) => role.id);
		await member.roles.set([...keep, detentionRole.role.id], 'Rejoined while detained');
		return true;
	});
}

async function tellMember(member: GuildMember, lines: (string | null)[]): Promise<DmOutcome> {
	if (member.user.bot) return 'failed';
	try {
		await member.send({ content: lines.filter(Boolean).join('\n'), allowedMentions: { parse: [] } });
		return 'sent';
	} catch (error) {
		if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return 'closed';
		container.logger.debug(`Moderation: DM to ${member.id} failed: ${describeError(error)}`);
		return 'failed';
	}
}

function roleInfo(role: Role): RoleInfo {
	return { id: role.id, position: role.position, managed: role.managed };
}

function roleInfos(roles: Iterable<Role>): RoleInfo[] {
	return [...roles].map(roleInfo);
}

function cleanReason(reason: string | null | undefined): string | null {
	const text = reason?.trim();
	return text ? text.slice(0, MAX_REASON_LENGTH) : null;
}

function auditReason(action: string, moderatorId: string, reason: string | null): string {
	return `${action} by ${moderatorId}${reason ? `: ${reason}` : ''}`.slice(0, MAX_REASON_LENGTH);
}

function describeError(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

interface DetentionRow {
	id: number;
	guildId: string;
	userId: string;
	moderatorId: string;
	reason: string | null;
	savedRoles: unknown;
	startedAt: Date;
	releaseAt: Date | null;
}

function toActive(row: DetentionRow): ActiveDetention {
	return {
		id: row.id,
		guildId: row.guildId,
		userId: row.userId,
		moderatorId: row.moderatorId,
		reason: row.reason,
		savedRoles: readSavedRoles(row.savedRoles),
		startedAt: row.startedAt,
		releaseAt: row.releaseAt
	};
}
