import {
	ChannelType,
	OverwriteType,
	PermissionFlagsBits,
	type Guild,
	type GuildBasedChannel,
	type GuildChannel,
	type Role,
	type TextChannel
} from 'discord.js';
import { updateSettings } from './settings';

export const DETENTION_ROLE_NAME = 'Detained';
export const DETENTION_CHANNEL_NAME = 'detention';

export interface SetupResult {
	role: Role;
	channel: TextChannel;
	createdRole: boolean;
	createdChannel: boolean;
	/** Channels and categories now hidden from the detention role. */
	hidden: number;
	/** Channels whose overwrites could not be written (missing access). */
	failed: string[];
}

/** Channel types that carry their own permission overwrites (threads inherit from their parent). */
const OVERWRITABLE = new Set<ChannelType>([
	ChannelType.GuildText,
	ChannelType.GuildVoice,
	ChannelType.GuildCategory,
	ChannelType.GuildAnnouncement,
	ChannelType.GuildStageVoice,
	ChannelType.GuildForum,
	ChannelType.GuildMedia
]);

/**
 * Creates (or adopts) the detention role and channel and writes the overwrites that make the channel the only one a
 * detained member can see: the role is denied View Channel everywhere else; in the detention channel @everyone is
 * denied View Channel and the role may view, read history and send. Safe to run again (it re-applies everything).
 */
export async function setupDetention(
	guild: Guild,
	options: { role?: Role | null; channel?: TextChannel | null; moderatorId: string }
): Promise<SetupResult> {
	const auditReason = `Detention setup by ${options.moderatorId}`;
	const role =
		options.role ??
		(await guild.roles.create({ name: DETENTION_ROLE_NAME, permissions: [], mentionable: false, hoist: false, reason: auditReason }));
	const me = guild.members.me ?? (await guild.members.fetchMe());

	const detentionOverwrites = [
		{ id: guild.roles.everyone.id, type: OverwriteType.Role, deny: [PermissionFlagsBits.ViewChannel] },
		{
			id: role.id,
			type: OverwriteType.Role,
			allow: [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.ReadMessageHistory]
		},
		{
			id: me.id,
			type: OverwriteType.Member,
			allow: [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.ReadMessageHistory]
		}
	];
	let channel = options.channel ?? null;
	const createdChannel = !channel;
	if (!channel) {
		channel = await guild.channels.create({
			name: DETENTION_CHANNEL_NAME,
			type: ChannelType.GuildText,
			topic: 'Detained members can only see this channel.',
			permissionOverwrites: detentionOverwrites,
			reason: auditReason
		});
	} else {
		await channel.permissionOverwrites.edit(guild.roles.everyone, { ViewChannel: false }, { reason: auditReason });
		await channel.permissionOverwrites.edit(role, { ViewChannel: true, SendMessages: true, ReadMessageHistory: true }, { reason: auditReason });
		await channel.permissionOverwrites.edit(me, { ViewChannel: true, SendMessages: true, ReadMessageHistory: true }, { reason: auditReason });
	}

	const channels = await guild.channels.fetch();
	let hidden = 0;
	const failed: string[] = [];
	for (const other of channels.values()) {
		if (!other || other.id === channel.id || !OVERWRITABLE.has(other.type)) continue;
		try {
			await hideFrom(other, role, auditReason);
			hidden++;
		} catch {
			failed.push(other.id);
		}
	}

	await updateSettings(guild.id, { detentionRoleId: role.id, detentionChannelId: channel.id });
	return { role, channel, createdRole: !options.role, createdChannel, hidden, failed };
}

/** Denies View Channel to the detention role on one channel (also used when a channel is created after setup). */
export async function hideFrom(channel: GuildBasedChannel | GuildChannel, role: Role | string, reason?: string): Promise<void> {
	if (!('permissionOverwrites' in channel)) return;
	await channel.permissionOverwrites.edit(role, { ViewChannel: false }, { reason });
}

export function isOverwritable(type: ChannelType): boolean {
	return OVERWRITABLE.has(type);
}
