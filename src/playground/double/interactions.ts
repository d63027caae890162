import { randomBytes } from 'node:crypto';
import {
	ApplicationCommandOptionType,
	ApplicationCommandType,
	ComponentType,
	GatewayDispatchEvents,
	InteractionResponseType,
	InteractionType,
	MessageFlags,
	MessageType,
	type APIApplicationCommand,
	type APIApplicationCommandOption,
	type APIApplicationCommandOptionChoice,
	type APIAttachment,
	type APIMessage
} from 'discord-api-types/v10';
import type { Core } from './core';
import { alreadyAcknowledged, invalidForm, unknownInteraction, unknownMessage, unknownWebhook } from './errors';
import { withTimeout } from './gateway';
import type { ChannelData, GuildData } from './state';
import { idOf, type FileInput, type Ref } from './types';

/** The callback body the bot sent (`POST /interactions/:id/:token/callback`). */
export interface InteractionResponseBody {
	type: InteractionResponseType;
	data?: Record<string, unknown>;
}

export interface ModalData {
	custom_id: string;
	title: string;
	components: Record<string, unknown>[];
}

export interface InteractionRecord {
	id: string;
	token: string;
	type: InteractionType;
	payload: Record<string, unknown>;
	channelId: string;
	guildId: string | null;
	/** Human label for error messages (`/ping`, `button:confirm`). */
	label: string;
	response?: InteractionResponseBody;
	/** The message the response created, or the component's message for update-style responses. */
	original?: APIMessage;
	/** True once the original shows real content (not a deferral's loading state). */
	originalReady: boolean;
	originalDeleted: boolean;
	followUps: APIMessage[];
	/** Component message for component interactions (target of types 6/7). */
	sourceMessageId?: string;
	listeners: Set<() => void>;
}

export type OptionValue = string | number | boolean | Ref | FileInput;

export interface BaseInteractionOptions {
	/** Guild to run in; derived from `channel` when omitted. Omit both for a DM. */
	guild?: Ref;
	channel?: Ref;
	user: Ref;
	locale?: string;
}

export interface SlashCommandOptions extends BaseInteractionOptions {
	name: string;
	subcommand?: string;
	subcommandGroup?: string;
	/** Option values by name; types come from the registered command definition. */
	options?: Record<string, OptionValue>;
}

export interface AutocompleteOptions extends SlashCommandOptions {
	/** Name of the option being typed in. */
	focused: string;
}

export interface ContextMenuOptions extends BaseInteractionOptions {
	name: string;
	target: Ref;
}

export interface ComponentOptions {
	message: Ref;
	customId: string;
	user: Ref;
	locale?: string;
}

export interface SelectMenuOptions extends ComponentOptions {
	values: (string | Ref)[];
}

export interface ModalSubmitOptions extends BaseInteractionOptions {
	customId: string;
	/** Text input values by custom id (arrays for select-type modal components). */
	fields: Record<string, string | string[]>;
	/** Message whose component opened the modal, if any. */
	message?: Ref;
}

/** Test-side view of one dispatched interaction and everything the bot answered. */
export class InteractionHandle {
	readonly #core: Core;
	readonly #record: InteractionRecord;

	public constructor(core: Core, record: InteractionRecord) {
		this.#core = core;
		this.#record = record;
	}

	public get id(): string {
		return this.#record.id;
	}

	public get token(): string {
		return this.#record.token;
	}

	/** The INTERACTION_CREATE payload that was dispatched. */
	public get payload(): Record<string, unknown> {
		return this.#record.payload;
	}

	/** Callback type, if the bot answered already. */
	public get responseType(): InteractionResponseType | undefined {
		return this.#record.response?.type;
	}

	/** Waits for the initial callback and returns its body (`{ type, data }`). */
	public response(options: { timeout?: number } = {}): Promise<InteractionResponseBody> {
		return this.#waitFor(() => this.#record.response, 'no interaction callback', options.timeout);
	}

	/**
	 * The visible reply: the message created by the callback, or — after a deferral — the
	 * `@original` once edited (or the first follow-up, which Discord uses to fill the deferral).
	 * For update-style component responses (types 6/7) it is the updated component message.
	 */
	public async reply(options: { timeout?: number } = {}): Promise<APIMessage> {
		const response = await this.response(options);
		if (response.type === InteractionResponseType.Modal || response.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
			throw new Error(`DiscordDouble: ${this.#record.label} was answered with callback type ${response.type}, which has no message`);
		}
		return this.#waitFor(
			() => (this.#record.originalReady ? this.#record.original : undefined),
			'no visible reply (deferred but never edited?)',
			options.timeout
		);
	}

