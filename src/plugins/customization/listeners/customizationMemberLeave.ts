import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { GuildMember, PartialGuildMember } from 'discord.js';
import { deleteCustomRole } from '../lib/customRoles';

/**
 * A member who leaves loses their custom role: the role is deleted so it does not linger nameless in the role list.
 * Runs whether or not the feature is enabled here: it only cleans up what the feature created.
 */
@ApplyOptions<Listener.Options>({ event: Events.GuildMemberRemove })
export class CustomizationMemberLeaveListener extends Listener<typeof Events.GuildMemberRemove> {
	public override async run(member: GuildMember | PartialGuildMember) {
		await deleteCustomRole(member.guild, member.id, 'Custom role owner left the server');
	}
}
