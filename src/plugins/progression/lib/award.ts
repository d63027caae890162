import { container } from '@sapphire/framework';
import type { GuildMember, GuildTextBasedChannel } from 'discord.js';
import { clampXp, levelForXp } from './curve';
import { onLevelChange } from './levelUp';
import { cooldowns, getBuffer, rankIndex } from './runtime';
import { effectiveMultiplier, rollXp } from './rules';
import { curveOf, getSettings, settingsNow, type ProgressionSettings } from './settings';

/** What the XP decision reads of a message. Implementations may work the costlier fields out only when read. */
export interface AwardInput {
	readonly guildId: string;
	readonly userId: string;
	readonly member: GuildMember | null;
	readonly channelId: string;
	/** The channel and, for threads, its parent: multipliers and no-XP lists apply to either. */
	readonly channelIds: readonly string[];
	/** The member's roles; read only when a no-XP role list or a role multiplier asks. */
	roleIds(): readonly string[];
	readonly contentLength: number;
	readonly channel: GuildTextBasedChannel | null;
}

/**
 * Decides and buffers the XP for one message; returns the XP given (0 when none). Synchronous when the guild's
 * settings are cached and the message earns nothing (the member's cooldown, a short message: most messages), a
 * promise otherwise. Level changes fire without awaiting the DB.
 */
export function awardMessage(input: AwardInput): number | Promise<number> {
	const settings = settingsNow(input.guildId);
	return settings instanceof Promise ? settings.then((loaded) => award(input, loaded)) : award(input, settings);
}

function award(input: AwardInput, settings: Readonly<ProgressionSettings>): number | Promise<number> {
	const cooldownMs = settings.cooldownSeconds * 1000;
	// Most messages: the member earned XP a moment ago. Nothing else needs reading then.
	if (cooldowns.cooling(input.guildId, input.userId, cooldownMs)) return 0;
	if (input.contentLength < settings.minLength) return 0;
	if (settings.noXpChannels.length > 0 && input.channelIds.some((id) => settings.noXpChannels.includes(id))) return 0;
	const roles = settings.noXpRoles.length > 0 || Object.keys(settings.roleMultipliers).length > 0 ? input.roleIds() : [];
	if (roles.some((id) => settings.noXpRoles.includes(id))) return 0;
	const multiplier = effectiveMultiplier(settings, roles, input.channelIds);
	if (multiplier <= 0) return 0;
	if (!cooldowns.take(input.guildId, input.userId, cooldownMs)) return 0;
	return give(input, settings, multiplier);
}

async function give(input: AwardInput, settings: Readonly<ProgressionSettings>, multiplier: number): Promise<number> {
	const gained = rollXp(settings.xpMin, settings.xpMax, multiplier);
	const curve = curveOf(settings);
	let oldLevel = 0;
	let newLevel = 0;
	await getBuffer().update(input.guildId, input.userId, (entry) => {
		oldLevel = entry.level;
		entry.xp = clampXp(entry.xp + gained);
		entry.messages = Math.min(2_000_000_000, entry.messages + 1);
		entry.level = levelForXp(entry.xp, curve, settings.maxLevel);
		newLevel = entry.level;
	});
	if (newLevel > oldLevel && input.member) {
		void onLevelChange(input.member, oldLevel, newLevel, settings, input.channel).catch((error: Error) =>
			container.logger.warn(`progression: level-up handling failed: ${error.message}`)
		);
	}
	return gained;
}

/**
 * Admin change: sets a member's total, writes it at once, and brings reward roles in line (both ways).
 * Returns the old and new totals and levels.
 */
export async function setMemberXp(
	guildId: string,
	userId: string,
	compute: (current: number) => number,
	member: GuildMember | null,
	settings?: ProgressionSettings
): Promise<{ oldXp: number; newXp: number; oldLevel: number; newLevel: number }> {
	const config = settings ?? (await getSettings(guildId));
	const curve = curveOf(config);
	const result = { oldXp: 0, newXp: 0, oldLevel: 0, newLevel: 0 };
	const buffer = getBuffer();
	await buffer.update(guildId, userId, (entry) => {
		result.oldXp = entry.xp;
		result.oldLevel = levelForXp(entry.xp, curve, config.maxLevel);
		entry.xp = clampXp(compute(entry.xp));
		entry.level = levelForXp(entry.xp, curve, config.maxLevel);
		result.newXp = entry.xp;
		result.newLevel = entry.level;
	});
	await buffer.flush();
	if (member && result.newLevel !== result.oldLevel)
		await onLevelChange(member, result.oldLevel, result.newLevel, { ...config, announce: 'none' }, null);
	return result;
}

/** Deletes a member's row (reset); reward roles are taken back. */
export async function resetMember(guildId: string, userId: string, member: GuildMember | null): Promise<number> {
	const buffer = getBuffer();
	// Write whatever is pending first, so an in-flight flush cannot bring the row back after the delete.
	await buffer.flush();
	const entry = await buffer.get(guildId, userId);
	const oldXp = entry.xp;
	buffer.drop(guildId, userId);
	await container.prisma.memberXp.deleteMany({ where: { guildId, userId } });
	rankIndex.forget(guildId);
	if (member) {
		const settings = await getSettings(guildId);
		await onLevelChange(member, entry.level, 0, { ...settings, announce: 'none' }, null);
	}
	return oldXp;
}

/** Deletes every row of the guild. Reward roles are left as they are (a sync afterwards takes them back). */
export async function resetGuild(guildId: string): Promise<number> {
	const buffer = getBuffer();
	await buffer.flush();
	buffer.dropGuild(guildId);
	const { count } = await container.prisma.memberXp.deleteMany({ where: { guildId } });
	rankIndex.forget(guildId);
	return count;
}
