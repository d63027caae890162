import {
	ChannelType,
	OverwriteType,
	PermissionFlagsBits,
	type APIApplicationCommand,
	type APIEmoji,
	type APIGuildMember,
	type APIMessage,
	type APIOverwrite,
	type APIRole,
	type APIUser
} from 'discord-api-types/v10';
import { compareSnowflakes } from './snowflake';

/** Discord's default @everyone permissions for a new guild. */
export const DEFAULT_EVERYONE_PERMISSIONS =
	PermissionFlagsBits.CreateInstantInvite |
	PermissionFlagsBits.ChangeNickname |
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.SendMessagesInThreads |
	PermissionFlagsBits.CreatePublicThreads |
	PermissionFlagsBits.CreatePrivateThreads |
	PermissionFlagsBits.EmbedLinks |
	PermissionFlagsBits.AttachFiles |
	PermissionFlagsBits.AddReactions |
	PermissionFlagsBits.UseExternalEmojis |
	PermissionFlagsBits.UseExternalStickers |
	PermissionFlagsBits.ReadMessageHistory |
	PermissionFlagsBits.Connect |
	PermissionFlagsBits.Speak |
	PermissionFlagsBits.Stream |
	PermissionFlagsBits.UseVAD |
	PermissionFlagsBits.UseApplicationCommands |
	PermissionFlagsBits.UseEmbeddedActivities |
	PermissionFlagsBits.RequestToSpeak |
	PermissionFlagsBits.SendVoiceMessages |
	PermissionFlagsBits.SendPolls |
	PermissionFlagsBits.UseExternalApps;

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/**
 * A channel as stored: the API shape, kept mutable. Typed loosely on purpose because the
 * APIChannel union is impractical to update field by field; routes cast on the way out.
 */
export interface ChannelData {
	id: string;
	type: ChannelType;
	guild_id?: string;
	name?: string | null;
	position?: number;
	parent_id?: string | null;
	permission_overwrites?: APIOverwrite[];
	last_message_id?: string | null;
	recipients?: APIUser[];
	[key: string]: unknown;
}

/** A member without its user object (users live once in `DoubleState.users`). */
export interface MemberData {
	userId: string;
	nick: string | null;
	roles: string[];
	joined_at: string;
	premium_since: string | null;
	avatar: string | null;
	communication_disabled_until: string | null;
	flags: number;
	pending: boolean;
	deaf: boolean;
	mute: boolean;
}

export interface GuildData {
	id: string;
	/** Guild fields as sent to the client, minus the collections below. */
	fields: Record<string, unknown> & { id: string; name: string; owner_id: string };
	joinedAt: string;
	roles: Map<string, APIRole>;
	channels: Map<string, ChannelData>;
	threads: Map<string, ChannelData>;
	members: Map<string, MemberData>;
	bans: Map<string, { reason: string | null; userId: string }>;
	/** Custom emojis by id (GuildHandle.createEmoji). */
	emojis: Map<string, APIEmoji>;
	commands: Map<string, APIApplicationCommand>;
}

export interface StoredAttachment {
	bytes: Buffer;
	contentType: string;
}

/** All the double's world state. Plain maps, no I/O, no serialisation until asked. */
export class DoubleState {
	public readonly users = new Map<string, APIUser>();
	public readonly dmsClosed = new Set<string>();
	public readonly guilds = new Map<string, GuildData>();
	/** Every channel (guild channels, threads, DMs) by id. */
	public readonly channels = new Map<string, ChannelData>();
	/** DM channel id by recipient user id. */
	public readonly dmChannels = new Map<string, string>();
	/** Every message, including ephemeral ones (clickable but not listed in their channel). */
	public readonly messages = new Map<string, APIMessage>();
	/** Non-ephemeral message ids per channel, kept sorted ascending. */
	public readonly channelMessages = new Map<string, string[]>();
	public readonly pins = new Map<string, Set<string>>();
	/** messageId → emoji key → user ids. */
	public readonly reactions = new Map<string, Map<string, Set<string>>>();
	public readonly globalCommands = new Map<string, APIApplicationCommand>();
	public readonly attachments = new Map<string, StoredAttachment>();

