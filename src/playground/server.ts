/**
 * The playground's page server, on 127.0.0.1 only: the page itself, a snapshot of the world, the double's event stream
 * as server-sent events, and one POST route per thing a person can do in Discord (post, run a command, click, pick,
 * submit a modal, react, right-click, give or take a role). Every action goes through the double's own user-side API,
 * so the bot sees exactly what the end-to-end tests make it see.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { GatewayDispatchEvents, InteractionResponseType, MessageFlags, type APIMessage } from 'discord-api-types/v10';
import type { DiscordDouble, InteractionHandle, InteractionRecord, OptionValue, SlashCommandOptions } from './double';
import { pageAssets, type PageAssets } from './assets';
import type { ModalData, PageEvent, PageGuild, PageMessage, Snapshot } from './protocol';
import { PERSONAS, type PlaygroundWorld } from './world';

export interface PageServer {
	url: string;
	/** Resolves once the page's bundle is built (it builds while Tika starts); rejects if it cannot be. */
	ready: Promise<void>;
	close(): Promise<void>;
}

/**
 * Discord gives a bot 3 s to acknowledge an interaction before the client says "The application did not respond";
 * autocomplete answers get the same window.
 */
const ACK_WINDOW_MS = 3_000;
/** Dispatches after which the page gets the guild again (channels, roles, members). */
const GUILD_EVENTS = /^(GUILD_MEMBER_|GUILD_ROLE_|CHANNEL_)/;

