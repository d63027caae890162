import { randomBytes } from 'node:crypto';
import {
	ApplicationFlags,
	ChannelType,
	GatewayDispatchEvents,
	GatewayIntentBits,
	MessageFlags,
	MessageType,
	type APIAllowedMentions,
	type APIAttachment,
	type APIEmoji,
	type APIEmbed,
	type APIMessage,
	type APIMessageReference,
	type APIRole,
	type APIUser,
	type UserFlags
} from 'discord-api-types/v10';
import { invalidForm } from './errors';
import { DoubleEvents } from './events';
import { GatewayServer, type DispatchTarget } from './gateway';
import { HttpServer } from './http';
import { Router } from './router';
import { SnowflakeGenerator, snowflakeTimestamp } from './snowflake';
import { DEFAULT_EVERYONE_PERMISSIONS, DoubleState, type ChannelData, type GuildData, type MemberData } from './state';
import {
	idOf,
	type AddMemberOptions,
	type CreateChannelOptions,
	type CreateEmojiOptions,
	type CreateGuildOptions,
	type CreateRoleOptions,
	type CreateUserOptions,
	type DiscordDoubleOptions,
	type FileInput,
	type SendMessageOptions
} from './types';

export interface MessageInput {
	channelId: string;
	author: APIUser;
	content?: string;
	embeds?: APIEmbed[];
	attachments?: APIAttachment[];
	components?: unknown[];
	flags?: number;
	type?: MessageType;
	reference?: APIMessageReference;
	extraMentions?: string[];
	allowedMentions?: APIAllowedMentions;
	timestamp?: Date | number;
	webhookId?: string;
	applicationId?: string;
	interactionMetadata?: Record<string, unknown>;
	nonce?: string | number;
	tts?: boolean;
	extra?: Partial<APIMessage>;
}

const USER_MENTION = /<@!?(\d{15,21})>/g;
const ROLE_MENTION = /<@&(\d{15,21})>/g;

/**
 * Shared internals: state, id generator, servers, and the domain operations that both the
 * test-facing API and the REST routes use (so a REST write and a test write look the same).
 */
export class Core {
	public readonly ids = new SnowflakeGenerator(1);
	public readonly state = new DoubleState();
	public readonly router = new Router();
	public readonly options: Required<Omit<DiscordDoubleOptions, 'bot' | 'applicationName'>>;
	public readonly botUser: APIUser;
	public readonly application: { id: string; name: string; flags: number };
	public readonly gateway: GatewayServer;
	public readonly http: HttpServer;
	/** Called for every stored message (bot or test authored). */
	public readonly messageListeners = new Set<(message: APIMessage) => void>();
	/** Everything that happens, for observers such as the playground's page (events.ts). */
	public readonly events = new DoubleEvents();
	/** Snowflake taken at the last test-side action; `waitForMessage` looks at messages after it. */
	public lastActionId = '0';

	public constructor(options: DiscordDoubleOptions = {}) {
		this.options = {
			token: options.token ?? `double.${randomBytes(12).toString('base64url')}`,
			enforceIntents: options.enforceIntents ?? true,
			timeout: options.timeout ?? 5000,
			heartbeatInterval: options.heartbeatInterval ?? 41_250,
			shards: options.shards ?? 1,
			resumeBufferSize: options.resumeBufferSize ?? 10_000
		};
		const botId = this.ids.next();
		this.botUser = {
			id: botId,
			username: options.bot?.username ?? 'Tika',
			global_name: options.bot?.globalName ?? null,
			discriminator: '0',
			avatar: null,
			bot: true,
			flags: 0 as UserFlags,
			public_flags: 0 as UserFlags
		};
		this.state.users.set(botId, this.botUser);
		// A bot's application id equals its user id on Discord.
		this.application = {
			id: botId,
			name: options.applicationName ?? this.botUser.username,
			flags: ApplicationFlags.GatewayGuildMembersLimited | ApplicationFlags.GatewayMessageContentLimited
		};
		this.gateway = new GatewayServer({
			state: this.state,
			token: () => this.options.token,
			botUser: () => this.botUser as unknown as Record<string, unknown>,
			application: () => ({ id: this.application.id, flags: this.application.flags }),
			gatewayUrl: () => this.gatewayUrl,
			heartbeatInterval: this.options.heartbeatInterval,
			resumeBufferSize: this.options.resumeBufferSize,
			enforceIntents: this.options.enforceIntents
		});
		this.http = new HttpServer({
			router: this.router,
			state: this.state,
			token: () => this.options.token,
			onUpgrade: (request, socket, head) => this.gateway.handleUpgrade(request, socket, head)
		});
	}

