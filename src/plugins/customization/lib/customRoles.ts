import { container } from '@sapphire/framework';
import { PermissionFlagsBits, type Guild, type GuildMember, type Role } from 'discord.js';
import { checkEligibility, type Eligibility } from './eligibility';
import { memberLevel } from './level';
import { positionsUnderAnchor } from './positions';
import { getSettings, type CustomRoleSettings } from './settings';

export interface StoredCustomRole {
	guildId: string;
	userId: string;
	roleId: string;
	name: string;
	color: number;
	createdAt: Date;
}

export class CustomRoleError extends Error {
	public constructor(
		public readonly title: string,
		message: string,
		public readonly kind: 'user_fault' | 'bot_permission' = 'user_fault'
	) {
		super(message);
	}
}

/** The member's stored custom role, or null. A row whose role was deleted in Discord is removed on the way. */
export async function findCustomRole(guild: Guild, userId: string): Promise<{ row: StoredCustomRole; role: Role } | null> {
	const row = await container.prisma.customRole.findUnique({ where: { guildId_userId: { guildId: guild.id, userId } } });
	if (!row) return null;
	const role = guild.roles.cache.get(row.roleId) ?? (await guild.roles.fetch(row.roleId).catch(() => null));
	if (!role) {
		await container.prisma.customRole.deleteMany({ where: { guildId: guild.id, userId } });
		return null;
	}
	return { row, role };
}

export async function eligibilityOf(member: GuildMember, settings?: CustomRoleSettings): Promise<Eligibility> {
	const current = settings ?? (await getSettings(member.guild.id)).customRoles;
	const level = current.minLevel === null ? null : await memberLevel(member.guild.id, member.id);
	return checkEligibility({ settings: current, isBooster: Boolean(member.premiumSinceTimestamp), level });
}

/** Refuses when Tika cannot manage roles here, or the anchor sits above her highest role. Returns the anchor role (or null). */
export async function checkBotCanPlace(guild: Guild, settings: CustomRoleSettings): Promise<Role | null> {
	const me = guild.members.me ?? (await guild.members.fetchMe());
	if (!me.permissions.has(PermissionFlagsBits.ManageRoles)) {
		throw new CustomRoleError(
			'I need the Manage Roles permission',
			'Ask an admin to give Tika the **Manage Roles** permission.',
			'bot_permission'
		);
	}
	if (!settings.anchorRoleId) return null;
	const anchor = guild.roles.cache.get(settings.anchorRoleId);
	if (!anchor)
		throw new CustomRoleError(
			'The anchor role is gone',
			'The role custom roles are placed under was deleted. An admin can pick a new one with `/customrole config anchor:`.'
		);
	if (anchor.comparePositionTo(me.roles.highest) > 0) {
		throw new CustomRoleError(
			'The anchor role is above my highest role',
			`${anchor} is above my highest role (${me.roles.highest}), so I cannot place roles under it. Move my role above it, or pick a lower anchor with \`/customrole config\`.`,
			'bot_permission'
		);
	}
	return anchor;
}

/** Creates the role (no permissions, not mentionable), places it under the anchor, gives it to the member and records it. Undone on failure. */
export async function createCustomRole(member: GuildMember, name: string, color: number, anchor: Role | null): Promise<Role> {
	const guild = member.guild;
	const role = await guild.roles.create({
		name,
		color,
		permissions: [],
		mentionable: false,
		hoist: false,
		reason: `Custom role of ${member.user.username}`
	});
	try {
		if (anchor) {
			const changes = positionsUnderAnchor(
				guild.roles.cache.map((entry) => ({ id: entry.id, position: entry.rawPosition })),
				role.id,
				anchor.id
			);
			if (changes.length > 0) await guild.roles.setPositions(changes.map((change) => ({ role: change.id, position: change.position })));
		}
		await member.roles.add(role, 'Custom role');
		await container.prisma.customRole.create({ data: { guildId: guild.id, userId: member.id, roleId: role.id, name, color } });
		return role;
	} catch (error) {
		await role.delete('Custom role creation failed').catch(() => undefined);
		throw error;
	}
}

/** Deletes the role in Discord (if it still exists) and the record. Returns whether there was one. */
export async function deleteCustomRole(guild: Guild, userId: string, reason: string): Promise<boolean> {
	const row = await container.prisma.customRole.findUnique({ where: { guildId_userId: { guildId: guild.id, userId } } });
	if (!row) return false;
	const role = guild.roles.cache.get(row.roleId);
	if (role)
		await role
			.delete(reason)
			.catch((error: unknown) => container.logger.warn(`[customization] could not delete role ${row.roleId} in ${guild.id}:`, error));
	await container.prisma.customRole.deleteMany({ where: { guildId: guild.id, userId } });
	return true;
}
