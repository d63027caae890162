/**
 * Tika's own client events. Plugins react to them with ordinary Sapphire listeners in their `listeners/` folder,
 * e.g. `@ApplyOptions<Listener.Options>({ event: TikaEvents.FeatureToggled })`.
 */
export const TikaEvents = {
	/**
	 * A feature was switched on or off in a guild (the seed's `on_feature_toggle`): `(guildId, feature, enabled)`.
	 * Emitted once the change is stored, for every feature whose state moved (a dependency being enabled can bring its
	 * dependents back on). Emitted whatever the new state, so a plugin hears about being switched off, e.g. to stop its
	 * running games: listeners for this event should not gate themselves on the feature being enabled.
	 */
	FeatureToggled: 'tikaFeatureToggled'
} as const;

declare module 'discord.js' {
	interface ClientEvents {
		tikaFeatureToggled: [guildId: string, feature: string, enabled: boolean];
	}
}
