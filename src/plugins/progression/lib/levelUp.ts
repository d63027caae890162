import { container } from '@sapphire/framework';
import type { GuildMember, GuildTextBasedChannel } from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import plugin from '../plugin';
import { syncMemberRewards } from './rewards';
import { renderTemplate } from './rules';
import type { ProgressionSettings } from './settings';

/** This plugin's own lines (its personality.yml). */
const progressionVoice = pluginVoice(plugin);

/** Reward roles follow the new level (both ways); a level-up is announced as configured. */
export async function onLevelChange(
	member: GuildMember,
	oldLevel: number,
	newLevel: number,
	settings: ProgressionSettings,
	sourceChannel: GuildTextBasedChannel | null
): Promise<void> {
	let added: string[] = [];
	try {
		({ added } = await syncMemberRewards(member, newLevel, settings.rewardMode));
	} catch (error) {
		container.logger.warn(`progression: could not sync reward roles for ${member.id} in ${member.guild.id}: ${(error as Error).message}`);
	}
	if (newLevel <= oldLevel || settings.announce === 'none') return;

	// `added` follows the plan's order, highest level first: {role} names the best role just earned.
	const roleName = added.length > 0 ? (member.guild.roles.cache.get(added[0]!)?.name ?? '') : '';
	const content = await levelUpText(member, newLevel, roleName, settings);
	const allowedMentions = { users: [member.id], roles: [], parse: [] as never[] };
	try {
		if (settings.announce === 'dm') {
			await member.send({ content, allowedMentions });
			return;
		}
		const channel =
			settings.announce === 'channel' && settings.announceChannelId
				? await member.guild.channels.fetch(settings.announceChannelId).catch(() => null)
				: sourceChannel;
		if (channel?.isTextBased()) await channel.send({ content, allowedMentions });
	} catch (error) {
		container.logger.warn(`progression: level-up announcement failed in ${member.guild.id}: ${(error as Error).message}`);
	}
}

export async function levelUpText(member: GuildMember, level: number, roleName: string, settings: ProgressionSettings): Promise<string> {
	const vars = { user: `<@${member.id}>`, level, role: roleName, server: member.guild.name };
	if (settings.template) return renderTemplate(settings.template, vars);
	const { sassLevel } = await container.settings.get(member.guild.id);
	const line = progressionVoice.respond('level_up', { userId: member.id, sassLevel, vars: { ...vars, level: String(level) } });
	// Personality lines may not name the member or the level; the announcement always does.
	const facts = line.includes(`<@${member.id}>`) ? '' : `<@${member.id}> `;
	return line.includes(String(level)) ? `${facts}${line}`.trim() : `${facts}${line} (level ${level})`.trim();
}
