import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { ApplicationCommand, Collection } from 'discord.js';

/**
 * The three start-up lines about command registration that Sapphire's optional listeners would log, which client.ts
 * turns off (`loadApplicationCommandRegistriesStatusListeners: false`) because one of them formats the time taken with
 * `Number#toLocaleString()`: the first number formatter a process builds makes ICU load ≈ 4.6 MB of locale data and
 * code from node's binary, which stays resident (≈ 4.7 MB of Tika's RSS after ready, docs/architecture.md, "Where
 * Tika's memory goes"). Same lines, the time in whole milliseconds.
 */
@ApplyOptions<Listener.Options>({ name: 'TikaCommandRegistriesInitialising', event: Events.ApplicationCommandRegistriesInitialising, once: true })
export class CommandRegistriesInitialisingListener extends Listener<typeof Events.ApplicationCommandRegistriesInitialising> {
	public override run() {
		this.container.logger.info('ApplicationCommandRegistries: Initializing...');
	}
}

@ApplyOptions<Listener.Options>({ name: 'TikaCommandRegistriesRegistered', event: Events.ApplicationCommandRegistriesRegistered, once: true })
export class CommandRegistriesRegisteredListener extends Listener<typeof Events.ApplicationCommandRegistriesRegistered> {
	public override run(_registries: unknown, timeTaken: number) {
		this.container.logger.info(`ApplicationCommandRegistries: Took ${Math.round(timeTaken)}ms to initialize.`);
	}
}

@ApplyOptions<Listener.Options>({ name: 'TikaCommandRegistriesBulkOverwrite', event: Events.ApplicationCommandRegistriesBulkOverwrite })
export class CommandRegistriesBulkOverwriteListener extends Listener<typeof Events.ApplicationCommandRegistriesBulkOverwrite> {
	public override run(result: Collection<string, ApplicationCommand>, guildId: string | null) {
		this.container.logger.info(
			guildId
				? `ApplicationCommandRegistries(BulkOverwrite) Successfully overwrote guild application commands for guild ${guildId}. The application now has ${result.size} guild commands for guild ${guildId}`
				: `ApplicationCommandRegistries(BulkOverwrite) Successfully overwrote global application commands. The application now has ${result.size} global commands`
		);
	}
}
