import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { GuildChannel } from 'discord.js';
import { isFeatureEnabledFor } from '#core/features/listeners';
import { getSettings } from '../lib/settings';
import { hideFrom, isOverwritable } from '../lib/setup';

/** A channel created after `/detention setup` is hidden from the detention role too. */
@ApplyOptions<Listener.Options>({ event: Events.ChannelCreate })
export class DetentionChannelCreateListener extends Listener<typeof Events.ChannelCreate> {
	public override async run(channel: GuildChannel) {
		if (!isOverwritable(channel.type)) return;
		if (!(await isFeatureEnabledFor(this, channel.guildId))) return;
		const { detentionRoleId, detentionChannelId } = await getSettings(channel.guildId);
		if (!detentionRoleId || channel.id === detentionChannelId) return;
		if (channel.permissionOverwrites.cache.has(detentionRoleId)) return;
		if (!channel.guild.roles.cache.has(detentionRoleId)) return;
		await hideFrom(channel, detentionRoleId, 'Detention: hide new channels from detained members').catch((error: unknown) =>
			this.container.logger.warn(
				`Moderation: could not hide new channel ${channel.id} from the detention role: ${error instanceof Error ? error.message : String(error)}`
			)
		);
	}
}
