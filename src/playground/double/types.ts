import type { APIAttachment, APIEmbed, APIMessage, APIMessageReference, APIUser } from 'discord-api-types/v10';

/** Anything with an id, or the id itself: handles, raw API objects and plain strings all work. */
export type Ref = string | { readonly id: string };

export type UserRef = Ref;
export type GuildRef = Ref;
export type ChannelRef = Ref;
export type RoleRef = Ref;
export type MessageRef = Ref;

export function idOf(ref: Ref): string {
	return typeof ref === 'string' ? ref : ref.id;
}

export interface DiscordDoubleOptions {
	/** Token the bot must send as `Authorization: Bot <token>`. Defaults to a fixed fake token. */
	token?: string;
	/** Bot user fields. */
	bot?: { username?: string; globalName?: string | null };
	/** Application name. */
	applicationName?: string;
	/**
	 * Gate gateway events and message content on the intents from IDENTIFY, like Discord does.
	 * Default true: a bot that forgets an intent fails in tests too.
	 */
	enforceIntents?: boolean;
	/** Default timeout for every `waitFor…`/interaction helper, in ms. Default 5000. */
	timeout?: number;
	/** Heartbeat interval announced in HELLO (ms). Default 41250 like Discord. */
	heartbeatInterval?: number;
	/** Shard count recommended by `GET /gateway/bot`. Default 1. */
	shards?: number;
	/** Dispatches kept per session for RESUME replay. Default 10000. */
	resumeBufferSize?: number;
}

/** A file attached by a test (user side) or uploaded by the bot. */
export interface FileInput {
	filename: string;
	/** Bytes or text; defaults to empty. */
	content?: Buffer | string;
	contentType?: string;
	description?: string;
}

export interface SendMessageOptions {
	/** Optional: derived from the channel. */
	guild?: Ref;
	channel: Ref;
	author: Ref;
	content?: string;
	embeds?: APIEmbed[];
	attachments?: (FileInput | APIAttachment)[];
	/** Extra users to list as mentioned (mentions written as `<@id>` in content are found automatically). */
	mentions?: Ref[];
	/** Message being replied to. */
	reference?: Ref | APIMessageReference;
	/** Override the creation time (e.g. to create messages older than 14 days). */
	timestamp?: Date | number;
	/** Raw fields merged last, for anything not covered. */
	extra?: Partial<APIMessage>;
}

export interface EditMessageOptions {
	content?: string;
	embeds?: APIEmbed[];
	extra?: Partial<APIMessage>;
}

export interface CreateUserOptions {
	username: string;
	globalName?: string | null;
	avatar?: string | null;
	bot?: boolean;
	/** When true, the bot cannot DM this user (REST answers 403 / 50007). */
	dmsClosed?: boolean;
	id?: string;
}

export interface CreateGuildOptions {
	name: string;
	/** Defaults to a freshly created user. */
	ownerId?: Ref;
	id?: string;
	/** Permissions of @everyone (bitfield). Defaults to Discord's default set. */
	everyonePermissions?: bigint | string;
	/** Roles given to the bot's own member. */
	botRoles?: Ref[];
	/** Extra guild fields (features, preferred_locale...). */
	extra?: Record<string, unknown>;
}

export interface CreateChannelOptions {
	name: string;
	type?: number;
	parent?: Ref | null;
	topic?: string | null;
	position?: number;
	nsfw?: boolean;
	permissionOverwrites?: { id: string; type: 0 | 1; allow?: bigint | string; deny?: bigint | string }[];
	id?: string;
}

export interface CreateEmojiOptions {
	name: string;
	animated?: boolean;
	/** Roles allowed to use it (empty: everyone). */
	roles?: Ref[];
	/** False when the guild lost the boosts the emoji needs. */
	available?: boolean;
	id?: string;
}

export interface CreateRoleOptions {
	name: string;
	permissions?: bigint | string;
	position?: number;
	color?: number;
	hoist?: boolean;
	mentionable?: boolean;
	managed?: boolean;
	/** The guild's "Server Booster" role (managed, `tags.premium_subscriber`): boosting adds it, ending a boost removes it. */
	premiumSubscriber?: boolean;
	id?: string;
}

export interface AddMemberOptions {
	roles?: Ref[];
	nick?: string | null;
	joinedAt?: Date | number;
	communicationDisabledUntil?: string | null;
	/** Boosting since (ISO timestamp or Date); null/absent = not a booster. */
	premiumSince?: string | Date | null;
}

/** One HTTP request as the double saw it. */
export interface RecordedRequest {
	method: string;
	/** Path after `/api/v10`, percent-decoded, with real ids: `/channels/123/messages`. */
	path: string;
	/** The matched route pattern (`/channels/:channel/messages`) or null when no route matched. */
	route: string | null;
	params: Record<string, string>;
	/** Full request URL as received (path + query). */
	url: string;
	query: Record<string, string>;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	/** Parsed JSON body; for multipart requests the parsed `payload_json`. */
	body: unknown;
	/** Files of a multipart request. */
	files: RecordedFile[];
	/** Date.now() when the request arrived. */
	time: number;
	/** Status code the double answered with. */
	status: number;
	/** Body the double answered with (undefined for 204). */
	response: unknown;
	/** Set when the response came from failNext(). */
	injected: boolean;
}

export interface RecordedFile {
	/** Form field name, e.g. `files[0]`. */
	name: string;
	filename: string;
	contentType: string;
	bytes: Buffer;
}

export interface FailNextOptions {
	method?: string;
	/** Exact path, `:param` pattern or RegExp matched against the request path (see requestsTo). */
	path?: string | RegExp;
	/** HTTP status, default 429. */
	status?: number;
	/** Seconds, for 429 (default 0.05). */
	retryAfter?: number;
	/** 429 only: mark as global rate limit. */
	global?: boolean;
	/** 429 only: x-ratelimit-scope (user | global | shared). */
	scope?: 'user' | 'global' | 'shared';
	/** Discord JSON error code for non-429 errors (e.g. 50013). */
	code?: number;
	message?: string;
	/** How many matching requests fail. Default 1. */
	times?: number;
}

export type UserLike = APIUser;