export async function startPageServer(options: { double: DiscordDouble; world: PlaygroundWorld; port: number }): Promise<PageServer> {
	const { double, world } = options;
	// Bundled while Tika starts; the first request for the page waits for it if need be.
	const assets = pageAssets();
	assets.catch(() => undefined);
	const clients = new Set<ServerResponse>();
	/** Reactions by message and emoji (`name:id` or the unicode), as the double dispatched them. */
	const reactors = new Map<string, Map<string, Set<string>>>();
	/** Ephemeral messages are never listed in a channel: the page gets them from here. */
	const ephemerals = new Map<string, APIMessage>();
	const modalsShown = new WeakSet<InteractionRecord>();

	const broadcast = (event: PageEvent) => {
		const frame = `data: ${JSON.stringify(event)}\n\n`;
		for (const client of clients) client.write(frame);
	};
	const pageMessage = (message: APIMessage): PageMessage => {
		const byEmoji = reactors.get(message.id);
		return byEmoji ? { ...message, reactors: Object.fromEntries([...byEmoji].map(([emoji, users]) => [emoji, [...users]])) } : message;
	};
	const sendMessage = (id: string) => {
		const message = double.message(id);
		if (message) broadcast({ type: 'message', message: pageMessage(message) });
	};

	const onDispatch = (event: string, data: unknown) => {
		const payload = data as Record<string, unknown>;
		switch (event) {
			case GatewayDispatchEvents.MessageCreate:
			case GatewayDispatchEvents.MessageUpdate:
				return sendMessage(String(payload.id));
			case GatewayDispatchEvents.MessageDelete:
				return broadcast({ type: 'delete', id: String(payload.id), channelId: String(payload.channel_id) });
			case GatewayDispatchEvents.MessageDeleteBulk:
				for (const id of payload.ids as string[]) broadcast({ type: 'delete', id, channelId: String(payload.channel_id) });
				return;
			case GatewayDispatchEvents.MessageReactionAdd:
			case GatewayDispatchEvents.MessageReactionRemove:
			case GatewayDispatchEvents.MessageReactionRemoveAll:
			case GatewayDispatchEvents.MessageReactionRemoveEmoji: {
				const messageId = String(payload.message_id);
				let byEmoji = reactors.get(messageId);
				if (!byEmoji) reactors.set(messageId, (byEmoji = new Map()));
				const emoji = payload.emoji ? emojiKey(payload.emoji as { id: string | null; name: string }) : null;
				if (event === GatewayDispatchEvents.MessageReactionRemoveAll) byEmoji.clear();
				else if (event === GatewayDispatchEvents.MessageReactionRemoveEmoji) byEmoji.delete(emoji!);
				else {
					const users = byEmoji.get(emoji!) ?? new Set<string>();
					if (event === GatewayDispatchEvents.MessageReactionAdd) users.add(String(payload.user_id));
					else users.delete(String(payload.user_id));
					if (users.size) byEmoji.set(emoji!, users);
					else byEmoji.delete(emoji!);
				}
				return sendMessage(messageId);
			}
			default:
				if (GUILD_EVENTS.test(event) && typeof payload.guild_id === 'string') {
					const guild = world.guilds.find((g) => g.id === payload.guild_id);
					if (guild) broadcast({ type: 'guild', guild: describeGuild(double, guild.id) });
				}
		}
	};
	const onMessage = (message: APIMessage) => {
		if (!isEphemeral(message)) return;
		ephemerals.set(message.id, message);
		broadcast({ type: 'message', message });
	};
	const onInteraction = (record: InteractionRecord) => {
		const response = record.response;
		if (response?.type === InteractionResponseType.Modal && !modalsShown.has(record)) {
			modalsShown.add(record);
			broadcast({
				type: 'modal',
				userId: interactionUser(record),
				channelId: record.channelId,
				messageId: record.sourceMessageId ?? null,
				modal: response.data as unknown as ModalData
			});
		}
		// Non-ephemeral answers reach the page as dispatches; ephemeral ones (and their edits) only this way.
		for (const message of [record.original, ...record.followUps]) {
			if (!message || !isEphemeral(message)) continue;
			if (record.originalDeleted && message === record.original) {
				ephemerals.delete(message.id);
				broadcast({ type: 'delete', id: message.id, channelId: message.channel_id });
			} else broadcast({ type: 'message', message });
		}
	};
	double.events.on('dispatch', onDispatch);
	double.events.on('message', onMessage);
	double.events.on('interaction', onInteraction);

	const snapshot = (): Snapshot => ({
		bot: double.bot.data,
		personas: PERSONAS.map((persona) => ({ persona, user: world.users[persona].data })),
		guilds: world.guilds.map((guild) => describeGuild(double, guild.id)),
		messages: world.guilds.flatMap((guild) =>
			guild.channels.flatMap((channel) => [
				...double.messagesIn(channel.id).map(pageMessage),
				...[...ephemerals.values()].filter((message) => message.channel_id === channel.id)
			])
		)
	});

	const actions: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
		message: async (body) => {
			const message = await double.sendMessage({ channel: str(body.channelId), author: str(body.userId), content: str(body.content) });
			return { id: message.id };
		},
		slash: async (body) => answered(await double.slashCommand(slashCommand(body))),
		autocomplete: async (body) => {
			const handle = await double.autocomplete({ ...slashCommand(body), focused: str(body.focused) });
			return { choices: await handle.choices({ timeout: ACK_WINDOW_MS }) };
		},
		button: async (body) =>
			answered(await double.clickButton({ message: str(body.messageId), customId: str(body.customId), user: str(body.userId) })),
		select: async (body) =>
			answered(
				await double.selectMenu({
					message: str(body.messageId),
					customId: str(body.customId),
					values: (body.values as unknown[]).map(String),
					user: str(body.userId)
				})
			),
		modal: async (body) =>
			answered(
				await double.submitModal({
					customId: str(body.customId),
					user: str(body.userId),
					channel: str(body.channelId),
					...(body.messageId ? { message: str(body.messageId) } : {}),
					fields: body.fields as Record<string, string | string[]>
				})
			),
		context: async (body) => {
			const menu = { channel: str(body.channelId), user: str(body.userId), name: str(body.name), target: str(body.targetId) };
			return answered(body.kind === 'message' ? await double.messageContextMenu(menu) : await double.userContextMenu(menu));
		},
		react: async (body) => {
			const reaction = { message: str(body.messageId), user: str(body.userId), emoji: str(body.emoji) };
			if (body.add === false) await double.unreact(reaction);
			else await double.react(reaction);
			return {};
		},
		role: async (body) => {
			const member = double.member(str(body.guildId), str(body.userId));
			if (body.give === false) member.removeRole(str(body.roleId));
			else member.addRole(str(body.roleId));
			return {};
		}
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => json(res, 400, { error: error instanceof Error ? error.message : String(error) }));
	});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (req.method === 'GET') {
			const asset = serveAsset(await assets, url.pathname);
			if (asset) {
				res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
				res.end(asset.body);
				return;
			}
			const font = await serveFont(url.pathname);
			if (font) {
				res.writeHead(200, { 'content-type': font.type, 'cache-control': 'max-age=86400' });
				res.end(font.body);
				return;
			}
			if (url.pathname === '/api/state') return json(res, 200, snapshot());
			if (url.pathname === '/api/commands') return json(res, 200, commandsFor(double, url.searchParams.get('guild')));
			if (url.pathname === '/api/events') {
				res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
				res.write(': connected\n\n');
				clients.add(res);
				req.on('close', () => clients.delete(res));
				return;
			}
		}
		const action = req.method === 'POST' && url.pathname.startsWith('/api/') ? actions[url.pathname.slice(5)] : undefined;
		if (!action) return json(res, 404, { error: `No route for ${req.method} ${url.pathname}` });
		// A JSON body cannot be sent cross-origin without a CORS preflight, which this server never answers: other sites
		// open in the same browser cannot act in the playground.
		if (!req.headers['content-type']?.startsWith('application/json')) return json(res, 415, { error: 'Send JSON' });
		json(res, 200, await action(await readJson(req)));
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		ready: assets.then(() => undefined),
		async close() {
			double.events.off('dispatch', onDispatch);
			double.events.off('message', onMessage);
			double.events.off('interaction', onInteraction);
			for (const client of clients) client.end();
			clients.clear();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

/**
 * Waits (at most Discord's 3 s) for the bot to acknowledge; the page then shows what the bot did through the stream,
 * or "The application did not respond" as Discord would.
 */
async function answered(handle: InteractionHandle): Promise<{ id: string; responded: boolean; type?: number }> {
	try {
		const response = await handle.response({ timeout: ACK_WINDOW_MS });
		return { id: handle.id, responded: true, type: response.type };
	} catch {
		return { id: handle.id, responded: false };
	}
}

function describeGuild(double: DiscordDouble, guildId: string): PageGuild {
	const guild = double.guild(guildId);
	return {
		id: guild.id,
		name: guild.name,
		ownerId: guild.ownerId,
		channels: guild.channels
			.filter((channel) => channel.type === 0)
			.map((channel) => ({
				id: channel.id,
				name: channel.name,
				nsfw: Boolean(channel.data.nsfw),
				topic: (channel.data.topic as string | null | undefined) ?? null
			})),
		roles: guild.roles.map(({ data }) => ({
			id: data.id,
			name: data.name,
			color: data.color,
			position: data.position,
			managed: data.managed,
			permissions: data.permissions
		})),
		members: guild.members.map((member) => ({
			userId: member.id,
			roles: member.roles,
			nick: member.nick,
			premiumSince: member.premiumSince
		}))
	};
}

/** Commands the composer can offer in a guild: global ones plus the guild's own (a guild command wins on a name clash). */
function commandsFor(double: DiscordDouble, guildId: string | null) {
	const guildCommands = guildId ? double.commands(guildId) : [];
	const names = new Set(guildCommands.map((command) => `${command.type ?? 1}:${command.name}`));
	return [...guildCommands, ...double.commands().filter((command) => !names.has(`${command.type ?? 1}:${command.name}`))];
}

function serveAsset(assets: PageAssets, pathname: string): { type: string; body: string } | undefined {
	if (pathname === '/' || pathname === '/index.html') return { type: 'text/html; charset=utf-8', body: assets.html };
	if (pathname === '/app.js') return { type: 'text/javascript; charset=utf-8', body: assets.script };
	if (pathname === '/app.css') return { type: 'text/css; charset=utf-8', body: assets.style };
	return undefined;
}

/**
 * The page's text font comes from the @fontsource package Tika already ships for its images: no network, the same look
 * everywhere. Emoji are left to the browser's own font.
 */
const FONT_PACKAGES: Record<string, string> = {
	'noto-sans': dirname(require.resolve('@fontsource/noto-sans/package.json'))
};
const FONT_PATH = /^\/fonts\/([a-z-]+)\/((?:files\/)?[a-z0-9-]+\.(css|woff2?))$/;

async function serveFont(pathname: string): Promise<{ type: string; body: Buffer } | undefined> {
	const match = FONT_PATH.exec(pathname);
	const root = match ? FONT_PACKAGES[match[1]!] : undefined;
	if (!match || !root) return undefined;
	const body = await readFile(join(root, match[2]!)).catch(() => undefined);
	if (!body) return undefined;
	const types: Record<string, string> = { css: 'text/css; charset=utf-8', woff: 'font/woff', woff2: 'font/woff2' };
	return { type: types[match[3]!]!, body };
}

function isEphemeral(message: APIMessage): boolean {
	return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

function interactionUser(record: InteractionRecord): string {
	const payload = record.payload as { member?: { user: { id: string } }; user?: { id: string } };
	return payload.member?.user.id ?? payload.user?.id ?? '';
}

function emojiKey(emoji: { id: string | null; name: string }): string {
	return emoji.id ? `${emoji.name}:${emoji.id}` : emoji.name;
}

/** `/name [group] [subcommand] options` as the page sends it. */
function slashCommand(body: Record<string, unknown>): SlashCommandOptions {
	return {
		channel: str(body.channelId),
		user: str(body.userId),
		name: str(body.name),
		...(body.subcommandGroup ? { subcommandGroup: str(body.subcommandGroup) } : {}),
		...(body.subcommand ? { subcommand: str(body.subcommand) } : {}),
		options: optionValues(body.options)
	};
}

/** Option values as the page sends them: strings, numbers, booleans, ids; an attachment as `{ filename, base64 }`. */
function optionValues(raw: unknown): Record<string, OptionValue> {
	const values: Record<string, OptionValue> = {};
	for (const [name, value] of Object.entries((raw as Record<string, unknown>) ?? {})) {
		if (value && typeof value === 'object' && 'base64' in value) {
			const file = value as { filename: string; base64: string; contentType?: string };
			values[name] = {
				filename: file.filename,
				content: Buffer.from(file.base64, 'base64'),
				...(file.contentType ? { contentType: file.contentType } : {})
			};
		} else values[name] = value as OptionValue;
	}
	return values;
}

function str(value: unknown): string {
	if (typeof value !== 'string' || !value) throw new Error('Missing a required field');
	return value;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
	let text = '';
	for await (const chunk of req) {
		text += String(chunk);
		if (text.length > 10 * 1024 * 1024) throw new Error('Request too large');
	}
	return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function json(res: ServerResponse, status: number, body: unknown): void {
	if (res.headersSent) return;
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
}
