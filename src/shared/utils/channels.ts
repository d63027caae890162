import { ChannelType, type Channel } from 'discord.js';

/**
 * A channel and what contains it: a thread's channel and that channel's category, a channel's category. Settings that
 * name a channel (exemptions, ignore lists, scopes) cover its threads, and a category covers its channels.
 */
export function channelLineage(channel: Channel): string[] {
	const ids = [channel.id];
	if (channel.isThread()) {
		if (channel.parentId) ids.push(channel.parentId);
		if (channel.parent?.parentId) ids.push(channel.parent.parentId);
	} else if ('parentId' in channel && channel.parentId) ids.push(channel.parentId);
	return ids;
}

/** The channels a setting's "channel (or category)" option offers: text, news, voice and forum channels, categories, threads. */
export const SETTING_CHANNEL_TYPES = [
	ChannelType.GuildText,
	ChannelType.GuildAnnouncement,
	ChannelType.GuildVoice,
	ChannelType.GuildForum,
	ChannelType.GuildCategory,
	ChannelType.PublicThread,
	ChannelType.PrivateThread
] as const;
