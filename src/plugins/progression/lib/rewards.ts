import { container } from '@sapphire/framework';
import { PermissionFlagsBits, type Guild, type GuildMember, type Role } from 'discord.js';
import { rewardPlan, type RewardRow } from './rules';
import type { RewardMode } from './settings';

export const MAX_REWARDS = 50;

const REWARD_CACHE_MS = 5 * 60_000;
const rewardCache = new Map<string, { rows: RewardRow[]; at: number }>();

/** The guild's rewards, cached (level-ups happen in bursts; the table changes only through /levels rewards). */
export async function listRewards(guildId: string): Promise<RewardRow[]> {
	const cached = rewardCache.get(guildId);
	if (cached && Date.now() - cached.at < REWARD_CACHE_MS) return cached.rows;
	const rows = await container.prisma.levelReward.findMany({
		where: { guildId },
		orderBy: [{ level: 'asc' }, { roleId: 'asc' }],
		select: { roleId: true, level: true }
	});
	rewardCache.set(guildId, { rows, at: Date.now() });
	if (rewardCache.size > 10_000) rewardCache.delete(rewardCache.keys().next().value!);
	return rows;
}

/** Call after changing a guild's rewards. */
export function forgetRewards(guildId: string): void {
	rewardCache.delete(guildId);
}

/** Why Tika cannot hand out this role, or null when she can. */
export function roleRefusal(guild: Guild, role: Pick<Role, 'id' | 'managed' | 'position' | 'name'>): string | null {
	if (role.id === guild.id) return 'The @everyone role cannot be a reward.';
	if (role.managed) return `**${role.name}** is managed by an integration (a bot or a boost role); Discord does not let anyone assign it.`;
	const me = guild.members.me;
	if (me && !me.permissions.has(PermissionFlagsBits.ManageRoles)) return 'I need the **Manage Roles** permission to give reward roles.';
	const top = me?.roles.highest.position ?? 0;
	if (role.position >= top)
		return `**${role.name}** is above (or equal to) my highest role, so I cannot give it. Move my role above it in Server Settings → Roles.`;
	return null;
}

/** Brings a member's reward roles in line with their level, both ways; returns the roles added and removed. */
export async function syncMemberRewards(
	member: GuildMember,
	level: number,
	mode: RewardMode,
	rewards?: RewardRow[]
): Promise<{ added: string[]; removed: string[] }> {
	const rows = rewards ?? (await listRewards(member.guild.id));
	if (rows.length === 0) return { added: [], removed: [] };
	const plan = rewardPlan(rows, level, mode);
	const usable = (id: string) => {
		const role = member.guild.roles.cache.get(id);
		return role !== undefined && roleRefusal(member.guild, role) === null;
	};
	const added = plan.keep.filter((id) => !member.roles.cache.has(id) && usable(id));
	const removed = plan.drop.filter((id) => member.roles.cache.has(id) && usable(id));
	for (const id of added) await member.roles.add(id, `Level ${level} reward`);
	for (const id of removed) await member.roles.remove(id, `Level reward no longer earned (level ${level})`);
	return { added, removed };
}
