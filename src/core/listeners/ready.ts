import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Client } from 'discord.js';

@ApplyOptions<Listener.Options>({ event: Events.ClientReady, once: true })
export class ReadyListener extends Listener<typeof Events.ClientReady> {
	public override run(client: Client<true>) {
		const { plugins, stores } = this.container;
		const pluginNames = plugins.list().map((plugin) => `${plugin.manifest.name}@${plugin.manifest.version}`);
		this.container.logger.info(
			`Ready as ${client.user.tag} in ${client.guilds.cache.size} guild(s); ` +
				`${stores.get('commands').size} command(s) from ${pluginNames.length} plugin(s): ${pluginNames.join(', ')}`
		);
	}
}
