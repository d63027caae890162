import type { Channel } from 'discord.js';

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
