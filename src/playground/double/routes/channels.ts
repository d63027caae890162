import {
	ChannelType,
	GatewayDispatchEvents,
	GatewayIntentBits,
	MessageFlags,
	PermissionFlagsBits,
	type APIEmbed,
	type APIMessage
} from 'discord-api-types/v10';
import { isKnownReactionEmoji, type Core } from '../core';
import {
	cannotEditOthersMessage,
	cannotMessageUser,
	DiscordApiError,
	emptyMessage,
	invalidForm,
	maxReactions,
	missingAccess,
	missingPermissions,
	unknownChannel,
	unknownEmoji,
	unknownMessage
} from '../errors';
import { compareSnowflakes, snowflakeTimestamp } from '../snowflake';
import type { ChannelData } from '../state';
import { isEmptyMessage, obj, uploadedAttachments, type Json } from './shared';

const FOURTEEN_DAYS = 14 * 24 * 60 * 60 * 1000;
/** How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes" in its docs). */
export const NONCE_WINDOW_MS = 5 * 60 * 1000;
/** Embeds hidden by SUPPRESS_EMBEDS, given back when the flag is cleared (Discord unfurls the links again). */
const suppressedEmbeds = new WeakMap<APIMessage, APIEmbed[]>();

/** Channel, message, pin, reaction, typing, overwrite and thread routes. */
export function registerChannelRoutes(core: Core): void {
	const { router, state } = core;

	const channelOf = (id: string): ChannelData => {
		const channel = state.channels.get(id);
		if (!channel) throw unknownChannel();
		return channel;
	};
	const messageIn = (channelId: string, messageId: string): APIMessage => {
		channelOf(channelId);
		const message = state.messages.get(messageId);
		if (!message || message.channel_id !== channelId) throw unknownMessage();
		return message;
	};
	const messageIntent = (channel: ChannelData) => (channel.guild_id ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages);
	const guildField = (channel: ChannelData) => (channel.guild_id ? { guild_id: channel.guild_id } : {});
	// enforce_nonce: author + nonce → the message created with it, for NONCE_WINDOW_MS.
	const nonces = new Map<string, { messageId: string; at: number }>();
	const checkNonce = (nonce: unknown) => {
		if (nonce === undefined || nonce === null) return;
		const valid = typeof nonce === 'string' ? nonce.length <= 25 : typeof nonce === 'number' && Number.isSafeInteger(nonce);
		if (!valid) {
			throw invalidForm({
				nonce: {
					_errors: [
						typeof nonce === 'string'
							? { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }
							: { code: 'NONCE_TYPE_INVALID', message: 'Nonce must be an integer or a string.' }
					]
				}
			});
		}
	};
	/** The message an earlier request with the same nonce created, when `enforce_nonce` asks Discord to return it. */
	const earlierByNonce = (data: Json): APIMessage | null => {
		if (data.enforce_nonce !== true || data.nonce === undefined || data.nonce === null) return null;
		const now = Date.now();
		for (const [key, entry] of nonces) if (now - entry.at > NONCE_WINDOW_MS) nonces.delete(key);
		const earlier = nonces.get(`${core.botUser.id}:${String(data.nonce)}`);
		return earlier ? (state.messages.get(earlier.messageId) ?? null) : null;
	};

	router.get('/channels/:channel', ({ params }) => ({ body: channelOf(params.channel!) }));

	router.patch('/channels/:channel', ({ params, body }) => {
		const channel = channelOf(params.channel!);
		const patch = obj(body);
		for (const key of [
			'name',
			'topic',
			'nsfw',
			'rate_limit_per_user',
			'position',
			'parent_id',
			'bitrate',
			'user_limit',
			'permission_overwrites'
		]) {
			if (key in patch) channel[key] = patch[key];
		}
		if (channel.thread_metadata && ('archived' in patch || 'locked' in patch))
			Object.assign(channel.thread_metadata, { archived: patch.archived ?? false, locked: patch.locked ?? false });
		const event = channel.thread_metadata ? GatewayDispatchEvents.ThreadUpdate : GatewayDispatchEvents.ChannelUpdate;
		void core.emit(event, channel, { guildId: channel.guild_id, intent: GatewayIntentBits.Guilds });
		return { body: channel };
	});

	router.delete('/channels/:channel', ({ params }) => {
		const channel = channelOf(params.channel!);
		state.removeChannel(channel.id);
		const event = channel.thread_metadata ? GatewayDispatchEvents.ThreadDelete : GatewayDispatchEvents.ChannelDelete;
		void core.emit(event, channel, { guildId: channel.guild_id, intent: GatewayIntentBits.Guilds });
		return { body: channel };
	});

	router.get('/channels/:channel/messages', ({ params, query }) => {
		channelOf(params.channel!);
		const limit = query.has('limit') ? Number(query.get('limit')) : undefined;
		return {
			body: state.queryMessages(params.channel!, {
				limit,
				before: query.get('before') ?? undefined,
				after: query.get('after') ?? undefined,
				around: query.get('around') ?? undefined
			})
		};
	});

	router.post('/channels/:channel/messages', async ({ params, body, files }) => {
		const channel = channelOf(params.channel!);
		const data = obj(body);
		if (channel.type === ChannelType.DM && channel.recipients?.some((u) => state.dmsClosed.has(u.id))) throw cannotMessageUser();
		if (channel.type === ChannelType.GuildCategory) throw new DiscordApiError(400, 50008, 'Cannot send messages in a non-text channel');
		checkNonce(data.nonce);
		const earlier = earlierByNonce(data);
		if (earlier) return { body: earlier };
		const uploads = uploadedAttachments(core, channel.id, data, files);
		if (isEmptyMessage(data, uploads.length)) throw emptyMessage();
		const reference = data.message_reference as { message_id?: string; fail_if_not_exists?: boolean } | undefined;
		if (reference?.message_id && !state.messages.has(reference.message_id) && reference.fail_if_not_exists !== false) {
			throw invalidForm({ message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } });
		}
		const message = core.buildMessage({
			channelId: channel.id,
			author: core.botUser,
			content: data.content as string | undefined,
			embeds: data.embeds as never,
			components: data.components as unknown[] | undefined,
			attachments: uploads,
			allowedMentions: data.allowed_mentions as never,
			reference: reference?.message_id && state.messages.has(reference.message_id) ? (reference as never) : undefined,
			nonce: (data.nonce ?? undefined) as string | number | undefined,
			tts: Boolean(data.tts),
			flags: (Number(data.flags) || 0) & ~64
		});
		if (data.poll) (message as unknown as Json).poll = data.poll;
		if (data.nonce !== undefined && data.nonce !== null)
			nonces.set(`${core.botUser.id}:${String(data.nonce)}`, { messageId: message.id, at: Date.now() });
		await core.postMessage(message);
		return { body: message };
	});

	router.post('/channels/:channel/messages/bulk-delete', ({ params, body }) => {
		const channel = channelOf(params.channel!);
		const ids = obj(body).messages;
		if (!Array.isArray(ids) || ids.length < 2 || ids.length > 100) {
			throw invalidForm({ messages: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 2 and 100 in length.' }] } });
		}
		const cutoff = Date.now() - FOURTEEN_DAYS;
		if ((ids as string[]).some((id) => snowflakeTimestamp(String(id)) < cutoff)) {
			throw new DiscordApiError(400, 50034, 'You can only bulk delete messages that are under 14 days old.');
		}
		const deleted = (ids as string[]).filter((id) => state.messages.get(id)?.channel_id === channel.id);
		for (const id of deleted) state.removeMessage(id);
		void core.emit(
			GatewayDispatchEvents.MessageDeleteBulk,
			{ ids: deleted, channel_id: channel.id, ...guildField(channel) },
			{ guildId: channel.guild_id, intent: messageIntent(channel) }
		);
		return {};
	});

	router.get('/channels/:channel/messages/:message', ({ params }) => ({ body: messageIn(params.channel!, params.message!) }));

	router.patch('/channels/:channel/messages/:message', async ({ params, body, files }) => {
		const message = messageIn(params.channel!, params.message!);
		const data = obj(body);
		const target = message as unknown as Json;
		// What an edit can change besides `flags`; other keys (tts, nonce, enforce_nonce...) are not edit parameters and are ignored.
		const onlyFlags = !['content', 'embeds', 'components', 'attachments', 'poll'].some((key) => key in data) && files.length === 0;
		if (message.author.id !== core.botUser.id) {
			// Edit Message (Discord's API docs): "Other users can only edit flags and only if they have the MANAGE_MESSAGES
			// permission in the corresponding channel." A DM grants no such permission.
			if (!onlyFlags) throw cannotEditOthersMessage();
			const channel = channelOf(params.channel!);
			const guild = channel.guild_id ? state.guilds.get(channel.guild_id) : undefined;
			if (!guild || !(state.channelPermissions(guild, core.botUser.id, channel) & PermissionFlagsBits.ManageMessages))
				throw missingPermissions();
		}
		for (const key of ['content', 'embeds', 'components']) if (key in data) target[key] = data[key] ?? (key === 'content' ? '' : []);
		const uploads = uploadedAttachments(core, message.channel_id, data, files);
		if ('attachments' in data || uploads.length) {
			const kept = Array.isArray(data.attachments)
				? message.attachments.filter((a) => (data.attachments as { id: string | number }[]).some((r) => String(r.id) === a.id))
				: message.attachments;
			target.attachments = [...kept, ...uploads];
		}
		if ('flags' in data) {
			const before = message.flags ?? 0;
			target.flags = (before & ~MessageFlags.SuppressEmbeds) | (Number(data.flags) & MessageFlags.SuppressEmbeds);
			const suppressed = (Number(target.flags) & MessageFlags.SuppressEmbeds) !== 0;
			// Suppressing removes the embeds from the message (the update carries `embeds: []`); clearing the flag brings them back.
			if (suppressed && !(before & MessageFlags.SuppressEmbeds)) {
				suppressedEmbeds.set(message, message.embeds);
				target.embeds = [];
			} else if (!suppressed && before & MessageFlags.SuppressEmbeds) {
				target.embeds = suppressedEmbeds.get(message) ?? message.embeds;
				suppressedEmbeds.delete(message);
			}
		}
		// Changing only the flags (hiding embeds) does not mark a message "(edited)".
		if (!onlyFlags) target.edited_timestamp = new Date().toISOString();
		await core.emitMessage(GatewayDispatchEvents.MessageUpdate, message);
		return { body: message };
	});

	router.delete('/channels/:channel/messages/:message', ({ params }) => {
		const channel = channelOf(params.channel!);
		const message = messageIn(params.channel!, params.message!);
		state.removeMessage(message.id);
		void core.emit(
			GatewayDispatchEvents.MessageDelete,
			{ id: message.id, channel_id: channel.id, ...guildField(channel) },
			{ guildId: channel.guild_id, intent: messageIntent(channel) }
		);
		return {};
	});

	// --- pins (discord.js 14.28 lists with the new /messages/pins route, pins with both)
	const pin = (channelId: string, messageId: string, pinned: boolean) => {
		const channel = channelOf(channelId);
		const message = messageIn(channelId, messageId);
		let pins = state.pins.get(channelId);
		if (!pins) state.pins.set(channelId, (pins = new Set()));
		if (pinned) pins.add(messageId);
		else pins.delete(messageId);
		(message as unknown as Json).pinned = pinned;
		void core.emit(
			GatewayDispatchEvents.ChannelPinsUpdate,
			{ channel_id: channelId, ...guildField(channel), last_pin_timestamp: pinned ? new Date().toISOString() : null },
			{ guildId: channel.guild_id, intent: channel.guild_id ? GatewayIntentBits.Guilds : GatewayIntentBits.DirectMessages }
		);
		return {};
	};
	const pinnedMessages = (channelId: string) => [...(state.pins.get(channelId) ?? [])].map((id) => state.messages.get(id)!).reverse();
	router.get('/channels/:channel/pins', ({ params }) => (channelOf(params.channel!), { body: pinnedMessages(params.channel!) }));
	router.get('/channels/:channel/messages/pins', ({ params }) => {
		channelOf(params.channel!);
		return {
			body: { items: pinnedMessages(params.channel!).map((message) => ({ pinned_at: new Date().toISOString(), message })), has_more: false }
		};
	});
	router.put('/channels/:channel/pins/:message', ({ params }) => pin(params.channel!, params.message!, true));
	router.delete('/channels/:channel/pins/:message', ({ params }) => pin(params.channel!, params.message!, false));
	router.put('/channels/:channel/messages/pins/:message', ({ params }) => pin(params.channel!, params.message!, true));
	router.delete('/channels/:channel/messages/pins/:message', ({ params }) => pin(params.channel!, params.message!, false));

	// --- reactions
	const base = '/channels/:channel/messages/:message/reactions';
	router.put(`${base}/:emoji/@me`, ({ params }) => {
		const channel = channelOf(params.channel!);
		const message = messageIn(params.channel!, params.message!);
		const emoji = params.emoji!;
		const emojiGuild = (id: string) => state.emojiGuildFor(id, core.botUser.id);
		if (!isKnownReactionEmoji(emoji, (id) => emojiGuild(id) !== undefined)) throw unknownEmoji();
		const byEmoji = state.reactions.get(message.id);
		const guild = channel.guild_id ? state.guilds.get(channel.guild_id) : undefined;
		if (guild) {
			// Create Reaction (Discord's API docs): READ_MESSAGE_HISTORY always; ADD_REACTIONS when nobody has reacted with
			// this emoji yet; a custom emoji of another guild needs USE_EXTERNAL_EMOJIS like any external emoji.
			const permissions = state.channelPermissions(guild, core.botUser.id, channel);
			if (!(permissions & PermissionFlagsBits.ViewChannel)) throw missingAccess();
			if (!(permissions & PermissionFlagsBits.ReadMessageHistory)) throw missingPermissions();
			if (!byEmoji?.get(emoji)?.size && !(permissions & PermissionFlagsBits.AddReactions)) throw missingPermissions();
			const custom = /:(\d+)$/.exec(emoji)?.[1];
			if (custom && emojiGuild(custom) !== guild && !(permissions & PermissionFlagsBits.UseExternalEmojis)) throw missingPermissions();
		}
		if (!byEmoji?.has(emoji) && (byEmoji?.size ?? 0) >= 20) throw maxReactions();
		core.setReaction(message, emoji, core.botUser.id, true);
		return {};
	});
	router.delete(`${base}/:emoji/:user`, ({ params }) => {
		const user = params.user === '@me' ? core.botUser.id : params.user!;
		core.setReaction(messageIn(params.channel!, params.message!), params.emoji!, user, false);
		return {};
	});
	router.get(`${base}/:emoji`, ({ params, query }) => {
		const message = messageIn(params.channel!, params.message!);
		const limit = Number(query.get('limit') ?? 25);
		if (!Number.isInteger(limit) || limit < 1 || limit > 100)
			throw invalidForm({ limit: { _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 100.' }] } });
		// Pages by user id (`after`), as discord.js's ReactionUserManager#fetch walks them; burst reactions (type 1) are not modelled.
		const after = query.get('after');
		const users = query.get('type') === '1' ? [] : [...(state.reactions.get(message.id)?.get(params.emoji!) ?? [])].sort(compareSnowflakes);
		return {
			body: users
				.filter((id) => !after || compareSnowflakes(id, after) > 0)
				.slice(0, limit)
				.map((id) => state.requireUser(id))
		};
	});
	router.delete(base, ({ params }) => {
		const message = messageIn(params.channel!, params.message!);
		core.clearReactions(message, null);
		return {};
	});
	router.delete(`${base}/:emoji`, ({ params }) => {
		const message = messageIn(params.channel!, params.message!);
		core.clearReactions(message, params.emoji!);
		return {};
	});

	router.post('/channels/:channel/typing', ({ params }) => (channelOf(params.channel!), {}));

	// --- permission overwrites
	router.put('/channels/:channel/permissions/:overwrite', ({ params, body }) => {
		const channel = channelOf(params.channel!);
		const data = obj(body);
		const overwrites = (channel.permission_overwrites ??= []);
		const entry = {
			id: params.overwrite!,
			type: Number(data.type ?? 0) as 0 | 1,
			allow: String(data.allow ?? '0'),
			deny: String(data.deny ?? '0')
		};
		const index = overwrites.findIndex((o) => o.id === entry.id);
		if (index === -1) overwrites.push(entry);
		else overwrites[index] = entry;
		void core.emit(GatewayDispatchEvents.ChannelUpdate, channel, { guildId: channel.guild_id, intent: GatewayIntentBits.Guilds });
		return {};
	});
	router.delete('/channels/:channel/permissions/:overwrite', ({ params }) => {
		const channel = channelOf(params.channel!);
		channel.permission_overwrites = (channel.permission_overwrites ?? []).filter((o) => o.id !== params.overwrite);
		void core.emit(GatewayDispatchEvents.ChannelUpdate, channel, { guildId: channel.guild_id, intent: GatewayIntentBits.Guilds });
		return {};
	});

	// --- threads
	router.post('/channels/:channel/threads', ({ params, body }) => {
		const data = obj(body);
		const thread = core.createThread(channelOf(params.channel!).id, {
			name: String(data.name ?? 'thread'),
			private: data.type === ChannelType.PrivateThread
		});
		return { status: 201, body: thread };
	});
	router.post('/channels/:channel/messages/:message/threads', ({ params, body }) => {
		const message = messageIn(params.channel!, params.message!);
		const thread = core.createThread(params.channel!, { name: String(obj(body).name ?? 'thread'), id: message.id });
		(message as unknown as Json).thread = thread;
		return { status: 201, body: thread };
	});

	// --- DMs
	router.post('/users/@me/channels', ({ body }) => {
		const recipient = String(obj(body).recipient_id ?? '');
		if (!state.users.has(recipient)) throw invalidForm({ recipient_id: { _errors: [{ code: 'USER_UNKNOWN', message: 'Unknown user' }] } });
		return { body: core.dmChannel(recipient) };
	});
}
