import { ChannelType, type APIEmoji, type APIGuildMember, type APIMessage, type APIRole, type APIUser } from 'discord-api-types/v10';
import type { Core } from './core';
import type { ChannelData, GuildData, MemberData } from './state';
import {
	idOf,
	type AddMemberOptions,
	type CreateChannelOptions,
	type CreateEmojiOptions,
	type CreateRoleOptions,
	type Ref,
	type SendMessageOptions
} from './types';

/**
 * Handles are thin, live views over the double's state: reading `.data` always shows the
 * current object, and mutations dispatch the matching gateway event once a client is connected.
 * Every handle has an `id`, so it can be passed anywhere a `Ref` is accepted.
 */
export class UserHandle {
	public constructor(
		protected readonly core: Core,
		public readonly id: string
	) {}

	public get data(): APIUser {
		return this.core.state.requireUser(this.id);
	}

	public get username(): string {
		return this.data.username;
	}

	public get bot(): boolean {
		return this.data.bot ?? false;
	}

	/** Makes the bot's DMs to this user fail with 403 / 50007 (or succeed again). */
	public setDmsClosed(closed = true): this {
		if (closed) this.core.state.dmsClosed.add(this.id);
		else this.core.state.dmsClosed.delete(this.id);
		return this;
	}

	/** Messages in the DM channel between the bot and this user (oldest first). */
	public dms(): APIMessage[] {
		const channelId = this.core.state.dmChannels.get(this.id);
		return channelId ? this.core.state.listMessages(channelId) : [];
	}

	/** The user writes to the bot in DMs. */
	public sendDm(content: string, options: Omit<SendMessageOptions, 'channel' | 'author' | 'content'> = {}): Promise<APIMessage> {
		return this.core.sendUserMessage({ ...options, channel: this.core.dmChannel(this.id).id, author: this.id, content });
	}

	/** Mention markup `<@id>`. */
	public toString(): string {
		return `<@${this.id}>`;
	}
}

export class RoleHandle {
	public constructor(
		protected readonly core: Core,
		public readonly guildId: string,
		public readonly id: string
	) {}

	public get data(): APIRole {
		const role = this.core.state.requireGuild(this.guildId).roles.get(this.id);
		if (!role) throw new Error(`DiscordDouble: role ${this.id} no longer exists`);
		return role;
	}

	public get name(): string {
		return this.data.name;
	}

	public get permissions(): bigint {
		return BigInt(this.data.permissions);
	}

	public toString(): string {
		return `<@&${this.id}>`;
	}
}

export class ChannelHandle {
	public constructor(
		protected readonly core: Core,
		public readonly id: string
	) {}

	public get data(): ChannelData {
		return this.core.state.requireChannel(this.id);
	}

	public get name(): string {
		return String(this.data.name ?? '');
	}

	public get type(): ChannelType {
		return this.data.type;
	}

	public get guildId(): string | null {
		return this.data.guild_id ?? null;
	}

	/** Messages stored in this channel, oldest first (ephemeral ones excluded). */
	public messages(): APIMessage[] {
		return this.core.state.listMessages(this.id);
	}

	public lastMessage(): APIMessage | undefined {
		return this.messages().at(-1);
	}

	/** `author` posts `content` here (MESSAGE_CREATE). */
	public send(author: Ref, content: string, options: Omit<SendMessageOptions, 'channel' | 'author' | 'content'> = {}): Promise<APIMessage> {
		return this.core.sendUserMessage({ ...options, channel: this.id, author, content });
	}

	public createThread(name: string, options: { private?: boolean; owner?: Ref } = {}): ChannelHandle {
		const thread = this.core.createThread(this.id, { name, private: options.private, ownerId: options.owner ? idOf(options.owner) : undefined });
		return new ChannelHandle(this.core, thread.id);
	}

	/** Sets a permission overwrite for a role (type 0) or member (type 1). */
	public setOverwrite(target: RoleHandle | UserHandle | MemberHandle, permissions: { allow?: bigint; deny?: bigint }): this {
		const overwrites = (this.data.permission_overwrites ??= []);
		const id = target instanceof MemberHandle ? target.user.id : target.id;
		const type = target instanceof RoleHandle ? 0 : 1;
		const entry = { id, type, allow: String(permissions.allow ?? 0n), deny: String(permissions.deny ?? 0n) } as const;
		const index = overwrites.findIndex((o) => o.id === id);
		if (index === -1) overwrites.push(entry);
		else overwrites[index] = entry;
		void this.core.emit('CHANNEL_UPDATE', this.data, { guildId: this.guildId, intent: 1 });
		return this;
	}

