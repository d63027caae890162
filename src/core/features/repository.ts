import type { PrismaClient } from '#core/database/index';

/** One guild's decision about one feature, as stored. */
export interface StoredOverride {
	readonly feature: string;
	readonly enabled: boolean;
}

/**
 * Where overrides live. The feature manager only needs these three operations, so its unit tests swap in an in-memory
 * fake that counts queries (single-flight loading, cache hits) without a database.
 */
export interface FeatureOverrideRepository {
	/** Every override of the guild, in one query: the manager caches a guild's overrides as a whole. */
	load(guildId: string): Promise<readonly StoredOverride[]>;
	save(guildId: string, feature: string, enabled: boolean, actorId: string): Promise<void>;
	/** Removes the override if there is one; removing a missing override is not an error. */
	remove(guildId: string, feature: string): Promise<void>;
}

/** The FeatureOverride table through Prisma (its primary key guildId+feature also serves "all overrides of a guild"). */
export function prismaFeatureOverrides(prisma: PrismaClient): FeatureOverrideRepository {
	return {
		load: (guildId) => prisma.featureOverride.findMany({ where: { guildId }, select: { feature: true, enabled: true } }),
		async save(guildId, feature, enabled, actorId) {
			await prisma.featureOverride.upsert({
				where: { guildId_feature: { guildId, feature } },
				create: { guildId, feature, enabled, updatedBy: actorId },
				update: { enabled, updatedBy: actorId }
			});
		},
		async remove(guildId, feature) {
			// deleteMany rather than delete: resetting a feature that has no override is a no-op, not a P2025 error.
			await prisma.featureOverride.deleteMany({ where: { guildId, feature } });
		}
	};
}