	public get baseUrl(): string {
		return `http://127.0.0.1:${this.http.port}`;
	}

	public get gatewayUrl(): string {
		return `ws://127.0.0.1:${this.http.port}/gateway`;
	}

	// ---------------------------------------------------------------- factories

	public createUser(options: CreateUserOptions): APIUser {
		const user: APIUser = {
			id: options.id ?? this.ids.next(),
			username: options.username,
			global_name: options.globalName ?? null,
			discriminator: '0',
			avatar: options.avatar ?? null,
			bot: options.bot ?? false,
			flags: 0 as UserFlags,
			public_flags: 0 as UserFlags
		};
		this.state.users.set(user.id, user);
		if (options.dmsClosed) this.state.dmsClosed.add(user.id);
		return user;
	}

	public createGuild(options: CreateGuildOptions): GuildData {
		const id = options.id ?? this.ids.next();
		const ownerId = options.ownerId
			? idOf(options.ownerId)
			: this.createUser({ username: `${options.name.toLowerCase().replace(/\W+/g, '')}_owner` }).id;
		const guild: GuildData = {
			id,
			fields: {
				id,
				name: options.name,
				icon: null,
				splash: null,
				discovery_splash: null,
				banner: null,
				description: null,
				owner_id: ownerId,
				afk_channel_id: null,
				afk_timeout: 300,
				verification_level: 0,
				default_message_notifications: 0,
				explicit_content_filter: 0,
				features: [],
				mfa_level: 0,
				application_id: null,
				system_channel_id: null,
				system_channel_flags: 0,
				rules_channel_id: null,
				public_updates_channel_id: null,
				safety_alerts_channel_id: null,
				vanity_url_code: null,
				premium_tier: 0,
				premium_subscription_count: 0,
				preferred_locale: 'en-US',
				nsfw_level: 0,
				nsfw: false,
				premium_progress_bar_enabled: false,
				max_members: 500_000,
				max_video_channel_users: 25,
				max_stage_video_channel_users: 50,
				hub_type: null,
				incidents_data: null,
				...options.extra
			},
			joinedAt: new Date().toISOString(),
			roles: new Map(),
			channels: new Map(),
			threads: new Map(),
			members: new Map(),
			bans: new Map(),
			emojis: new Map(),
			commands: new Map()
		};
		this.state.guilds.set(id, guild);
		guild.roles.set(
			id,
			this.#role(id, { name: '@everyone', permissions: options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, position: 0 })
		);
		if (!this.state.users.has(ownerId)) throw new Error(`DiscordDouble: owner ${ownerId} is not a known user`);
		this.#putMember(guild, ownerId, {});
		this.#putMember(guild, this.botUser.id, { roles: options.botRoles });
		// A guild created after the client is connected is "joined": the bot gets GUILD_CREATE.
		this.emitGuildCreate(guild);
		return guild;
	}