	/** Follow-up messages sent so far (POST /webhooks/:app/:token). */
	public followUps(): APIMessage[] {
		return [...this.#record.followUps];
	}

	/** Waits until follow-up number `index` (0-based) exists. */
	public followUp(index = 0, options: { timeout?: number } = {}): Promise<APIMessage> {
		return this.#waitFor(() => this.#record.followUps[index], `fewer than ${index + 1} follow-ups`, options.timeout);
	}

	/** Whether the initial response (reply or deferral) was ephemeral. */
	public async isEphemeral(options: { timeout?: number } = {}): Promise<boolean> {
		const response = await this.response(options);
		if (this.#record.original && this.#record.original.id !== this.#record.sourceMessageId)
			return ((this.#record.original.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
		return ((Number(response.data?.flags) || 0) & MessageFlags.Ephemeral) !== 0;
	}

	/** Whether the bot deferred (type 5 or 6). */
	public async wasDeferred(options: { timeout?: number } = {}): Promise<boolean> {
		const { type } = await this.response(options);
		return type === InteractionResponseType.DeferredChannelMessageWithSource || type === InteractionResponseType.DeferredMessageUpdate;
	}

	/** The modal the bot showed (callback type 9). */
	public async modal(options: { timeout?: number } = {}): Promise<ModalData> {
		const response = await this.response(options);
		if (response.type !== InteractionResponseType.Modal)
			throw new Error(`DiscordDouble: ${this.#record.label} answered with type ${response.type}, not a modal`);
		return response.data as unknown as ModalData;
	}

	/** Autocomplete choices (callback type 8). */
	public async choices(options: { timeout?: number } = {}): Promise<APIApplicationCommandOptionChoice[]> {
		const response = await this.response(options);
		if (response.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) {
			throw new Error(`DiscordDouble: ${this.#record.label} answered with type ${response.type}, not autocomplete choices`);
		}
		return (response.data?.choices as APIApplicationCommandOptionChoice[]) ?? [];
	}

	#waitFor<T>(probe: () => T | undefined, what: string, timeout = this.#core.options.timeout): Promise<T> {
		const now = probe();
		if (now !== undefined) return Promise.resolve(now);
		let listener!: () => void;
		const found = new Promise<T>((resolve) => {
			listener = () => {
				const value = probe();
				if (value !== undefined) resolve(value);
			};
			this.#record.listeners.add(listener);
		});
		return withTimeout(
			found,
			timeout,
			() => `${this.#record.label} (interaction ${this.id}): ${what}; ${this.#core.describeRecentRequests()}`
		).finally(() => this.#record.listeners.delete(listener));
	}
}

/** Builds INTERACTION_CREATE payloads and applies the bot's callbacks / webhook edits. */
export class InteractionRegistry {
	readonly #core: Core;
	readonly #byId = new Map<string, InteractionRecord>();
	readonly #byToken = new Map<string, InteractionRecord>();
	/** Last modal shown per custom id, so submitModal can mirror its layout. */
	readonly #modals = new Map<string, ModalData>();

	public constructor(core: Core) {
		this.#core = core;
	}

	public get all(): InteractionRecord[] {
		return [...this.#byId.values()];
	}

	// ------------------------------------------------------------ dispatching

	public async slashCommand(options: SlashCommandOptions): Promise<InteractionHandle> {
		const ctx = this.#context(options);
		const command = this.#findCommand(options.name, ApplicationCommandType.ChatInput, ctx.guild);
		const resolved = new Resolved();
		const leaf = this.#leafOptions(command, options);
		const built = Object.entries(options.options ?? {}).map(([name, value]) =>
			this.#option(command, leaf, name, value, resolved, ctx.guild, ctx.channel.id)
		);
		const data: Record<string, unknown> = {
			id: command.id,
			name: command.name,
			type: ApplicationCommandType.ChatInput,
			options: wrapSubcommand(options, built)
		};
		if (command.guild_id) data.guild_id = command.guild_id;
		if (!resolved.empty) data.resolved = resolved.toJSON();
		const label = `/${[options.name, options.subcommandGroup, options.subcommand].filter(Boolean).join(' ')}`;
		return this.#dispatch(InteractionType.ApplicationCommand, data, ctx, label);
	}

	public async autocomplete(options: AutocompleteOptions): Promise<InteractionHandle> {
		const ctx = this.#context(options);
		const command = this.#findCommand(options.name, ApplicationCommandType.ChatInput, ctx.guild);
		const leaf = this.#leafOptions(command, options);
		const values = { ...options.options };
		if (!(options.focused in values)) values[options.focused] = '';
		const built = Object.entries(values).map(([name, value]) => {
			const def = leaf.find((o) => o.name === name);
			if (!def) throw unknownOption(command, name, leaf);
			// Discord sends what the user typed so far; the focused value is always a string.
			const option: Record<string, unknown> = { name, type: def.type, value: name === options.focused ? String(value) : value };
			if (name === options.focused) option.focused = true;
			return option;
		});
		const data: Record<string, unknown> = {
			id: command.id,
			name: command.name,
			type: ApplicationCommandType.ChatInput,
			options: wrapSubcommand(options, built)
		};
		if (command.guild_id) data.guild_id = command.guild_id;
		return this.#dispatch(InteractionType.ApplicationCommandAutocomplete, data, ctx, `autocomplete /${options.name}`);
	}

	public async userContextMenu(options: ContextMenuOptions): Promise<InteractionHandle> {
		const ctx = this.#context(options);
		const command = this.#findCommand(options.name, ApplicationCommandType.User, ctx.guild);
		const resolved = new Resolved();
		const targetId = idOf(options.target);
		resolved.addUser(this.#core, targetId, ctx.guild, ctx.channel.id);
		const data: Record<string, unknown> = {
			id: command.id,
			name: command.name,
			type: ApplicationCommandType.User,
			target_id: targetId,
			resolved: resolved.toJSON()
		};
		if (command.guild_id) data.guild_id = command.guild_id;
		return this.#dispatch(InteractionType.ApplicationCommand, data, ctx, `user menu "${options.name}"`);
	}

	public async messageContextMenu(options: ContextMenuOptions): Promise<InteractionHandle> {
		const message = this.#core.state.requireMessage(idOf(options.target));
		const ctx = this.#context({ ...options, channel: options.channel ?? message.channel_id });
		const command = this.#findCommand(options.name, ApplicationCommandType.Message, ctx.guild);
		const data: Record<string, unknown> = {
			id: command.id,
			name: command.name,
			type: ApplicationCommandType.Message,
			target_id: message.id,
			resolved: { messages: { [message.id]: message } }
		};
		if (command.guild_id) data.guild_id = command.guild_id;
		return this.#dispatch(InteractionType.ApplicationCommand, data, ctx, `message menu "${options.name}"`);
	}

	public async clickButton(options: ComponentOptions): Promise<InteractionHandle> {
		const message = this.#core.state.requireMessage(idOf(options.message));
		const component = findComponent(message, options.customId);
		if (component.type !== ComponentType.Button)
			throw new Error(`DiscordDouble: component "${options.customId}" is type ${component.type}, not a button`);
		if (component.disabled) throw new Error(`DiscordDouble: button "${options.customId}" is disabled; users cannot click it`);
		const ctx = this.#context({ user: options.user, channel: message.channel_id, locale: options.locale });
		const data = { custom_id: options.customId, component_type: ComponentType.Button };
		return this.#dispatch(InteractionType.MessageComponent, data, ctx, `button "${options.customId}"`, message);
	}

	public async selectMenu(options: SelectMenuOptions): Promise<InteractionHandle> {
		const message = this.#core.state.requireMessage(idOf(options.message));
		const component = findComponent(message, options.customId);
		const type = component.type as ComponentType;
		const selectTypes = [
			ComponentType.StringSelect,
			ComponentType.UserSelect,
			ComponentType.RoleSelect,
			ComponentType.MentionableSelect,
			ComponentType.ChannelSelect
		];
		if (!selectTypes.includes(type)) throw new Error(`DiscordDouble: component "${options.customId}" is type ${type}, not a select menu`);
		const ctx = this.#context({ user: options.user, channel: message.channel_id, locale: options.locale });
		const values = options.values.map((v) => (typeof v === 'string' ? v : v.id));
		if (type === ComponentType.StringSelect) {
			const allowed = ((component.options as { value: string }[]) ?? []).map((o) => o.value);
			const bad = values.filter((v) => !allowed.includes(v));
			if (bad.length)
				throw new Error(`DiscordDouble: select "${options.customId}" has no option(s) ${bad.join(', ')}; options: ${allowed.join(', ')}`);
		}
		const data: Record<string, unknown> = { custom_id: options.customId, component_type: type, values };
		if (type !== ComponentType.StringSelect) {
			const resolved = new Resolved();
			for (const value of values) resolved.addAny(this.#core, value, ctx.guild, ctx.channel.id);
			data.resolved = resolved.toJSON();
		}
		return this.#dispatch(InteractionType.MessageComponent, data, ctx, `select "${options.customId}"`, message);
	}

	public async submitModal(options: ModalSubmitOptions): Promise<InteractionHandle> {
		const message = options.message ? this.#core.state.requireMessage(idOf(options.message)) : undefined;
		const ctx = this.#context({ ...options, channel: options.channel ?? message?.channel_id });
		const shown = this.#modals.get(options.customId);
		const remaining = new Map(Object.entries(options.fields));
		const field = (custom_id: string, type: number) => {
			const value = remaining.get(custom_id) ?? '';
			remaining.delete(custom_id);
			return Array.isArray(value) ? { type, custom_id, values: value } : { type, custom_id, value };
		};
		let components: Record<string, unknown>[];
		if (shown) {
			// Mirror the modal the bot showed: action rows stay rows, labels stay labels.
			components = shown.components.map((top) => {
				if (Array.isArray(top.components)) {
					return {
						type: top.type,
						id: top.id,
						components: (top.components as Record<string, unknown>[]).map((c) => ({
							id: c.id,
							...field(String(c.custom_id), Number(c.type))
						}))
					};
				}
				const inner = top.component as Record<string, unknown> | undefined;
				if (inner?.custom_id !== undefined)
					return { type: top.type, id: top.id, component: { id: inner.id, ...field(String(inner.custom_id), Number(inner.type)) } };
				return { type: top.type, id: top.id };
			});
			if (remaining.size) throw new Error(`DiscordDouble: modal "${options.customId}" has no field(s) ${[...remaining.keys()].join(', ')}`);
		} else {
			components = [...remaining.keys()].map((customId) => ({
				type: ComponentType.ActionRow,
				components: [field(customId, ComponentType.TextInput)]
			}));
		}
		const data = { custom_id: options.customId, components };
		return this.#dispatch(InteractionType.ModalSubmit, data, ctx, `modal "${options.customId}"`, message);
	}

	#context(options: BaseInteractionOptions): { guild: GuildData | null; channel: ChannelData; userId: string; locale: string } {
		const { state } = this.#core;
		const userId = idOf(options.user);
		state.requireUser(userId);
		let channel: ChannelData;
		if (options.channel) channel = state.requireChannel(idOf(options.channel));
		else if (options.guild) {
			const guild = state.requireGuild(idOf(options.guild));
			const first = [...guild.channels.values()].find((c) => c.type === 0);
			if (!first) throw new Error(`DiscordDouble: guild ${guild.id} has no text channel; pass channel`);
			channel = first;
		} else channel = this.#core.dmChannel(userId);
		const guildId = channel.guild_id ?? (options.guild ? idOf(options.guild) : null);
		const guild = guildId ? state.requireGuild(guildId) : null;
		if (guild && !guild.members.has(userId))
			throw new Error(`DiscordDouble: user ${userId} is not a member of guild ${guild.id}; add them first`);
		return { guild, channel, userId, locale: options.locale ?? 'en-US' };
	}

	#findCommand(name: string, type: ApplicationCommandType, guild: GuildData | null): APIApplicationCommand {
		const matches = (c: APIApplicationCommand) => c.name === name && (c.type ?? ApplicationCommandType.ChatInput) === type;
		const found = (guild && [...guild.commands.values()].find(matches)) || [...this.#core.state.globalCommands.values()].find(matches);
		if (found) return found;
		const known = [...this.#core.state.globalCommands.values(), ...(guild?.commands.values() ?? [])].map(
			(c) => `${c.name} (type ${c.type ?? 1})`
		);
		throw new Error(
			`DiscordDouble: no registered command "${name}" of type ${type}. Registered: ${known.join(', ') || 'none'}. ` +
				'Wait for registration (e.g. Events.ApplicationCommandRegistriesRegistered) before dispatching.'
		);
	}

	#leafOptions(command: APIApplicationCommand, options: SlashCommandOptions): APIApplicationCommandOption[] {
		let list = command.options ?? [];
		if (options.subcommandGroup) {
			const group = list.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === options.subcommandGroup);
			if (!group || !('options' in group))
				throw new Error(`DiscordDouble: /${command.name} has no subcommand group "${options.subcommandGroup}"`);
			list = group.options ?? [];
		}
		if (options.subcommand) {
			const sub = list.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === options.subcommand);
			if (!sub || !('options' in sub)) throw new Error(`DiscordDouble: /${command.name} has no subcommand "${options.subcommand}"`);
			list = sub.options ?? [];
		}
		return list;
	}

	#option(
		command: APIApplicationCommand,
		defs: APIApplicationCommandOption[],
		name: string,
		value: OptionValue,
		resolved: Resolved,
		guild: GuildData | null,
		channelId: string
	): Record<string, unknown> {
		const def = defs.find((o) => o.name === name);
		if (!def) throw unknownOption(command, name, defs);
		const core = this.#core;
		switch (def.type) {
			case ApplicationCommandOptionType.String:
				return { name, type: def.type, value: String(value) };
			case ApplicationCommandOptionType.Integer:
			case ApplicationCommandOptionType.Number:
				return { name, type: def.type, value: Number(value) };
			case ApplicationCommandOptionType.Boolean:
				return { name, type: def.type, value: Boolean(value) };
			case ApplicationCommandOptionType.User:
			case ApplicationCommandOptionType.Channel:
			case ApplicationCommandOptionType.Role:
			case ApplicationCommandOptionType.Mentionable: {
				const id = idOf(value as Ref);
				if (def.type === ApplicationCommandOptionType.User) resolved.addUser(core, id, guild, channelId);
				else if (def.type === ApplicationCommandOptionType.Channel) resolved.addChannel(core, id, guild);
				else if (def.type === ApplicationCommandOptionType.Role) resolved.addRole(core, id, guild);
				else resolved.addAny(core, id, guild, channelId);
				return { name, type: def.type, value: id };
			}
			case ApplicationCommandOptionType.Attachment: {
				const attachment = isFileInput(value) ? core.storeAttachment(channelId, value) : (value as unknown as APIAttachment);
				resolved.attachments[attachment.id] = attachment;
				return { name, type: def.type, value: attachment.id };
			}
			default:
				throw new Error(`DiscordDouble: option "${name}" of /${command.name} has unsupported type ${def.type}`);
		}
	}

	async #dispatch(
		type: InteractionType,
		data: Record<string, unknown>,
		ctx: { guild: GuildData | null; channel: ChannelData; userId: string; locale: string },
		label: string,
		message?: APIMessage
	): Promise<InteractionHandle> {
		const core = this.#core;
		const { state } = core;
		// Dispatching before the client is connected would silently drop the event.
		await core.gateway.waitForReadySession(core.options.timeout);
		core.markAction();
		const id = core.ids.next();
		const token = `interaction.${id}.${randomBytes(24).toString('base64url')}`;
		const user = state.requireUser(ctx.userId);
		const { channel, guild } = ctx;
		const payload: Record<string, unknown> = {
			id,
			application_id: core.application.id,
			type,
			data,
			token,
			version: 1,
			channel: partialChannel(channel),
			channel_id: channel.id,
			locale: ctx.locale,
			entitlements: [],
			attachment_size_limit: 10 * 1024 * 1024
		};
		if (guild) {
			const member = guild.members.get(ctx.userId)!;
			payload.guild_id = guild.id;
			payload.guild = { id: guild.id, locale: guild.fields.preferred_locale, features: guild.fields.features };
			payload.guild_locale = guild.fields.preferred_locale;
			payload.member = { ...state.serializeMember(guild, member), permissions: String(state.channelPermissions(guild, ctx.userId, channel)) };
			payload.app_permissions = String(state.channelPermissions(guild, core.botUser.id, channel));
			payload.authorizing_integration_owners = { '0': guild.id };
			payload.context = 0;
			(payload.channel as Record<string, unknown>).permissions = (payload.member as Record<string, unknown>).permissions;
		} else {
			payload.user = user;
			payload.app_permissions = '0';
			payload.authorizing_integration_owners = { '1': ctx.userId };
			payload.context = 1;
		}
		if (message) payload.message = message;
		const record: InteractionRecord = {
			id,
			token,
			type,
			payload,
			channelId: channel.id,
			guildId: guild?.id ?? null,
			label,
			originalReady: false,
			originalDeleted: false,
			followUps: [],
			listeners: new Set()
		};
		if (message && type === InteractionType.MessageComponent) record.sourceMessageId = message.id;
		if (message && type === InteractionType.ModalSubmit) record.sourceMessageId = message.id;
		this.#byId.set(id, record);
		this.#byToken.set(token, record);
		await core.emit(GatewayDispatchEvents.InteractionCreate, payload, { guildId: guild?.id });
		return new InteractionHandle(core, record);
	}

	public handle(record: InteractionRecord): InteractionHandle {
		return new InteractionHandle(this.#core, record);
	}

	// ------------------------------------------------------------ bot side (REST)

	public byId(id: string, token: string): InteractionRecord {
		const record = this.#byId.get(id);
		if (!record || record.token !== token) throw unknownInteraction();
		return record;
	}

	public byToken(applicationId: string, token: string): InteractionRecord {
		const record = this.#byToken.get(token);
		if (!record || applicationId !== this.#core.application.id) throw unknownWebhook();
		return record;
	}

	/** Applies an interaction callback; returns the `with_response` body. */
	public callback(record: InteractionRecord, body: InteractionResponseBody, attachments: APIAttachment[]): Record<string, unknown> {
		if (record.response) throw alreadyAcknowledged();
		if (!body || typeof body.type !== 'number')
			throw invalidForm({ type: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } });
		const core = this.#core;
		const data = body.data ?? {};
		const isComponent =
			record.type === InteractionType.MessageComponent || (record.type === InteractionType.ModalSubmit && record.sourceMessageId);
		switch (body.type) {
			case InteractionResponseType.ChannelMessageWithSource:
			case InteractionResponseType.DeferredChannelMessageWithSource: {
				const deferred = body.type === InteractionResponseType.DeferredChannelMessageWithSource;
				const flags = (Number(data.flags) || 0) | (deferred ? MessageFlags.Loading : 0);
				const message = this.#botMessage(record, deferred ? {} : data, flags, attachments);
				record.original = message;
				record.originalReady = !deferred;
				void core.postMessage(message);
				break;
			}
			case InteractionResponseType.DeferredMessageUpdate:
			case InteractionResponseType.UpdateMessage: {
				if (!isComponent || !record.sourceMessageId)
					throw new Error(`DiscordDouble: callback type ${body.type} is only valid for component interactions (${record.label})`);
				const message = core.state.requireMessage(record.sourceMessageId);
				record.original = message;
				if (body.type === InteractionResponseType.UpdateMessage) {
					this.#applyEdit(message, data, attachments);
					record.originalReady = true;
				}
				break;
			}
			case InteractionResponseType.ApplicationCommandAutocompleteResult:
				if (record.type !== InteractionType.ApplicationCommandAutocomplete)
					throw new Error(`DiscordDouble: autocomplete result for non-autocomplete ${record.label}`);
				break;
			case InteractionResponseType.Modal:
				if (record.type === InteractionType.ModalSubmit || record.type === InteractionType.ApplicationCommandAutocomplete)
					throw invalidForm();
				this.#modals.set(String(data.custom_id), data as unknown as ModalData);
				break;
			default:
				throw new Error(`DiscordDouble: unsupported interaction callback type ${body.type}`);
		}
		record.response = { type: body.type, data: body.data };
		this.#notify(record);
		const original = record.original;
		const created = original && original.id !== record.sourceMessageId;
		return {
			interaction: {
				id: record.id,
				type: record.type,
				activity_instance_id: null,
				response_message_id: original?.id ?? null,
				response_message_loading: Boolean(created && !record.originalReady),
				response_message_ephemeral: Boolean(original && (original.flags ?? 0) & MessageFlags.Ephemeral)
			},
			resource: { type: body.type, ...(original ? { message: original } : {}) }
		};
	}

	public getMessage(record: InteractionRecord, messageId: string): APIMessage {
		if (messageId === '@original') {
			if (!record.original || record.originalDeleted) throw unknownMessage();
			return record.original;
		}
		const message = record.followUps.find((m) => m.id === messageId) ?? (record.original?.id === messageId ? record.original : undefined);
		if (!message) throw unknownMessage();
		return message;
	}

	public editMessage(record: InteractionRecord, messageId: string, data: Record<string, unknown>, attachments: APIAttachment[]): APIMessage {
		if (!record.response) throw unknownWebhook();
		const message = this.getMessage(record, messageId);
		this.#applyEdit(message, data, attachments);
		if (message === record.original) record.originalReady = true;
		this.#notify(record);
		return message;
	}

	public deleteMessage(record: InteractionRecord, messageId: string): void {
		const message = this.getMessage(record, messageId);
		this.#core.state.removeMessage(message.id);
		if (message === record.original) record.originalDeleted = true;
		if (((message.flags ?? 0) & MessageFlags.Ephemeral) === 0) {
			const channel = this.#core.state.channels.get(message.channel_id);
			void this.#core.emit(
				GatewayDispatchEvents.MessageDelete,
				{ id: message.id, channel_id: message.channel_id, ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}) },
				{ guildId: channel?.guild_id, intent: channel?.guild_id ? 1 << 9 : 1 << 12 }
			);
		}
		this.#notify(record);
	}

	public followUp(record: InteractionRecord, data: Record<string, unknown>, attachments: APIAttachment[]): APIMessage {
		if (!record.response) throw unknownWebhook();
		// Discord fills a pending deferral with the first follow-up instead of posting a new message.
		if (record.original && !record.originalReady && record.response.type === InteractionResponseType.DeferredChannelMessageWithSource) {
			const message = this.editMessage(record, '@original', data, attachments);
			record.followUps.push(message);
			this.#notify(record);
			return message;
		}
		const message = this.#botMessage(record, data, Number(data.flags) || 0, attachments);
		record.followUps.push(message);
		void this.#core.postMessage(message);
		this.#notify(record);
		return message;
	}

	#botMessage(record: InteractionRecord, data: Record<string, unknown>, flags: number, attachments: APIAttachment[]): APIMessage {
		const core = this.#core;
		const payload = record.payload;
		const user = (payload.member as { user: unknown } | undefined)?.user ?? payload.user;
		const commandData = payload.data as { name?: string; type?: number };
		const type =
			record.type !== InteractionType.ApplicationCommand
				? MessageType.Default
				: commandData.type === ApplicationCommandType.ChatInput
					? MessageType.ChatInputCommand
					: MessageType.ContextMenuCommand;
		return core.buildMessage({
			channelId: record.channelId,
			author: core.botUser,
			content: data.content as string | undefined,
			embeds: data.embeds as never,
			components: data.components as unknown[] | undefined,
			attachments: mergeAttachments(data.attachments, attachments),
			allowedMentions: data.allowed_mentions as never,
			flags,
			type,
			tts: Boolean(data.tts),
			webhookId: core.application.id,
			applicationId: core.application.id,
			interactionMetadata: {
				id: record.id,
				type: record.type,
				user,
				authorizing_integration_owners: payload.authorizing_integration_owners,
				...(record.sourceMessageId && record.type === InteractionType.MessageComponent
					? { interacted_message_id: record.sourceMessageId }
					: {})
			}
		});
	}

	#applyEdit(message: APIMessage, data: Record<string, unknown>, attachments: APIAttachment[]): void {
		const target = message as unknown as Record<string, unknown>;
		for (const key of ['content', 'embeds', 'components', 'poll'] as const)
			if (key in data) target[key] = data[key] ?? (key === 'content' ? '' : []);
		if ('attachments' in data || attachments.length) target.attachments = mergeAttachments(data.attachments, attachments, message.attachments);
		// Only SuppressEmbeds and IsComponentsV2 may change on edit; Loading clears once content arrives.
		const wasLoading = ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
		let flags = (message.flags ?? 0) & ~MessageFlags.Loading;
		if ('flags' in data)
			flags = (flags & ~MessageFlags.SuppressEmbeds) | (Number(data.flags) & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2));
		target.flags = flags;
		if (!wasLoading) target.edited_timestamp = new Date().toISOString();
		if ((flags & MessageFlags.Ephemeral) === 0) void this.#core.emitMessage(GatewayDispatchEvents.MessageUpdate, message);
	}

	#notify(record: InteractionRecord): void {
		for (const listener of [...record.listeners]) listener();
		this.#core.events.emit('interaction', record);
	}
}

