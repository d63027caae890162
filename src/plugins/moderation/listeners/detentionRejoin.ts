import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { GuildMember } from 'discord.js';
import { isFeatureEnabledFor } from '#core/features/listeners';
import { reapplyDetention } from '../lib/detention';

/** A detained member who leaves and comes back is detained again (their saved roles stay saved for the release). */
@ApplyOptions<Listener.Options>({ event: Events.GuildMemberAdd })
export class DetentionRejoinListener extends Listener<typeof Events.GuildMemberAdd> {
	public override async run(member: GuildMember) {
		if (!(await isFeatureEnabledFor(this, member.guild.id))) return;
		try {
			if (await reapplyDetention(member))
				this.container.logger.info(`Moderation: ${member.id} rejoined ${member.guild.id} while detained; detained again`);
		} catch (error) {
			this.container.logger.warn(
				`Moderation: could not re-detain ${member.id} in ${member.guild.id}: ${error instanceof Error ? error.message : String(error)}`
			);
		}
	}
}
