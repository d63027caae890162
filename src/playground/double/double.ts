import { GatewayDispatchEvents, GatewayIntentBits, type APIEmbed, type APIMessage, type GatewayIdentifyData } from 'discord-api-types/v10';
import { Core } from './core';
import type { DoubleEvents } from './events';
import { withTimeout } from './gateway';
import { ChannelHandle, GuildHandle, type MemberHandle, UserHandle } from './handles';
import {
	InteractionRegistry,
	type AutocompleteOptions,
	type ContextMenuOptions,
	type ComponentOptions,
	type InteractionHandle,
	type ModalSubmitOptions,
	type SelectMenuOptions,
	type SlashCommandOptions
} from './interactions';
import { pathMatcher } from './router';
import { registerApplicationRoutes } from './routes/application';
import { registerChannelRoutes } from './routes/channels';
import { registerGuildRoutes } from './routes/guilds';
import { registerInteractionRoutes } from './routes/interactions';
import { compareSnowflakes } from './snowflake';
import {
	idOf,
	type CreateGuildOptions,
	type CreateUserOptions,
	type DiscordDoubleOptions,
	type EditMessageOptions,
	type FailNextOptions,
	type RecordedRequest,
	type Ref,
	type SendMessageOptions
} from './types';

export type RequestFilter = ((request: RecordedRequest) => boolean) | { method?: string; path?: string | RegExp };

/**
 * An in-process stand-in for Discord (gateway v10 + REST v10) that the real discord.js /
 * Sapphire client talks to unchanged. See README.md next to this file.
 */
export class DiscordDouble {
	readonly #core: Core;
	readonly #interactions: InteractionRegistry;
	#started = false;

