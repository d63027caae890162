import { container } from '@sapphire/framework';
import { pluginConfig } from '#core/plugins/settings';
import plugin from '../plugin';
import { ChapelEngine } from './engine';

/**
 * The one chapel engine of the process, shared by every piece of the plugin. Kept on a process-wide symbol rather than
 * a module variable: pieces can be loaded through different module registries (jest, `/plugins reload`), and two
 * engines would each debounce their own half of a post's reactions. Created on first use; a clean shutdown runs every
 * waiting flush (votes written, counts edited) and forgets it, so a restarted bot in the same process starts afresh.
 */
const SLOT = Symbol.for('tika.chapel.engine');
type Slot = { engine: ChapelEngine } | undefined;
const store = globalThis as unknown as Record<symbol, Slot>;

/** The engine if one was created (never creates it): what the plugin's memory report reads. */
export function currentChapel(): ChapelEngine | null {
	return store[SLOT]?.engine ?? null;
}

export function chapel(): ChapelEngine {
	const existing = store[SLOT];
	if (existing) return existing.engine;
	const settings = pluginConfig(plugin);
	const engine = new ChapelEngine({
		prisma: container.prisma,
		provider: container.db.provider,
		client: () => container.client,
		logger: container.logger,
		waitMs: settings.edit_delay_ms,
		maxWaitMs: settings.edit_max_wait_ms
	});
	container.lifecycle.onShutdown('chapel: flush waiting counts', async () => {
		if (store[SLOT]?.engine === engine) store[SLOT] = undefined;
		await engine.flushAll();
	});
	store[SLOT] = { engine };
	return engine;
}