/** Keeps existing attachments referenced by id and adds uploaded ones. */
function mergeAttachments(requested: unknown, uploaded: APIAttachment[], existing: APIAttachment[] = []): APIAttachment[] {
	if (!Array.isArray(requested)) return [...existing, ...uploaded];
	const kept = requested
		.map((a: { id: string | number }) => existing.find((e) => e.id === String(a.id)))
		.filter((a): a is APIAttachment => a !== undefined);
	return [...kept, ...uploaded];
}

function wrapSubcommand(options: SlashCommandOptions, built: Record<string, unknown>[]): Record<string, unknown>[] {
	let result = built;
	if (options.subcommand) result = [{ name: options.subcommand, type: ApplicationCommandOptionType.Subcommand, options: result }];
	if (options.subcommandGroup) result = [{ name: options.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options: result }];
	return result;
}

function unknownOption(command: APIApplicationCommand, name: string, defs: APIApplicationCommandOption[]): Error {
	return new Error(`DiscordDouble: /${command.name} has no option "${name}"; known: ${defs.map((o) => o.name).join(', ') || 'none'}`);
}

function isFileInput(value: unknown): value is FileInput {
	return typeof value === 'object' && value !== null && 'filename' in value && !('id' in value);
}

export function findComponent(message: APIMessage, customId: string): Record<string, unknown> {
	const found: Record<string, unknown>[] = [];
	const walk = (nodes: unknown) => {
		if (!Array.isArray(nodes)) return;
		for (const node of nodes as Record<string, unknown>[]) {
			if (node.custom_id !== undefined) found.push(node);
			walk(node.components);
			if (node.accessory) walk([node.accessory]);
			if (node.component) walk([node.component]);
		}
	};
	walk(message.components);
	const match = found.find((c) => c.custom_id === customId);
	if (!match) {
		throw new Error(
			`DiscordDouble: message ${message.id} has no component "${customId}"; it has: ${found.map((c) => String(c.custom_id)).join(', ') || 'no components'}`
		);
	}
	return match;
}