	public constructor(options: DiscordDoubleOptions = {}) {
		this.#core = new Core(options);
		this.#interactions = new InteractionRegistry(this.#core);
		registerApplicationRoutes(this.#core);
		registerInteractionRoutes(this.#core, this.#interactions);
		registerChannelRoutes(this.#core);
		registerGuildRoutes(this.#core);
	}

	// ------------------------------------------------------------ lifecycle

	/** Listens on 127.0.0.1 (random port) for both REST and the gateway. */
	public async start(): Promise<this> {
		if (this.#started) return this;
		await this.#core.http.listen(0);
		this.#started = true;
		return this;
	}

	public async stop(): Promise<void> {
		if (!this.#started) return;
		this.#started = false;
		await this.#core.gateway.close();
		await this.#core.http.close();
	}

	public get port(): number {
		return this.#core.http.port;
	}

	/** Value for discord.js' `rest.api` option. */
	public get apiUrl(): string {
		return `${this.#core.baseUrl}/api`;
	}

	public get gatewayUrl(): string {
		return this.#core.gatewayUrl;
	}

	public get token(): string {
		return this.#core.options.token;
	}

	public get bot(): UserHandle {
		return new UserHandle(this.#core, this.#core.botUser.id);
	}

	public get applicationId(): string {
		return this.#core.application.id;
	}

	/**
	 * Client options to spread into `new Client({...})` / `new SapphireClient({...})`: points REST
	 * at the double and lifts @discordjs/rest's 50 req/s global throttle, which would otherwise
	 * dominate test time.
	 */
	public clientOptions(): { rest: { api: string; globalRequestsPerSecond: number; retries: number; timeout: number } } {
		return { rest: { api: this.apiUrl, globalRequestsPerSecond: 10_000, retries: 3, timeout: 5_000 } };
	}

	/** The double's event stream: gateway dispatches, stored messages (ephemeral too), interaction changes (events.ts). */
	public get events(): DoubleEvents {
		return this.#core.events;
	}

	// ------------------------------------------------------------ gateway

	/** Resolves once a client identified and received READY plus every GUILD_CREATE. */
	public get ready(): Promise<void> {
		return this.#core.gateway.waitForReadySession(this.#core.options.timeout).then(() => undefined);
	}

	/** The (latest) IDENTIFY payload: intents, properties, shard, large_threshold… */
	public waitForIdentify(options: { timeout?: number } = {}): Promise<GatewayIdentifyData> {
		return this.#core.gateway.waitForIdentify(options.timeout ?? this.#core.options.timeout);
	}

	public get identifies(): readonly GatewayIdentifyData[] {
		return this.#core.gateway.identifies;
	}

	/** Intents of the latest IDENTIFY (0 when none yet). */
	public get intents(): number {
		return Number(this.#core.gateway.identifies.at(-1)?.intents ?? 0);
	}

	/** Low-level gateway access: sessions, received frames, dropConnections(), requestReconnect(). */
	public get gateway() {
		return this.#core.gateway;
	}

	/** Sends any dispatch as-is to every ready session (no intent filtering). Returns sessions reached. */
	public async dispatch(event: GatewayDispatchEvents | string, data: unknown, options: { guildId?: string } = {}): Promise<number> {
		await this.#core.gateway.waitForReadySession(this.#core.options.timeout);
		this.#core.markAction();
		return this.#core.emit(event, data, { guildId: options.guildId });
	}

	// ------------------------------------------------------------ world

	public createUser(options: CreateUserOptions): UserHandle {
		return new UserHandle(this.#core, this.#core.createUser(options).id);
	}

	/** Creates a guild with @everyone, its owner and the bot as members (GUILD_CREATE if connected). */
	public createGuild(options: CreateGuildOptions): GuildHandle {
		return new GuildHandle(this.#core, this.#core.createGuild(options).id);
	}

	public guild(id: Ref): GuildHandle {
		this.#core.state.requireGuild(idOf(id));
		return new GuildHandle(this.#core, idOf(id));
	}

	public user(id: Ref): UserHandle {
		this.#core.state.requireUser(idOf(id));
		return new UserHandle(this.#core, idOf(id));
	}

	public channel(id: Ref): ChannelHandle {
		this.#core.state.requireChannel(idOf(id));
		return new ChannelHandle(this.#core, idOf(id));
	}

	public member(guild: Ref, user: Ref): MemberHandle {
		return this.guild(guild).member(user);
	}

	public get guilds(): GuildHandle[] {
		return [...this.#core.state.guilds.keys()].map((id) => new GuildHandle(this.#core, id));
	}

	// ------------------------------------------------------------ user actions (dispatch)

	/** A user posts a message (MESSAGE_CREATE); it is stored so REST can fetch it. */
	public sendMessage(options: SendMessageOptions): Promise<APIMessage> {
		return this.#core.sendUserMessage(options);
	}

	/** The author edits their message (MESSAGE_UPDATE). */
	public async editMessage(message: Ref, changes: EditMessageOptions): Promise<APIMessage> {
		await this.#core.gateway.waitForReadySession(this.#core.options.timeout);
		const stored = this.#core.state.requireMessage(idOf(message));
		if (changes.content !== undefined) stored.content = changes.content;
		if (changes.embeds !== undefined) stored.embeds = changes.embeds;
		Object.assign(stored, changes.extra, { edited_timestamp: new Date().toISOString() });
		this.#core.markAction();
		await this.#core.emitMessage(GatewayDispatchEvents.MessageUpdate, stored);
		return stored;
	}

	/**
	 * Discord unfurls the links of a message (MESSAGE_UPDATE with the embeds). Unlike an edit it leaves the content and
	 * `edited_timestamp` alone, which is how bots tell an unfurl from an edit.
	 */
	public async unfurl(message: Ref, embeds: APIEmbed[]): Promise<APIMessage> {
		await this.#core.gateway.waitForReadySession(this.#core.options.timeout);
		const stored = this.#core.state.requireMessage(idOf(message));
		stored.embeds = embeds;
		await this.#core.emitMessage(GatewayDispatchEvents.MessageUpdate, stored);
		return stored;
	}

	/** The message is deleted by its author or a moderator (MESSAGE_DELETE). */
	public async deleteMessage(message: Ref): Promise<void> {
		await this.#core.gateway.waitForReadySession(this.#core.options.timeout);
		const stored = this.#core.state.requireMessage(idOf(message));
		this.#core.state.removeMessage(stored.id);
		const guildId = this.#core.state.channels.get(stored.channel_id)?.guild_id;
		this.#core.markAction();
		await this.#core.emit(
			GatewayDispatchEvents.MessageDelete,
			{ id: stored.id, channel_id: stored.channel_id, ...(guildId ? { guild_id: guildId } : {}) },
			{ guildId, intent: guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages }
		);
	}

	/** `user` reacts with `emoji` (unicode, or `name:id` for custom emoji). */
	public async react(options: { message: Ref; user: Ref; emoji: string }): Promise<void> {
		await this.#core.gateway.waitForReadySession(this.#core.options.timeout);
		this.#core.markAction();
		await this.#core.setReaction(this.#core.state.requireMessage(idOf(options.message)), options.emoji, idOf(options.user), true);
	}

	public async unreact(options: { message: Ref; user: Ref; emoji: string }): Promise<void> {
		await this.#core.gateway.waitForReadySession(this.#core.options.timeout);
		this.#core.markAction();
		await this.#core.setReaction(this.#core.state.requireMessage(idOf(options.message)), options.emoji, idOf(options.user), false);
	}

	// ------------------------------------------------------------ interactions

	/** `/name [group] [sub] options…` (option types come from the registered definition). */
	public slashCommand(options: SlashCommandOptions): Promise<InteractionHandle> {
		return this.#interactions.slashCommand(options);
	}

	public autocomplete(options: AutocompleteOptions): Promise<InteractionHandle> {
		return this.#interactions.autocomplete(options);
	}

	public userContextMenu(options: ContextMenuOptions): Promise<InteractionHandle> {
		return this.#interactions.userContextMenu(options);
	}

	public messageContextMenu(options: ContextMenuOptions): Promise<InteractionHandle> {
		return this.#interactions.messageContextMenu(options);
	}

	/** Clicks a button of a stored message (the button must exist and be enabled). */
	public clickButton(options: ComponentOptions): Promise<InteractionHandle> {
		return this.#interactions.clickButton(options);
	}

	public selectMenu(options: SelectMenuOptions): Promise<InteractionHandle> {
		return this.#interactions.selectMenu(options);
	}

	/** Submits a modal; mirrors the layout of the last modal the bot showed with that custom id. */
	public submitModal(options: ModalSubmitOptions): Promise<InteractionHandle> {
		return this.#interactions.submitModal(options);
	}

	/** Application commands the bot registered (global, or of one guild). */
	public commands(guild?: Ref) {
		const map = guild ? this.#core.state.requireGuild(idOf(guild)).commands : this.#core.state.globalCommands;
		return [...map.values()];
	}

	// ------------------------------------------------------------ messages

	/** Messages in a channel, oldest first (ephemeral replies excluded). */
	public messagesIn(channel: Ref): APIMessage[] {
		return this.#core.state.listMessages(idOf(channel));
	}

	public message(id: Ref): APIMessage | undefined {
		return this.#core.state.messages.get(idOf(id));
	}

	/**
	 * Waits for a message created after the last test action (sendMessage, an interaction, …)
	 * by default, so earlier messages never satisfy it by accident.
	 */
	public waitForMessage(
		filter: { channel?: Ref; author?: Ref; content?: string | RegExp; where?: (message: APIMessage) => boolean; after?: Ref } = {},
		options: { timeout?: number } = {}
	): Promise<APIMessage> {
		const after = filter.after ? idOf(filter.after) : this.#core.lastActionId;
		const author = filter.author ? idOf(filter.author) : this.#core.botUser.id;
		const channel = filter.channel ? idOf(filter.channel) : undefined;
		const matches = (m: APIMessage) =>
			compareSnowflakes(m.id, after) > 0 &&
			m.author.id === author &&
			(!channel || m.channel_id === channel) &&
			(filter.content === undefined || (typeof filter.content === 'string' ? m.content === filter.content : filter.content.test(m.content))) &&
			(!filter.where || filter.where(m));
		const existing = [...this.#core.state.messages.values()].find(matches);
		if (existing) return Promise.resolve(existing);
		let listener!: (m: APIMessage) => void;
		const found = new Promise<APIMessage>((resolve) => {
			listener = (m) => matches(m) && resolve(m);
			this.#core.messageListeners.add(listener);
		});
		const timeout = options.timeout ?? this.#core.options.timeout;
		return withTimeout(found, timeout, () => `no matching message; ${this.#core.describeRecentRequests()}`).finally(() =>
			this.#core.messageListeners.delete(listener)
		);
	}

	// ------------------------------------------------------------ REST inspection

	/** Every REST request received, oldest first. */
	public get requests(): readonly RecordedRequest[] {
		return this.#core.http.requests;
	}

	/**
	 * Requests by method (`'*'` for any) and path: exact (`/channels/1/messages`), pattern with
	 * `:params` (`/channels/:id/messages`) or RegExp. The route pattern itself also matches.
	 */
	public requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
		const matcher = pathMatcher(path);
		return this.#core.http.requests.filter((r) => (method === '*' || r.method === method.toUpperCase()) && (matcher(r.path) || r.route === path));
	}

	/** Resolves with the first request (already received or upcoming) that matches. */
	public waitForRequest(filter: RequestFilter, options: { timeout?: number; includeExisting?: boolean } = {}): Promise<RecordedRequest> {
		const predicate = typeof filter === 'function' ? filter : requestPredicate(filter);
		if (options.includeExisting !== false) {
			const existing = this.#core.http.requests.find(predicate);
			if (existing) return Promise.resolve(existing);
		}
		let unsubscribe!: () => void;
		const found = new Promise<RecordedRequest>((resolve) => {
			unsubscribe = this.#core.http.onRequest((request) => predicate(request) && resolve(request));
		});
		const timeout = options.timeout ?? this.#core.options.timeout;
		const what = typeof filter === 'function' ? 'predicate' : `${filter.method ?? '*'} ${String(filter.path ?? '*')}`;
		return withTimeout(found, timeout, () => `no request matching ${what}; ${this.#core.describeRecentRequests()}`).finally(unsubscribe);
	}

	public clearRequests(): void {
		this.#core.http.requests.length = 0;
	}

	/** Requests that matched no route (answered 404). Tests usually assert this is empty. */
	public unknownRoutes(): RecordedRequest[] {
		return this.#core.http.requests.filter((r) => r.route === null);
	}

	/** Errors thrown inside route handlers (answered 500): bugs in the double or in its use. */
	public get errors(): readonly Error[] {
		return this.#core.http.errors;
	}

	/**
	 * Makes the next matching request(s) fail: 429 with Discord's rate-limit headers by default
	 * (discord.js waits `retryAfter` seconds and retries), or any status with a JSON error code.
	 */
	public failNext(options: FailNextOptions = {}): void {
		this.#core.http.failNext(options);
	}

	/** Calls `listener` with every REST request as it is answered (recorded requests can be cleared; this sees all). */
	public onRequest(listener: (request: RecordedRequest) => void): () => void {
		return this.#core.http.onRequest(listener);
	}

	/** Answers matching requests `ms` late, after they took effect (a crash mid-delivery loses the answer); null: none. */
	public slowResponses(options: { method?: string; path?: string | RegExp; ms: number } | null): void {
		this.#core.http.slowResponses(options);
	}

	/** Interaction records (for debugging): payload, response, follow-ups. */
	public get interactions() {
		return this.#interactions.all;
	}
}

function requestPredicate(filter: { method?: string; path?: string | RegExp }): (request: RecordedRequest) => boolean {
	const matcher = filter.path === undefined ? () => true : pathMatcher(filter.path);
	return (r) => (!filter.method || r.method === filter.method.toUpperCase()) && (matcher(r.path) || r.route === filter.path);
}
