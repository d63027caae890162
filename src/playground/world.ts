import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { DiscordDouble, GuildHandle, UserHandle } from './double';

/** Who you can act as on the page, from the least to the most powerful (plus a booster). */
export const PERSONAS = ['member', 'booster', 'moderator', 'admin', 'owner'] as const;
export type Persona = (typeof PERSONAS)[number];

export interface PlaygroundWorld {
	/** Seeded people by persona; `owner` is the bot owner (BOT_OWNERS) and owns both guilds. */
	users: Record<Persona, UserHandle>;
	guilds: GuildHandle[];
}

const PEOPLE: Record<Persona, { username: string; globalName: string }> = {
	member: { username: 'mia', globalName: 'Mia' },
	booster: { username: 'ben', globalName: 'Ben' },
	moderator: { username: 'mo', globalName: 'Mo' },
	admin: { username: 'ada', globalName: 'Ada' },
	owner: { username: 'olive', globalName: 'Olive' }
};

const MODERATOR_PERMISSIONS =
	PermissionFlagsBits.ManageMessages |
	PermissionFlagsBits.KickMembers |
	PermissionFlagsBits.BanMembers |
	PermissionFlagsBits.ModerateMembers |
	PermissionFlagsBits.ManageNicknames;

/**
 * The playground's world: five people, and two guilds that both contain all of them with the same roles (Admin,
 * Moderator, the booster role Discord manages, and a few plain roles to give and take). The first guild has an NSFW
 * channel. The owner is the bot owner and the guilds' owner, as is usual for someone trying out their own bot.
 */
export function seedWorld(double: DiscordDouble): PlaygroundWorld {
	const users = Object.fromEntries(PERSONAS.map((persona) => [persona, double.createUser(PEOPLE[persona])])) as Record<Persona, UserHandle>;
	const guilds = [
		seedGuild(double, users, 'Tika Playground', ['general', 'bot-commands', 'games', { name: 'after-dark', nsfw: true, topic: 'NSFW channel' }]),
		seedGuild(double, users, 'Second Server', ['lobby', 'off-topic'])
	];
	return { users, guilds };
}

type ChannelSeed = string | { name: string; nsfw?: boolean; topic?: string };

function seedGuild(double: DiscordDouble, users: Record<Persona, UserHandle>, name: string, channels: ChannelSeed[]): GuildHandle {
	const guild = double.createGuild({ name, ownerId: users.owner });
	for (const channel of channels) guild.createChannel(typeof channel === 'string' ? channel : channel);
	const admin = guild.createRole({ name: 'Admin', permissions: PermissionFlagsBits.Administrator, position: 5, color: 0xe74c3c, hoist: true });
	const moderator = guild.createRole({ name: 'Moderator', permissions: MODERATOR_PERMISSIONS, position: 4, color: 0x3498db, hoist: true });
	const booster = guild.createRole({ name: 'Server Booster', premiumSubscriber: true, position: 3, color: 0xf47fff });
	guild.createRole({ name: 'Artist', position: 2, color: 0x2ecc71 });
	guild.createRole({ name: 'Gamer', position: 1, color: 0xf1c40f });
	guild.addMember(users.member);
	guild.addMember(users.booster, { roles: [booster], premiumSince: new Date(Date.now() - 30 * 24 * 60 * 60 * 1000) });
	guild.addMember(users.moderator, { roles: [moderator] });
	guild.addMember(users.admin, { roles: [admin] });
	return guild;
}