	public emitGuildCreate(guild: GuildData): void {
		for (const session of this.gateway.liveSessions) {
			const includeMembers = !this.options.enforceIntents || (session.intents & GatewayIntentBits.GuildMembers) !== 0;
			const payload = this.state.guildCreatePayload(guild, {
				includeMembers,
				largeThreshold: session.identify.large_threshold ?? 50,
				botId: this.botUser.id
			});
			void this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, payload, { guildId: guild.id });
		}
	}

	public createChannel(guildId: string, options: CreateChannelOptions): ChannelData {
		const guild = this.state.requireGuild(guildId);
		const type = options.type ?? ChannelType.GuildText;
		const channel: ChannelData = {
			id: options.id ?? this.ids.next(),
			type,
			guild_id: guildId,
			name: options.name,
			position: options.position ?? guild.channels.size,
			parent_id: options.parent ? idOf(options.parent) : null,
			permission_overwrites: (options.permissionOverwrites ?? []).map((o) => ({
				id: o.id,
				type: o.type,
				allow: String(o.allow ?? 0),
				deny: String(o.deny ?? 0)
			})),
			flags: 0
		};
		if (type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement || type === ChannelType.GuildForum) {
			Object.assign(channel, { topic: options.topic ?? null, nsfw: options.nsfw ?? false, rate_limit_per_user: 0, last_message_id: null });
		}
		if (type === ChannelType.GuildVoice || type === ChannelType.GuildStageVoice) {
			Object.assign(channel, { bitrate: 64_000, user_limit: 0, rtc_region: null, nsfw: false, rate_limit_per_user: 0, last_message_id: null });
		}
		this.state.addChannel(channel);
		this.emit(GatewayDispatchEvents.ChannelCreate, channel, { guildId, intent: GatewayIntentBits.Guilds });
		return channel;
	}

	public createThread(parentId: string, options: { name: string; ownerId?: string; private?: boolean; id?: string }): ChannelData {
		const parent = this.state.requireChannel(parentId);
		const thread: ChannelData = {
			id: options.id ?? this.ids.next(),
			type: options.private ? ChannelType.PrivateThread : ChannelType.PublicThread,
			guild_id: parent.guild_id,
			name: options.name,
			parent_id: parentId,
			owner_id: options.ownerId ?? this.botUser.id,
			last_message_id: null,
			rate_limit_per_user: 0,
			message_count: 0,
			member_count: 1,
			total_message_sent: 0,
			flags: 0,
			thread_metadata: {
				archived: false,
				auto_archive_duration: 1440,
				archive_timestamp: new Date().toISOString(),
				locked: false,
				create_timestamp: new Date().toISOString()
			}
		};
		this.state.addChannel(thread);
		this.emit(
			GatewayDispatchEvents.ThreadCreate,
			{ ...thread, newly_created: true },
			{ guildId: parent.guild_id, intent: GatewayIntentBits.Guilds }
		);
		return thread;
	}

	public createRole(guildId: string, options: CreateRoleOptions): APIRole {
		const guild = this.state.requireGuild(guildId);
		const role = this.#role(options.id ?? this.ids.next(), options, guild.roles.size);
		guild.roles.set(role.id, role);
		this.emit(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guildId, role }, { guildId, intent: GatewayIntentBits.Guilds });
		return role;
	}

	#role(id: string, options: CreateRoleOptions, defaultPosition = 1): APIRole {
		return {
			id,
			name: options.name,
			color: options.color ?? 0,
			colors: { primary_color: options.color ?? 0, secondary_color: null, tertiary_color: null },
			hoist: options.hoist ?? false,
			icon: null,
			unicode_emoji: null,
			position: options.position ?? defaultPosition,
			permissions: String(options.permissions ?? 0n),
			managed: options.managed ?? options.premiumSubscriber ?? false,
			mentionable: options.mentionable ?? false,
			flags: 0,
			...(options.premiumSubscriber ? { tags: { premium_subscriber: null } } : {})
		} as unknown as APIRole;
	}

	/** A custom emoji of the guild; GUILD_EMOJIS_UPDATE once connected (clients without the GuildExpressions intent miss it, as on Discord). */
	public createEmoji(guildId: string, options: CreateEmojiOptions): APIEmoji {
		const guild = this.state.requireGuild(guildId);
		const emoji: APIEmoji = {
			id: options.id ?? this.ids.next(),
			name: options.name,
			roles: (options.roles ?? []).map(idOf),
			require_colons: true,
			managed: false,
			animated: options.animated ?? false,
			available: options.available ?? true
		};
		guild.emojis.set(emoji.id!, emoji);
		this.emit(
			GatewayDispatchEvents.GuildEmojisUpdate,
			{ guild_id: guildId, emojis: [...guild.emojis.values()] },
			{ guildId, intent: GatewayIntentBits.GuildExpressions }
		);
		return emoji;
	}

	public addMember(guildId: string, userId: string, options: AddMemberOptions = {}): MemberData {
		const guild = this.state.requireGuild(guildId);
		this.state.requireUser(userId);
		const member = this.#putMember(guild, userId, options);
		this.emit(
			GatewayDispatchEvents.GuildMemberAdd,
			{ ...this.state.serializeMember(guild, member), guild_id: guildId },
			{ guildId, intent: GatewayIntentBits.GuildMembers }
		);
		return member;
	}

	#putMember(guild: GuildData, userId: string, options: AddMemberOptions): MemberData {
		const member: MemberData = {
			userId,
			nick: options.nick ?? null,
			roles: (options.roles ?? []).map(idOf),
			joined_at: new Date(options.joinedAt ?? Date.now()).toISOString(),
			premium_since: options.premiumSince ? new Date(options.premiumSince).toISOString() : null,
			avatar: null,
			communication_disabled_until: options.communicationDisabledUntil ?? null,
			flags: 0,
			pending: false,
			deaf: false,
			mute: false
		};
		guild.members.set(userId, member);
		return member;
	}

	public removeMember(guildId: string, userId: string): boolean {
		const guild = this.state.requireGuild(guildId);
		if (!guild.members.delete(userId)) return false;
		this.emit(
			GatewayDispatchEvents.GuildMemberRemove,
			{ guild_id: guildId, user: this.state.requireUser(userId) },
			{ guildId, intent: GatewayIntentBits.GuildMembers }
		);
		return true;
	}

	public updateMember(guildId: string, userId: string, patch: Partial<Omit<MemberData, 'userId'>>): MemberData {
		const guild = this.state.requireGuild(guildId);
		const member = guild.members.get(userId);
		if (!member) throw new Error(`DiscordDouble: ${userId} is not a member of ${guildId}`);
		Object.assign(member, patch);
		this.emit(
			GatewayDispatchEvents.GuildMemberUpdate,
			{ ...this.state.serializeMember(guild, member), guild_id: guildId },
			{ guildId, intent: GatewayIntentBits.GuildMembers }
		);
		return member;
	}

	// ---------------------------------------------------------------- messages

	/** Records "the test did something now" (see waitForMessage). */
	public markAction(): string {
		this.lastActionId = this.ids.next();
		return this.lastActionId;
	}

	/** A user (not the bot) posts a message: stored and dispatched as MESSAGE_CREATE. */
	public async sendUserMessage(options: SendMessageOptions): Promise<APIMessage> {
		await this.gateway.waitForReadySession(this.options.timeout);
		const channel = this.state.requireChannel(idOf(options.channel));
		if (options.guild && channel.guild_id !== idOf(options.guild))
			throw new Error(`DiscordDouble: channel ${channel.id} is not in guild ${idOf(options.guild)}`);
		const author = this.state.requireUser(idOf(options.author));
		if (channel.guild_id && !this.state.requireGuild(channel.guild_id).members.has(author.id)) {
			throw new Error(`DiscordDouble: ${author.username} is not a member of guild ${channel.guild_id}; add them first`);
		}
		const attachments = (options.attachments ?? []).map((a) => ('id' in a ? a : this.storeAttachment(channel.id, a)));
		let reference: APIMessageReference | undefined;
		if (options.reference) {
			const ref = options.reference;
			const messageId = typeof ref === 'string' ? ref : 'message_id' in ref && ref.message_id ? ref.message_id : (ref as { id: string }).id;
			reference = {
				message_id: messageId,
				channel_id: this.state.messages.get(messageId)?.channel_id ?? channel.id,
				...(channel.guild_id ? { guild_id: channel.guild_id } : {})
			};
		}
		this.markAction();
		const message = this.buildMessage({
			channelId: channel.id,
			author,
			content: options.content,
			embeds: options.embeds,
			attachments,
			reference,
			extraMentions: options.mentions?.map(idOf),
			timestamp: options.timestamp,
			extra: options.extra
		});
		await this.postMessage(message);
		return message;
	}

	/** Stores uploaded or test-supplied bytes and returns the attachment object pointing at them. */
	public storeAttachment(channelId: string, file: FileInput): APIAttachment {
		const id = this.ids.next();
		const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : (file.content ?? Buffer.alloc(0));
		const contentType = file.contentType ?? guessContentType(file.filename);
		this.state.attachments.set(id, { bytes, contentType });
		const url = `${this.baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
		const attachment: APIAttachment = { id, filename: file.filename, size: bytes.length, url, proxy_url: url, content_type: contentType };
		if (file.description) attachment.description = file.description;
		return attachment;
	}

	public buildMessage(input: MessageInput): APIMessage {
		const id = input.timestamp === undefined ? this.ids.next() : this.ids.at(input.timestamp);
		const content = input.content ?? '';
		const guildId = this.state.channels.get(input.channelId)?.guild_id;
		const guild = guildId ? this.state.guilds.get(guildId) : undefined;
		const allowed = input.allowedMentions;
		if (allowed) validateAllowedMentions(allowed);

		const mentionIds = new Set<string>();
		for (const match of content.matchAll(USER_MENTION)) {
			const userId = match[1]!;
			if (allowed && !allowed.parse?.includes('users' as never) && !allowed.users?.includes(userId)) continue;
			mentionIds.add(userId);
		}
		for (const userId of input.extraMentions ?? []) mentionIds.add(userId);
		const referenced = input.reference?.message_id ? this.state.messages.get(input.reference.message_id) : undefined;
		if (referenced && allowed?.replied_user !== false) mentionIds.add(referenced.author.id);
		const mentionRoles: string[] = [];
		for (const match of content.matchAll(ROLE_MENTION)) {
			const roleId = match[1]!;
			if (!guild?.roles.has(roleId)) continue;
			if (allowed && !allowed.parse?.includes('roles' as never) && !allowed.roles?.includes(roleId)) continue;
			mentionRoles.push(roleId);
		}
		const everyone = /@(everyone|here)/.test(content) && (!allowed || Boolean(allowed.parse?.includes('everyone' as never)));

		const message = {
			id,
			channel_id: input.channelId,
			author: input.author,
			content,
			timestamp: new Date(snowflakeTimestamp(id)).toISOString(),
			edited_timestamp: null,
			tts: input.tts ?? false,
			mention_everyone: everyone,
			mentions: [...mentionIds].map((userId) => this.state.users.get(userId)).filter((u): u is APIUser => u !== undefined),
			mention_roles: mentionRoles,
			attachments: input.attachments ?? [],
			embeds: input.embeds ?? [],
			pinned: false,
			type: input.type ?? (input.reference ? MessageType.Reply : MessageType.Default),
			flags: input.flags ?? 0,
			components: input.components ?? []
		} as APIMessage & Record<string, unknown>;
		if (input.nonce !== undefined) message.nonce = input.nonce;
		if (input.webhookId) message.webhook_id = input.webhookId;
		if (input.applicationId) message.application_id = input.applicationId;
		if (input.interactionMetadata) message.interaction_metadata = input.interactionMetadata as never;
		if (input.reference) {
			message.message_reference = {
				type: 0,
				...(guildId ? { guild_id: guildId } : {}),
				...input.reference,
				channel_id: input.reference.channel_id ?? input.channelId
			};
			message.referenced_message = referenced ?? null;
		}
		return Object.assign(message, input.extra);
	}

	/** Stores a message and sends MESSAGE_CREATE (ephemeral messages are stored but never dispatched). */
	public postMessage(message: APIMessage): Promise<number> {
		const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
		this.state.addMessage(message, !ephemeral);
		const channel = this.state.channels.get(message.channel_id);
		if (channel && typeof channel.message_count === 'number') channel.message_count++;
		for (const listener of this.messageListeners) listener(message);
		this.events.emit('message', message);
		if (ephemeral) return Promise.resolve(0);
		return this.emitMessage(GatewayDispatchEvents.MessageCreate, message);
	}

	/** MESSAGE_CREATE/UPDATE with guild_id + member added and content gated by the MessageContent intent. */
	public emitMessage(event: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate, message: APIMessage): Promise<number> {
		const channel = this.state.channels.get(message.channel_id);
		const guildId = channel?.guild_id;
		const payload: Record<string, unknown> = { ...message };
		if (guildId) {
			payload.guild_id = guildId;
			const guild = this.state.guilds.get(guildId);
			const member = guild?.members.get(message.author.id);
			if (guild && member && !message.webhook_id) {
				const { user: _user, ...partial } = this.state.serializeMember(guild, member);
				payload.member = partial;
			}
		}
		const botId = this.botUser.id;
		const exempt = !guildId || message.author.id === botId || message.mentions.some((u) => u.id === botId);
		return this.emit(event, payload, {
			guildId,
			intent: guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages,
			redact: exempt
				? undefined
				: (data) => ({ ...(data as object), content: '', embeds: [], attachments: [], components: [], poll: undefined })
		});
	}

	public emit(event: string, data: unknown, target: DispatchTarget = {}): Promise<number> {
		this.events.emit('dispatch', event, data);
		return this.gateway.dispatch(event, data, target);
	}

	/** Adds/removes one user's reaction, keeps `message.reactions` in sync and dispatches the event. */
	public setReaction(message: APIMessage, emoji: string, userId: string, add: boolean): Promise<number> {
		let byEmoji = this.state.reactions.get(message.id);
		if (!byEmoji) this.state.reactions.set(message.id, (byEmoji = new Map()));
		let users = byEmoji.get(emoji);
		if (!users) byEmoji.set(emoji, (users = new Set()));
		const changed = add ? !users.has(userId) : users.has(userId);
		if (add) users.add(userId);
		else users.delete(userId);
		if (!users.size) byEmoji.delete(emoji);
		this.#syncReactions(message);
		if (!changed) return Promise.resolve(0);
		const channel = this.state.channels.get(message.channel_id);
		const guildId = channel?.guild_id;
		const payload: Record<string, unknown> = {
			user_id: userId,
			channel_id: message.channel_id,
			message_id: message.id,
			emoji: emojiObject(emoji),
			burst: false,
			type: 0
		};
		if (guildId) {
			payload.guild_id = guildId;
			const guild = this.state.guilds.get(guildId);
			const member = guild?.members.get(userId);
			if (add && guild && member) payload.member = this.state.serializeMember(guild, member);
		}
		if (add) payload.message_author_id = message.author.id;
		return this.emit(add ? GatewayDispatchEvents.MessageReactionAdd : GatewayDispatchEvents.MessageReactionRemove, payload, {
			guildId,
			intent: guildId ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions
		});
	}

	/** Removes all reactions (emoji null) or all of one emoji. */
	public clearReactions(message: APIMessage, emoji: string | null): Promise<number> {
		const byEmoji = this.state.reactions.get(message.id);
		if (emoji === null) this.state.reactions.delete(message.id);
		else byEmoji?.delete(emoji);
		this.#syncReactions(message);
		const guildId = this.state.channels.get(message.channel_id)?.guild_id;
		const payload: Record<string, unknown> = {
			channel_id: message.channel_id,
			message_id: message.id,
			...(guildId ? { guild_id: guildId } : {})
		};
		if (emoji !== null) payload.emoji = emojiObject(emoji);
		return this.emit(
			emoji === null ? GatewayDispatchEvents.MessageReactionRemoveAll : GatewayDispatchEvents.MessageReactionRemoveEmoji,
			payload,
			{
				guildId,
				intent: guildId ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions
			}
		);
	}

	#syncReactions(message: APIMessage): void {
		const byEmoji = this.state.reactions.get(message.id);
		const reactions = [...(byEmoji ?? [])].map(([emoji, users]) => ({
			emoji: emojiObject(emoji),
			count: users.size,
			count_details: { burst: 0, normal: users.size },
			me: users.has(this.botUser.id),
			me_burst: false,
			burst_colors: [],
			burst_count: 0
		}));
		if (reactions.length) message.reactions = reactions;
		else delete message.reactions;
	}

	/** DM channel between the bot and a user, created on first use. */
	public dmChannel(userId: string): ChannelData {
		const existing = this.state.dmChannels.get(userId);
		if (existing) return this.state.requireChannel(existing);
		const channel: ChannelData = {
			id: this.ids.next(),
			type: ChannelType.DM,
			last_message_id: null,
			recipients: [this.state.requireUser(userId)],
			flags: 0
		};
		this.state.addChannel(channel);
		this.state.dmChannels.set(userId, channel.id);
		return channel;
	}

	/** Error text listing the last requests, for timeouts. */
	public describeRecentRequests(count = 10): string {
		const recent = this.http.requests.slice(-count);
		if (!recent.length) return 'no REST requests were received.';
		return `last ${recent.length} REST requests:\n${recent.map((r) => `  ${r.status} ${r.method} ${r.path}${r.body === undefined ? '' : ` ${truncate(JSON.stringify(r.body), 160)}`}`).join('\n')}`;
	}
}

const MENTION_TYPES = ['users', 'roles', 'everyone'];

/**
 * Discord's checks of `allowed_mentions` (Message resource docs, "Allowed Mentions Object"; discord-api-spec
 * MessageAllowedMentionsRequest): `parse` only names users/roles/everyone, `users` and `roles` hold at most 100 ids each,
 * and `parse: ["users"]` with a `users` list (or `"roles"` with `roles`) is ambiguous and refused.
 */
export function validateAllowedMentions(allowed: APIAllowedMentions): void {
	const errors: Record<string, { _errors: { code: string; message: string }[] }> = {};
	const parse = (allowed.parse ?? []) as string[];
	if (parse.some((type) => !MENTION_TYPES.includes(type)))
		errors.parse = {
			_errors: [{ code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${MENTION_TYPES.map((t) => `'${t}'`).join(', ')}}.` }]
		};
	for (const field of ['users', 'roles'] as const) {
		const ids = allowed[field] ?? [];
		if (ids.length > 100) errors[field] = { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }] };
		else if (ids.length > 0 && parse.includes(field))
			errors[field] = {
				_errors: [
					{ code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message: `parse:["${field}"] and ${field}: [ids] are mutually exclusive.` }
				]
			};
	}
	if (Object.keys(errors).length) throw invalidForm({ allowed_mentions: errors });
}