	public toString(): string {
		return `<#${this.id}>`;
	}
}

export class MemberHandle {
	public readonly user: UserHandle;

	public constructor(
		protected readonly core: Core,
		public readonly guildId: string,
		userId: string
	) {
		this.user = new UserHandle(core, userId);
	}

	get #member(): MemberData {
		const member = this.core.state.requireGuild(this.guildId).members.get(this.user.id);
		if (!member) throw new Error(`DiscordDouble: ${this.user.id} is no longer a member of ${this.guildId}`);
		return member;
	}

	/** Same as user.id, so a member handle works as a user Ref. */
	public get id(): string {
		return this.user.id;
	}

	/** The member as the API shows it (with user). */
	public get data(): APIGuildMember {
		return this.core.state.serializeMember(this.core.state.requireGuild(this.guildId), this.#member);
	}

	public get roles(): string[] {
		return [...this.#member.roles];
	}

	public get nick(): string | null {
		return this.#member.nick;
	}

	public get communicationDisabledUntil(): string | null {
		return this.#member.communication_disabled_until;
	}

	public hasRole(role: Ref): boolean {
		return this.#member.roles.includes(idOf(role));
	}

	/** Effective permissions (guild-level, or in `channel` when given). */
	public permissions(channel?: Ref): bigint {
		const { state } = this.core;
		return state.channelPermissions(state.requireGuild(this.guildId), this.user.id, channel ? state.requireChannel(idOf(channel)) : undefined);
	}

	/** GUILD_MEMBER_UPDATE with the role added (as if a moderator did it in the client). */
	public addRole(role: Ref): this {
		if (!this.hasRole(role)) this.core.updateMember(this.guildId, this.user.id, { roles: [...this.#member.roles, idOf(role)] });
		return this;
	}

	public removeRole(role: Ref): this {
		this.core.updateMember(this.guildId, this.user.id, { roles: this.#member.roles.filter((id) => id !== idOf(role)) });
		return this;
	}

	public setNick(nick: string | null): this {
		this.core.updateMember(this.guildId, this.user.id, { nick });
		return this;
	}

	/**
	 * Starts (a date) or ends (null) boosting: one GUILD_MEMBER_UPDATE with `premium_since` and, as on Discord, the
	 * guild's booster role (created with `premiumSubscriber: true`) added or removed. discord.js emits guildMemberUpdate
	 * only when something it compares changed, and premium_since is not among them: the role change is what it sees.
	 */
	public setPremiumSince(since: Date | string | null): this {
		const guild = this.core.state.requireGuild(this.guildId);
		const boosterRole = [...guild.roles.values()].find(
			(role) => (role as { tags?: { premium_subscriber?: unknown } }).tags?.premium_subscriber === null
		);
		let roles = this.#member.roles.filter((id) => id !== boosterRole?.id);
		if (since && boosterRole) roles = [...roles, boosterRole.id];
		this.core.updateMember(this.guildId, this.user.id, { premium_since: since ? new Date(since).toISOString() : null, roles });
		return this;
	}

	public get premiumSince(): string | null {
		return this.#member.premium_since;
	}

	public toString(): string {
		return `<@${this.user.id}>`;
	}
}

export class GuildHandle {
	public constructor(
		protected readonly core: Core,
		public readonly id: string
	) {}

	get #guild(): GuildData {
		return this.core.state.requireGuild(this.id);
	}

	/** Guild object as `GET /guilds/:id` returns it. */
	public get data(): Record<string, unknown> {
		return this.core.state.serializeGuild(this.#guild);
	}

	public get name(): string {
		return this.#guild.fields.name;
	}

	public get ownerId(): string {
		return this.#guild.fields.owner_id;
	}

	public get owner(): MemberHandle {
		return new MemberHandle(this.core, this.id, this.ownerId);
	}

	/** The @everyone role (its id is the guild id). */
	public get everyone(): RoleHandle {
		return new RoleHandle(this.core, this.id, this.id);
	}

	/** The bot's own member. */
	public get me(): MemberHandle {
		return new MemberHandle(this.core, this.id, this.core.botUser.id);
	}

	public get memberCount(): number {
		return this.#guild.members.size;
	}

	/** Every channel of the guild (threads excluded), by position. */
	public get channels(): ChannelHandle[] {
		return [...this.#guild.channels.values()]
			.sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
			.map((channel) => new ChannelHandle(this.core, channel.id));
	}

	/** Every role, @everyone included, highest first. */
	public get roles(): RoleHandle[] {
		return [...this.#guild.roles.values()].sort((a, b) => b.position - a.position).map((role) => new RoleHandle(this.core, this.id, role.id));
	}

	/** Every member, the bot included. */
	public get members(): MemberHandle[] {
		return [...this.#guild.members.keys()].map((userId) => new MemberHandle(this.core, this.id, userId));
	}

	/** `createChannel('general')` or `createChannel({ name, type, parent, ... })`. */
	public createChannel(nameOrOptions: string | CreateChannelOptions, options: Omit<CreateChannelOptions, 'name'> = {}): ChannelHandle {
		const resolved = typeof nameOrOptions === 'string' ? { ...options, name: nameOrOptions } : nameOrOptions;
		return new ChannelHandle(this.core, this.core.createChannel(this.id, resolved).id);
	}

	public createVoiceChannel(name: string, options: Omit<CreateChannelOptions, 'name' | 'type'> = {}): ChannelHandle {
		return this.createChannel({ ...options, name, type: ChannelType.GuildVoice });
	}

	public createCategory(name: string, options: Omit<CreateChannelOptions, 'name' | 'type'> = {}): ChannelHandle {
		return this.createChannel({ ...options, name, type: ChannelType.GuildCategory });
	}

	public createRole(options: CreateRoleOptions): RoleHandle {
		return new RoleHandle(this.core, this.id, this.core.createRole(this.id, options).id);
	}

	/** A custom emoji of the guild; users react with it as `name:id`. */
	public createEmoji(options: CreateEmojiOptions): APIEmoji {
		return this.core.createEmoji(this.id, options);
	}

	/** Adds a user as member (GUILD_MEMBER_ADD once connected). */
	public addMember(user: Ref, options: AddMemberOptions = {}): MemberHandle {
		this.core.addMember(this.id, idOf(user), options);
		return new MemberHandle(this.core, this.id, idOf(user));
	}

	/** Creates `count` users and adds them, cheaply (for large fixtures and benchmarks). */
	public addMembers(count: number, options: AddMemberOptions & { usernamePrefix?: string } = {}): MemberHandle[] {
		const prefix = options.usernamePrefix ?? `${this.name.toLowerCase().replace(/\W+/g, '')}_member`;
		const handles: MemberHandle[] = [];
		for (let i = 0; i < count; i++) {
			const user = this.core.createUser({ username: `${prefix}${i}` });
			handles.push(this.addMember(user.id, options));
		}
		return handles;
	}

	/** The member leaves (GUILD_MEMBER_REMOVE). */
	public removeMember(user: Ref): boolean {
		return this.core.removeMember(this.id, idOf(user));
	}

	public member(user: Ref): MemberHandle {
		if (!this.#guild.members.has(idOf(user))) throw new Error(`DiscordDouble: ${idOf(user)} is not a member of ${this.name}`);
		return new MemberHandle(this.core, this.id, idOf(user));
	}

	public hasMember(user: Ref): boolean {
		return this.#guild.members.has(idOf(user));
	}

	/** Channel by name or id. */
	public channel(nameOrId: string): ChannelHandle {
		const guild = this.#guild;
		const channel =
			guild.channels.get(nameOrId) ??
			guild.threads.get(nameOrId) ??
			[...guild.channels.values(), ...guild.threads.values()].find((c) => c.name === nameOrId);
		if (!channel) throw new Error(`DiscordDouble: no channel "${nameOrId}" in ${this.name}`);
		return new ChannelHandle(this.core, channel.id);
	}

	/** Role by name or id. */
	public role(nameOrId: string): RoleHandle {
		const guild = this.#guild;
		const role = guild.roles.get(nameOrId) ?? [...guild.roles.values()].find((r) => r.name === nameOrId);
		if (!role) throw new Error(`DiscordDouble: no role "${nameOrId}" in ${this.name}`);
		return new RoleHandle(this.core, this.id, role.id);
	}

	/** Ban entry for a user, if banned. */
	public ban(user: Ref): { reason: string | null } | undefined {
		return this.#guild.bans.get(idOf(user));
	}
}
