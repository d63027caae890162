import { ApplicationCommandType, type APIApplicationCommand } from 'discord-api-types/v10';
import type { Core } from '../core';
import { DiscordApiError, unknownCommand, unknownGuild, unknownUser } from '../errors';
import { assertValidCommand, assertValidCommandList, COMMAND_LIMITS, tooManyCommands, typeOf } from './commandRules';
import { obj, type Json } from './shared';

/** Gateway discovery, the bot's user/application, and application command registration. */
export function registerApplicationRoutes(core: Core): void {
	const { router, state } = core;

	router.get('/gateway', () => ({ body: { url: core.gatewayUrl } }), { auth: false });
	router.get('/gateway/bot', () => ({
		body: {
			url: core.gatewayUrl,
			shards: core.options.shards,
			session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 }
		}
	}));

	router.get('/users/@me', () => ({ body: core.botUser }));
	router.patch('/users/@me', ({ body }) => {
		const patch = obj(body);
		if (typeof patch.username === 'string') core.botUser.username = patch.username;
		if ('avatar' in patch) core.botUser.avatar = patch.avatar === null ? null : 'double-avatar';
		return { body: core.botUser };
	});
	router.get('/users/:user', ({ params }) => {
		const user = state.users.get(params.user!);
		if (!user) throw unknownUser();
		return { body: user };
	});

	const applicationObject = () => ({
		id: core.application.id,
		name: core.application.name,
		icon: null,
		description: '',
		summary: '',
		type: null,
		bot_public: true,
		bot_require_code_grant: false,
		verify_key: '0'.repeat(64),
		flags: core.application.flags,
		owner: { ...core.botUser, bot: false, id: core.ids.at(Date.now() - 86_400_000), username: 'double_owner' },
		team: null,
		bot: core.botUser,
		approximate_guild_count: state.guilds.size,
		approximate_user_install_count: 0,
		integration_types_config: { '0': {} },
		install_params: null,
		interactions_endpoint_url: null,
		tags: []
	});
	router.get('/applications/@me', () => ({ body: applicationObject() }));
	router.patch('/applications/@me', () => ({ body: applicationObject() }));
	router.get('/applications/:app/emojis', () => ({ body: { items: [] } }));
	router.get('/applications/:app/entitlements', () => ({ body: [] }));
	router.get('/applications/:app/skus', () => ({ body: [] }));

	/** Global (guildId null) or guild command map; validates the application id. */
	const commandsOf = (appId: string, guildId: string | null) => {
		if (appId !== core.application.id) throw new DiscordApiError(403, 50001, 'Missing Access');
		if (guildId === null) return state.globalCommands;
		const guild = state.guilds.get(guildId);
		if (!guild) throw unknownGuild();
		return guild.commands;
	};

	/** Builds the stored command from a definition that passed commandRules.ts. */
	const normalize = (input: Json, guildId: string | null, existing?: APIApplicationCommand): APIApplicationCommand => {
		const type = typeOf(input);
		const command = {
			id: existing?.id ?? core.ids.next(),
			application_id: core.application.id,
			version: core.ids.next(),
			type,
			name: input.name,
			name_localizations: input.name_localizations ?? null,
			description: type === ApplicationCommandType.ChatInput ? String(input.description ?? '') : '',
			description_localizations: input.description_localizations ?? null,
			default_member_permissions: input.default_member_permissions ?? null,
			dm_permission: input.dm_permission ?? true,
			nsfw: input.nsfw ?? false,
			integration_types: input.integration_types ?? [0],
			contexts: input.contexts ?? null,
			options: input.options ?? [],
			...(input.handler !== undefined ? { handler: input.handler } : {})
		} as unknown as APIApplicationCommand;
		if (guildId) (command as { guild_id?: string }).guild_id = guildId;
		return command;
	};

	const sameCommand = (a: APIApplicationCommand, name: unknown, type: unknown) =>
		a.name === name && a.type === ((type as number | undefined) ?? ApplicationCommandType.ChatInput);

	const registerCommandRoutes = (base: string, guildOf: (params: Record<string, string>) => string | null) => {
		router.get(base, ({ params }) => ({ body: [...commandsOf(params.app!, guildOf(params)).values()] }));
		// Bulk overwrite: refused as a whole if any command is invalid; keeps ids of commands that still exist (by name + type), like Discord.
		router.put(base, ({ params, body }) => {
			const guildId = guildOf(params);
			const commands = commandsOf(params.app!, guildId);
			const inputs = assertValidCommandList(body);
			const previous = [...commands.values()];
			const next = inputs.map((input) =>
				normalize(
					input,
					guildId,
					previous.find((c) => sameCommand(c, input.name, input.type))
				)
			);
			commands.clear();
			for (const command of next) commands.set(command.id, command);
			return { body: next };
		});
		router.post(base, ({ params, body }) => {
			const guildId = guildOf(params);
			const commands = commandsOf(params.app!, guildId);
			const input = obj(body);
			assertValidCommand(input);
			const existing = [...commands.values()].find((c) => sameCommand(c, input.name, input.type));
			const type = typeOf(input);
			if (!existing && [...commands.values()].filter((c) => c.type === type).length >= (COMMAND_LIMITS[type] ?? 1)) throw tooManyCommands(type);
			const command = normalize(input, guildId, existing);
			commands.set(command.id, command);
			return { status: existing ? 200 : 201, body: command };
		});
		router.get(`${base}/:command`, ({ params }) => {
			const command = commandsOf(params.app!, guildOf(params)).get(params.command!);
			if (!command) throw unknownCommand();
			return { body: command };
		});
		router.patch(`${base}/:command`, ({ params, body }) => {
			const guildId = guildOf(params);
			const commands = commandsOf(params.app!, guildId);
			const existing = commands.get(params.command!);
			if (!existing) throw unknownCommand();
			const merged = { ...(existing as unknown as Json), ...obj(body) };
			assertValidCommand(merged);
			const command = normalize(merged, guildId, existing);
			commands.set(command.id, command);
			return { body: command };
		});
		router.delete(`${base}/:command`, ({ params }) => {
			if (!commandsOf(params.app!, guildOf(params)).delete(params.command!)) throw unknownCommand();
			return {};
		});
	};
	registerCommandRoutes('/applications/:app/commands', () => null);
	registerCommandRoutes('/applications/:app/guilds/:guild/commands', (params) => params.guild!);
	router.get('/applications/:app/guilds/:guild/commands/permissions', () => ({ body: [] }));
}