/**
 * Whether Discord knows a reaction emoji (path parameter, decoded): a Unicode emoji, or a custom one as `name:id` that
 * the bot can use (`customKnown`: an emoji of a guild the bot is in, see GuildHandle.createEmoji).
 */
export function isKnownReactionEmoji(emoji: string, customKnown: (id: string) => boolean = () => false): boolean {
	const custom = /^(a:)?[^:]+:(\d+)$/.exec(emoji);
	if (custom) return customKnown(custom[2]!);
	return /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|(?:\p{Extended_Pictographic}|\p{Emoji_Presentation})[\p{Emoji_Modifier}\uFE0F\u200D\p{Extended_Pictographic}\p{Emoji_Presentation}\u{E0020}-\u{E007F}]*)$/u.test(
		emoji
	);
}

/** `name:id` (custom, as sent in REST paths) or a unicode emoji. */
export function emojiObject(emoji: string): { id: string | null; name: string; animated?: boolean } {
	const custom = /^(a:)?([^:]+):(\d+)$/.exec(emoji);
	return custom ? { id: custom[3]!, name: custom[2]!, ...(custom[1] ? { animated: true } : {}) } : { id: null, name: emoji };
}

function truncate(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

function guessContentType(filename: string): string {
	const ext = filename.split('.').pop()?.toLowerCase();
	const types: Record<string, string> = {
		png: 'image/png',
		jpg: 'image/jpeg',
		jpeg: 'image/jpeg',
		gif: 'image/gif',
		webp: 'image/webp',
		txt: 'text/plain; charset=utf-8',
		json: 'application/json',
		mp3: 'audio/mpeg',
		mp4: 'video/mp4'
	};
	return types[ext ?? ''] ?? 'application/octet-stream';
}
