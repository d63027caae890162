import { container, type SapphireClient } from '@sapphire/framework';
import { TikaEvents } from './events';
import { installFeatureGatedInteractionHandlers } from './FeatureGatedInteractionHandlerStore';
import { FeatureManager } from './FeatureManager';
import { prismaFeatureOverrides } from './repository';

/**
 * Puts the feature manager on the container and the feature-gated interaction handler store in the registry.
 * Needs `container.plugins`, `config` and `prisma`; must run before plugin folders are registered (see
 * installFeatureGatedInteractionHandlers).
 */
export function installFeatures(client: SapphireClient): FeatureManager {
	const { config, logger } = container;
	const features = new FeatureManager({
		plugins: container.plugins,
		repository: prismaFeatureOverrides(container.prisma),
		defaults: config.features,
		maxGuilds: config.performance.maxCacheSize,
		ttlMs: config.performance.cacheTtl * 1000,
		onToggle: (guildId, feature, enabled) => client.emit(TikaEvents.FeatureToggled, guildId, feature, enabled),
		logger: { warn: (...values) => logger.warn(...values), error: (...values) => logger.error(...values) }
	});
	const unknown = features.unknownDefaults();
	// Info, not a warning: the shipped config.yml names every planned feature, and an operator may remove a plugin
	// folder without editing the config. A typo still shows up here, next to the list of installed plugins.
	if (unknown.length > 0) logger.info(`[features] config.yml features lists ${unknown.join(', ')}, which are not installed; ignored`);
	container.features = features;
	installFeatureGatedInteractionHandlers(client.stores);
	return features;
}