	public requireUser(id: string): APIUser {
		const user = this.users.get(id);
		if (!user) throw new Error(`DiscordDouble: unknown user ${id}`);
		return user;
	}

	public requireGuild(id: string): GuildData {
		const guild = this.guilds.get(id);
		if (!guild) throw new Error(`DiscordDouble: unknown guild ${id}`);
		return guild;
	}

	public requireChannel(id: string): ChannelData {
		const channel = this.channels.get(id);
		if (!channel) throw new Error(`DiscordDouble: unknown channel ${id}`);
		return channel;
	}

	public requireMessage(id: string): APIMessage {
		const message = this.messages.get(id);
		if (!message) throw new Error(`DiscordDouble: unknown message ${id}`);
		return message;
	}

	public addChannel(channel: ChannelData): void {
		this.channels.set(channel.id, channel);
		if (channel.guild_id) {
			const guild = this.requireGuild(channel.guild_id);
			const isThread =
				channel.type === ChannelType.PublicThread ||
				channel.type === ChannelType.PrivateThread ||
				channel.type === ChannelType.AnnouncementThread;
			(isThread ? guild.threads : guild.channels).set(channel.id, channel);
		}
	}

	public removeChannel(id: string): ChannelData | undefined {
		const channel = this.channels.get(id);
		if (!channel) return undefined;
		this.channels.delete(id);
		if (channel.guild_id) {
			const guild = this.guilds.get(channel.guild_id);
			guild?.channels.delete(id);
			guild?.threads.delete(id);
		}
		return channel;
	}

	/** Stores a message; ephemeral messages are kept by id only. */
	public addMessage(message: APIMessage, listed = true): void {
		this.messages.set(message.id, message);
		if (!listed) return;
		let ids = this.channelMessages.get(message.channel_id);
		if (!ids) this.channelMessages.set(message.channel_id, (ids = []));
		// Ids are almost always increasing: append fast, binary-insert otherwise (old timestamps).
		const last = ids[ids.length - 1];
		if (last === undefined || compareSnowflakes(message.id, last) > 0) ids.push(message.id);
		else ids.splice(lowerBound(ids, message.id), 0, message.id);
		const channel = this.channels.get(message.channel_id);
		if (channel && (!channel.last_message_id || compareSnowflakes(message.id, channel.last_message_id) > 0)) channel.last_message_id = message.id;
	}

	public removeMessage(id: string): APIMessage | undefined {
		const message = this.messages.get(id);
		if (!message) return undefined;
		this.messages.delete(id);
		this.reactions.delete(id);
		this.pins.get(message.channel_id)?.delete(id);
		const ids = this.channelMessages.get(message.channel_id);
		if (ids) {
			const index = lowerBound(ids, id);
			if (ids[index] === id) ids.splice(index, 1);
		}
		return message;
	}

	/** Listed messages of a channel, oldest first. */
	public listMessages(channelId: string): APIMessage[] {
		const ids = this.channelMessages.get(channelId) ?? [];
		return ids.map((id) => this.messages.get(id)!);
	}

	/** GET /channels/:id/messages semantics: newest first, honouring before/after/around. */
	public queryMessages(channelId: string, query: { limit?: number; before?: string; after?: string; around?: string }): APIMessage[] {
		const ids = this.channelMessages.get(channelId) ?? [];
		const limit = Math.min(Math.max(query.limit ?? 50, 1), 100);
		let slice: string[];
		if (query.around) {
			const index = lowerBound(ids, query.around);
			const half = Math.floor(limit / 2);
			const start = Math.max(0, index - half);
			slice = ids.slice(start, start + limit);
		} else if (query.after) {
			let start = lowerBound(ids, query.after);
			if (ids[start] === query.after) start++;
			slice = ids.slice(start, start + limit);
		} else {
			const end = query.before ? lowerBound(ids, query.before) : ids.length;
			slice = ids.slice(Math.max(0, end - limit), end);
		}
		return slice.reverse().map((id) => this.messages.get(id)!);
	}