function partialChannel(channel: ChannelData): Record<string, unknown> {
	const partial: Record<string, unknown> = { id: channel.id, type: channel.type, flags: channel.flags ?? 0 };
	for (const key of [
		'guild_id',
		'name',
		'parent_id',
		'position',
		'nsfw',
		'topic',
		'rate_limit_per_user',
		'last_message_id',
		'permission_overwrites',
		'thread_metadata',
		'recipients'
	]) {
		if (channel[key] !== undefined) partial[key] = channel[key];
	}
	return partial;
}

/** Collects the `resolved` block of an interaction. */
class Resolved {
	public users: Record<string, unknown> = {};
	public members: Record<string, unknown> = {};
	public roles: Record<string, unknown> = {};
	public channels: Record<string, unknown> = {};
	public attachments: Record<string, unknown> = {};

	public get empty(): boolean {
		return [this.users, this.members, this.roles, this.channels, this.attachments].every((o) => Object.keys(o).length === 0);
	}

	public addUser(core: Core, id: string, guild: GuildData | null, channelId: string): void {
		this.users[id] = core.state.requireUser(id);
		const member = guild?.members.get(id);
		if (guild && member) {
			const { user: _user, ...partial } = core.state.serializeMember(guild, member);
			this.members[id] = { ...partial, permissions: String(core.state.channelPermissions(guild, id, core.state.channels.get(channelId))) };
		}
	}

	public addRole(core: Core, id: string, guild: GuildData | null): void {
		const role = guild?.roles.get(id);
		if (!role) throw new Error(`DiscordDouble: role ${id} is not in guild ${guild?.id ?? '(DM)'}`);
		this.roles[id] = role;
	}

	public addChannel(core: Core, id: string, guild: GuildData | null): void {
		const channel = core.state.requireChannel(id);
		this.channels[id] = {
			...partialChannel(channel),
			permissions: guild ? String(core.state.channelPermissions(guild, core.botUser.id, channel)) : '0'
		};
	}

	/** Mentionable / select values: a user if one has that id, else a role, else a channel. */
	public addAny(core: Core, id: string, guild: GuildData | null, channelId: string): void {
		if (core.state.users.has(id)) this.addUser(core, id, guild, channelId);
		else if (guild?.roles.has(id)) this.addRole(core, id, guild);
		else if (core.state.channels.has(id)) this.addChannel(core, id, guild);
		else throw new Error(`DiscordDouble: ${id} is neither a user, role nor channel`);
	}

	public toJSON(): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		for (const key of ['users', 'members', 'roles', 'channels', 'attachments'] as const) if (Object.keys(this[key]).length) out[key] = this[key];
		return out;
	}
}
