import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Role } from 'discord.js';

/** Someone deleted a custom role by hand: forget it, so its owner can create a new one. */
@ApplyOptions<Listener.Options>({ event: Events.GuildRoleDelete })
export class CustomizationRoleDeleteListener extends Listener<typeof Events.GuildRoleDelete> {
	public override async run(role: Role) {
		await this.container.prisma.customRole.deleteMany({ where: { guildId: role.guild.id, roleId: role.id } });
	}
}
