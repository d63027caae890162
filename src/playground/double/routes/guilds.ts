import { GatewayDispatchEvents, GatewayIntentBits, type APIRole } from 'discord-api-types/v10';
import type { Core } from '../core';
import { invalidForm, unknownBan, unknownEmoji, unknownGuild, unknownMember, unknownRole, unknownUser } from '../errors';
import type { GuildData, MemberData } from '../state';
import { compareSnowflakes } from '../snowflake';
import { obj } from './shared';

/** Guild, member, role, ban and guild-channel routes. */
export function registerGuildRoutes(core: Core): void {
	const { router, state } = core;

	const guildOf = (id: string): GuildData => {
		const guild = state.guilds.get(id);
		if (!guild) throw unknownGuild();
		return guild;
	};
	const memberOf = (guild: GuildData, userId: string): MemberData => {
		const member = guild.members.get(userId === '@me' ? core.botUser.id : userId);
		if (!member) throw unknownMember();
		return member;
	};
	const roleOf = (guild: GuildData, roleId: string): APIRole => {
		const role = guild.roles.get(roleId);
		if (!role) throw unknownRole();
		return role;
	};
	const roleEvent = (event: string, guild: GuildData, data: unknown) =>
		void core.emit(event, data, { guildId: guild.id, intent: GatewayIntentBits.Guilds });

	router.get('/guilds/:guild', ({ params, query }) => ({
		body: state.serializeGuild(guildOf(params.guild!), query.get('with_counts') === 'true')
	}));
	router.get('/guilds/:guild/preview', ({ params }) => {
		const guild = guildOf(params.guild!);
		return { body: { ...state.serializeGuild(guild), approximate_member_count: guild.members.size, approximate_presence_count: 0 } };
	});
	router.get('/guilds/:guild/emojis', ({ params }) => ({ body: [...guildOf(params.guild!).emojis.values()] }));
	router.get('/guilds/:guild/emojis/:emoji', ({ params }) => {
		const emoji = guildOf(params.guild!).emojis.get(params.emoji!);
		if (!emoji) throw unknownEmoji();
		return { body: emoji };
	});
	router.get('/guilds/:guild/stickers', ({ params }) => (guildOf(params.guild!), { body: [] }));
	router.get('/guilds/:guild/invites', ({ params }) => (guildOf(params.guild!), { body: [] }));
	router.get('/guilds/:guild/webhooks', ({ params }) => (guildOf(params.guild!), { body: [] }));

	// --- channels
	router.get('/guilds/:guild/channels', ({ params }) => ({ body: [...guildOf(params.guild!).channels.values()] }));
	router.post('/guilds/:guild/channels', ({ params, body }) => {
		const guild = guildOf(params.guild!);
		const data = obj(body);
		if (typeof data.name !== 'string' || !data.name)
			throw invalidForm({ name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } });
		const channel = core.createChannel(guild.id, {
			name: data.name,
			type: data.type as number | undefined,
			parent: (data.parent_id as string | undefined) ?? null,
			topic: (data.topic as string | undefined) ?? null,
			position: data.position as number | undefined,
			nsfw: Boolean(data.nsfw),
			permissionOverwrites: (data.permission_overwrites as never) ?? []
		});
		return { status: 201, body: channel };
	});

	// --- members
	router.get('/guilds/:guild/members', ({ params, query }) => {
		const guild = guildOf(params.guild!);
		const limit = Math.min(Number(query.get('limit') ?? 1), 1000);
		const after = query.get('after') ?? '0';
		const ids = [...guild.members.keys()].filter((id) => compareSnowflakes(id, after) > 0).sort(compareSnowflakes);
		return { body: ids.slice(0, limit).map((id) => state.serializeMember(guild, guild.members.get(id)!)) };
	});
	router.get('/guilds/:guild/members/search', ({ params, query }) => {
		const guild = guildOf(params.guild!);
		const q = (query.get('query') ?? '').toLowerCase();
		const limit = Math.min(Number(query.get('limit') ?? 1), 1000);
		const found = [];
		for (const member of guild.members.values()) {
			if (found.length >= limit) break;
			const user = state.requireUser(member.userId);
			const names = [user.username, user.global_name, member.nick].filter((n): n is string => typeof n === 'string');
			if (names.some((name) => name.toLowerCase().startsWith(q))) found.push(state.serializeMember(guild, member));
		}
		return { body: found };
	});
	router.get('/guilds/:guild/members/:user', ({ params }) => {
		const guild = guildOf(params.guild!);
		return { body: state.serializeMember(guild, memberOf(guild, params.user!)) };
	});
	const patchMember = (guildId: string, userId: string, body: unknown) => {
		const guild = guildOf(guildId);
		const member = memberOf(guild, userId);
		const data = obj(body);
		const patch: Partial<MemberData> = {};
		if ('nick' in data) patch.nick = (data.nick as string | null) || null;
		if ('roles' in data) {
			const roles = (data.roles as string[]) ?? [];
			for (const role of roles) roleOf(guild, role);
			patch.roles = roles.filter((id) => id !== guild.id);
		}
		if ('communication_disabled_until' in data) patch.communication_disabled_until = (data.communication_disabled_until as string | null) ?? null;
		if ('mute' in data) patch.mute = Boolean(data.mute);
		if ('deaf' in data) patch.deaf = Boolean(data.deaf);
		if ('flags' in data) patch.flags = Number(data.flags);
		return { body: state.serializeMember(guild, core.updateMember(guild.id, member.userId, patch)) };
	};
	router.patch('/guilds/:guild/members/@me', ({ params, body }) => patchMember(params.guild!, core.botUser.id, body));
	router.patch('/guilds/:guild/members/:user', ({ params, body }) => patchMember(params.guild!, params.user!, body));
	router.delete('/guilds/:guild/members/:user', ({ params }) => {
		const guild = guildOf(params.guild!);
		memberOf(guild, params.user!);
		core.removeMember(guild.id, params.user!);
		return {};
	});
	router.put('/guilds/:guild/members/:user/roles/:role', ({ params }) => {
		const guild = guildOf(params.guild!);
		const member = memberOf(guild, params.user!);
		roleOf(guild, params.role!);
		if (!member.roles.includes(params.role!)) core.updateMember(guild.id, member.userId, { roles: [...member.roles, params.role!] });
		return {};
	});
	router.delete('/guilds/:guild/members/:user/roles/:role', ({ params }) => {
		const guild = guildOf(params.guild!);
		const member = memberOf(guild, params.user!);
		roleOf(guild, params.role!);
		if (member.roles.includes(params.role!)) core.updateMember(guild.id, member.userId, { roles: member.roles.filter((r) => r !== params.role) });
		return {};
	});

	// --- roles
	router.get('/guilds/:guild/roles', ({ params }) => ({ body: [...guildOf(params.guild!).roles.values()] }));
	router.get('/guilds/:guild/roles/:role', ({ params }) => {
		const guild = guildOf(params.guild!);
		return { body: roleOf(guild, params.role!) };
	});
	router.post('/guilds/:guild/roles', ({ params, body }) => {
		const guild = guildOf(params.guild!);
		const data = obj(body);
		const role = core.createRole(guild.id, {
			name: String(data.name ?? 'new role'),
			permissions:
				data.permissions === undefined || data.permissions === null ? guild.roles.get(guild.id)!.permissions : String(data.permissions),
			// discord.js ≥ 14.19 sends `colors.primary_color` instead of `color`.
			color: Number(data.color ?? (data.colors as { primary_color?: number } | undefined)?.primary_color ?? 0),
			hoist: Boolean(data.hoist),
			mentionable: Boolean(data.mentionable),
			position: 1
		});
		return { body: role };
	});
	router.patch('/guilds/:guild/roles', ({ params, body }) => {
		const guild = guildOf(params.guild!);
		for (const entry of (Array.isArray(body) ? body : []) as { id: string; position: number }[]) {
			const role = roleOf(guild, entry.id);
			role.position = entry.position;
			roleEvent(GatewayDispatchEvents.GuildRoleUpdate, guild, { guild_id: guild.id, role });
		}
		return { body: [...guild.roles.values()] };
	});
	router.patch('/guilds/:guild/roles/:role', ({ params, body }) => {
		const guild = guildOf(params.guild!);
		const role = roleOf(guild, params.role!) as APIRole & Record<string, unknown>;
		const data = obj(body);
		for (const key of ['name', 'color', 'hoist', 'mentionable', 'icon', 'unicode_emoji']) if (key in data) role[key] = data[key];
		if ('permissions' in data) role.permissions = String(data.permissions);
		if (data.colors && typeof data.colors === 'object') {
			const colors = data.colors as { primary_color?: number | null; secondary_color?: number | null; tertiary_color?: number | null };
			role.colors = {
				primary_color: colors.primary_color ?? 0,
				secondary_color: colors.secondary_color ?? null,
				tertiary_color: colors.tertiary_color ?? null
			};
			role.color = colors.primary_color ?? 0;
		}
		roleEvent(GatewayDispatchEvents.GuildRoleUpdate, guild, { guild_id: guild.id, role });
		return { body: role };
	});
	router.delete('/guilds/:guild/roles/:role', ({ params }) => {
		const guild = guildOf(params.guild!);
		roleOf(guild, params.role!);
		guild.roles.delete(params.role!);
		for (const member of guild.members.values()) member.roles = member.roles.filter((id) => id !== params.role);
		roleEvent(GatewayDispatchEvents.GuildRoleDelete, guild, { guild_id: guild.id, role_id: params.role });
		return {};
	});

	// --- bans
	router.get('/guilds/:guild/bans', ({ params }) => {
		const guild = guildOf(params.guild!);
		return { body: [...guild.bans.values()].map((ban) => ({ reason: ban.reason, user: state.requireUser(ban.userId) })) };
	});
	router.get('/guilds/:guild/bans/:user', ({ params }) => {
		const ban = guildOf(params.guild!).bans.get(params.user!);
		if (!ban) throw unknownBan();
		return { body: { reason: ban.reason, user: state.requireUser(ban.userId) } };
	});
	router.put('/guilds/:guild/bans/:user', ({ params, headers }) => {
		const guild = guildOf(params.guild!);
		const user = state.users.get(params.user!);
		if (!user) throw unknownUser();
		const reason = headers['x-audit-log-reason'] ? decodeURIComponent(headers['x-audit-log-reason']) : null;
		guild.bans.set(user.id, { reason, userId: user.id });
		if (guild.members.has(user.id)) core.removeMember(guild.id, user.id);
		void core.emit(
			GatewayDispatchEvents.GuildBanAdd,
			{ guild_id: guild.id, user },
			{ guildId: guild.id, intent: GatewayIntentBits.GuildModeration }
		);
		return {};
	});
	router.delete('/guilds/:guild/bans/:user', ({ params }) => {
		const guild = guildOf(params.guild!);
		if (!guild.bans.delete(params.user!)) throw unknownBan();
		void core.emit(
			GatewayDispatchEvents.GuildBanRemove,
			{ guild_id: guild.id, user: state.requireUser(params.user!) },
			{ guildId: guild.id, intent: GatewayIntentBits.GuildModeration }
		);
		return {};
	});

	router.delete('/users/@me/guilds/:guild', ({ params }) => {
		const guild = guildOf(params.guild!);
		state.guilds.delete(guild.id);
		for (const id of [...guild.channels.keys(), ...guild.threads.keys()]) state.channels.delete(id);
		void core.emit(GatewayDispatchEvents.GuildDelete, { id: guild.id }, { guildId: guild.id, intent: GatewayIntentBits.Guilds });
		return {};
	});
}
