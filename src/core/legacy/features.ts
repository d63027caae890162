/**
 * The core's own legacy importer: feature toggles. The old bot's feature manager kept, per guild, which features an
 * admin switched on or off: `guilds/<guild>/features.json` is `{ "<feature>": true | false }`, e.g.
 * `{ "progression": true, "ai_chat": false }`. Each becomes a FeatureOverride, exactly what `/features toggle` writes.
 * A feature name that is no plugin here (or one that cannot be switched off) is an unknown key.
 */
import { z } from 'zod';
import { defineLegacyImporter, LEGACY_ACTOR, type LegacyImporter } from './types';

export function featuresImporter(toggleable: readonly string[]): LegacyImporter {
	const schema = z.strictObject(Object.fromEntries(toggleable.map((name) => [name, z.boolean().optional()])));
	return defineLegacyImporter({
		name: 'features',
		plugin: 'core',
		guild: {
			schema,
			async import(data, context) {
				for (const [feature, enabled] of Object.entries(data as Record<string, boolean | undefined>)) {
					if (enabled === undefined) continue;
					await context.put('FeatureOverride', { guildId: context.id, feature }, { enabled }, `${feature} ${enabled ? 'on' : 'off'}`, {
						updatedBy: LEGACY_ACTOR
					});
				}
			}
		}
	});
}
