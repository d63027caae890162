import { container, type Piece } from '@sapphire/framework';

/** A piece's plugin name (null outside plugins), remembered per piece instance: a reloaded piece is a new instance. */
const pluginNames = new WeakMap<object, string | null>();

/**
 * The one feature check for plugin **listeners** (gateway events), called first thing in `run`:
 *
 * ```ts
 * public override async run(reaction: MessageReaction, user: User) {
 * 	if (!(await isFeatureEnabledFor(this, reaction.message.guildId))) return;
 * 	// ...
 * }
 * ```
 *
 * A helper rather than a gating base class, because events carry their guild in different places
 * (`message.guildId`, `reaction.message.guildId`, `member.guild.id`, or nowhere) and only the listener knows where;
 * and because some listeners must run while their feature is off (a plugin hearing `tikaFeatureToggled` to stop its
 * games). Commands and interaction handlers are gated by the core (the FeatureEnabled precondition and the
 * interaction handler store) and message handlers by the router, so none of those call this.
 *
 * True outside a guild (features are per guild), for pieces outside plugins, and before the feature manager exists.
 * Synchronous when the guild's state is cached. A failed lookup is logged and answers false: skipping an event
 * is safer than acting against an admin's wish.
 */
export function isFeatureEnabledFor(piece: Pick<Piece, 'location'>, guildId: string | null | undefined): boolean | Promise<boolean> {
	if (!guildId) return true;
	const features = Reflect.get(container, 'features') as typeof container.features | undefined;
	if (!features) return true;
	let plugin = pluginNames.get(piece);
	if (plugin === undefined) {
		plugin = container.plugins.pluginOf(piece)?.manifest.name ?? null;
		pluginNames.set(piece, plugin);
	}
	if (plugin === null) return true;
	try {
		const enabled = features.isEnabled(guildId, plugin);
		return typeof enabled === 'boolean' ? enabled : enabled.catch((error: unknown) => failed(plugin, guildId, error));
	} catch (error) {
		return failed(plugin, guildId, error);
	}
}

function failed(plugin: string, guildId: string, error: unknown): false {
	container.logger.error(`[features] Could not tell whether ${plugin} is enabled in guild ${guildId}; skipped its listener:`, error);
	return false;
}
