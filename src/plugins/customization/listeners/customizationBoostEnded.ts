import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { GuildMember, PartialGuildMember } from 'discord.js';
import { isFeatureEnabledFor } from '#core/features/listeners';
import { deleteCustomRole, eligibilityOf } from '../lib/customRoles';

/**
 * When a member stops boosting, their custom role goes unless they still qualify another way (their level). Only while
 * the feature is enabled: an admin who switched customization off gets no surprise deletions.
 */
@ApplyOptions<Listener.Options>({ event: Events.GuildMemberUpdate })
export class CustomizationBoostEndedListener extends Listener<typeof Events.GuildMemberUpdate> {
	public override async run(previous: GuildMember | PartialGuildMember, member: GuildMember) {
		// A partial previous member has no premiumSince to compare; Discord then tells us nothing reliable.
		if (previous.partial || !previous.premiumSinceTimestamp || member.premiumSinceTimestamp) return;
		if (!(await isFeatureEnabledFor(this, member.guild.id))) return;
		const row = await this.container.prisma.customRole.findUnique({ where: { guildId_userId: { guildId: member.guild.id, userId: member.id } } });
		if (!row) return;
		const eligibility = await eligibilityOf(member);
		if (eligibility.eligible) return;
		await deleteCustomRole(member.guild, member.id, 'Custom role owner stopped boosting');
		this.container.logger.info(`[customization] removed the custom role of ${member.id} in ${member.guild.id}: boost ended`);
	}
}