	public serializeMember(guild: GuildData, member: MemberData): APIGuildMember {
		const { userId, ...rest } = member;
		return { ...rest, user: this.requireUser(userId) } as APIGuildMember;
	}

	/** Guild object as returned by REST `GET /guilds/:id` (roles included, no members/channels). */
	public serializeGuild(guild: GuildData, withCounts = false): Record<string, unknown> {
		const payload: Record<string, unknown> = {
			...guild.fields,
			roles: [...guild.roles.values()],
			emojis: [...guild.emojis.values()],
			stickers: []
		};
		if (withCounts) {
			payload.approximate_member_count = guild.members.size;
			payload.approximate_presence_count = 0;
		}
		return payload;
	}

	/**
	 * GUILD_CREATE payload. Members are only included when the bot may see them (GuildMembers
	 * intent and guild not "large"), like Discord; otherwise just the bot's own member.
	 */
	public guildCreatePayload(
		guild: GuildData,
		options: { includeMembers: boolean; largeThreshold: number; botId: string }
	): Record<string, unknown> {
		const large = guild.members.size > options.largeThreshold;
		const members: APIGuildMember[] = [];
		if (options.includeMembers && !large) {
			for (const member of guild.members.values()) members.push(this.serializeMember(guild, member));
		} else {
			const me = guild.members.get(options.botId);
			if (me) members.push(this.serializeMember(guild, me));
		}
		return {
			...this.serializeGuild(guild),
			joined_at: guild.joinedAt,
			large,
			unavailable: false,
			member_count: guild.members.size,
			voice_states: [],
			members,
			channels: [...guild.channels.values()],
			threads: [...guild.threads.values()],
			presences: [],
			stage_instances: [],
			guild_scheduled_events: [],
			soundboard_sounds: []
		};
	}

	/** The guild holding this custom emoji, among the guilds `userId` is a member of (the emojis a bot can use). */
	public emojiGuildFor(emojiId: string, userId: string): GuildData | undefined {
		for (const guild of this.guilds.values()) if (guild.emojis.has(emojiId) && guild.members.has(userId)) return guild;
		return undefined;
	}

	/** Guild-level permissions of a member (roles OR-ed, owner/admin = all). */
	public basePermissions(guild: GuildData, userId: string): bigint {
		if (guild.fields.owner_id === userId) return ALL_PERMISSIONS;
		const member = guild.members.get(userId);
		let permissions = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
		for (const roleId of member?.roles ?? []) permissions |= BigInt(guild.roles.get(roleId)?.permissions ?? '0');
		return permissions & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : permissions;
	}

	/** Effective permissions in a channel, applying overwrites in Discord's order. */
	public channelPermissions(guild: GuildData, userId: string, channel?: ChannelData): bigint {
		let permissions = this.basePermissions(guild, userId);
		if (permissions === ALL_PERMISSIONS || !channel) return permissions;
		// Threads inherit their parent's overwrites.
		const source = channel.permission_overwrites ? channel : channel.parent_id ? this.channels.get(channel.parent_id) : undefined;
		const overwrites = source?.permission_overwrites ?? [];
		const member = guild.members.get(userId);
		const apply = (overwrite: APIOverwrite | undefined) => {
			if (!overwrite) return;
			permissions &= ~BigInt(overwrite.deny);
			permissions |= BigInt(overwrite.allow);
		};
		apply(overwrites.find((o) => o.id === guild.id));
		let allow = 0n;
		let deny = 0n;
		for (const overwrite of overwrites) {
			if (overwrite.type === OverwriteType.Role && overwrite.id !== guild.id && member?.roles.includes(overwrite.id)) {
				allow |= BigInt(overwrite.allow);
				deny |= BigInt(overwrite.deny);
			}
		}
		permissions = (permissions & ~deny) | allow;
		apply(overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId));
		return permissions;
	}
}

/** Index of the first element >= id in a sorted snowflake array. */
function lowerBound(ids: string[], id: string): number {
	let low = 0;
	let high = ids.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (compareSnowflakes(ids[mid]!, id) < 0) low = mid + 1;
		else high = mid;
	}
	return low;
}

export { ALL_PERMISSIONS };
