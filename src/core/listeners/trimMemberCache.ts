import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Client } from 'discord.js';

/**
 * Drops the member lists Discord sends with every GUILD_CREATE once the bot is ready.
 *
 * No feature reads that snapshot: anything that acts on a member fetches it, and message and
 * interaction payloads carry their author's member. After this, each guild's member cache only
 * holds members who did something recently (bounded by the cache factory in client.ts), so memory
 * grows with activity instead of with the size of the servers Tika is in (bench/startup measures RSS with
 * 1,000 guilds × 50 members).
 */
@ApplyOptions<Listener.Options>({ event: Events.ClientReady, once: true })
export class TrimMemberCacheListener extends Listener<typeof Events.ClientReady> {
	public override run(client: Client<true>) {
		let dropped = 0;
		for (const guild of client.guilds.cache.values()) {
			dropped += guild.members.cache.sweep((member) => member.id !== client.user.id);
		}
		if (dropped > 0) this.container.logger.debug(`Dropped ${dropped} connect-time member(s) from the cache.`);
	}
}
