import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { endGames, games, PLUGIN } from '../lib/runtime';

/** A server switching interactive games off ends its live games at once: messages say so, buttons go grey. */
@ApplyOptions<Listener.Options>({ event: 'tikaFeatureToggled' })
export class InteractiveGamesFeatureToggledListener extends Listener {
	public override async run(guildId: string, feature: string, enabled: boolean) {
		if (feature !== PLUGIN || enabled) return;
		await endGames(games.inGuild(guildId), 'disabled');
	}
}
