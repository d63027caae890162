import type { PrismaClient } from '#core/database/index';

/**
 * The global on/off switch of each plugin (`PluginState`), persisted so that a plugin an operator switched
 * off stays off across restarts. Only explicit choices are stored: a plugin without a row is enabled.
 */
export interface PluginStateStore {
	/** Names of plugins switched off globally. */
	disabled(): Promise<string[]>;
	set(name: string, enabled: boolean): Promise<void>;
}

export function prismaPluginStateStore(prisma: PrismaClient): PluginStateStore {
	return {
		async disabled() {
			const rows = await prisma.pluginState.findMany({ where: { enabled: false }, select: { name: true } });
			return rows.map((row) => row.name);
		},
		async set(name, enabled) {
			await prisma.pluginState.upsert({ where: { name }, create: { name, enabled }, update: { enabled } });
		}
	};
}
