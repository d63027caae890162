import { container } from '@sapphire/framework';
import { XpBuffer } from './buffer';
import { RankIndex } from './rankIndex';
import { Cooldowns } from './rules';

/** Buffer defaults; documented in docs/features/progression.md. */
export const FLUSH_INTERVAL_MS = 5_000;
export const FLUSH_BATCH_SIZE = 500;

let buffer: XpBuffer | null = null;
let unregister: (() => void) | null = null;
export const cooldowns = new Cooldowns();
export const rankIndex = new RankIndex();

/** The process-wide XP buffer, created on first use; a clean shutdown flushes it. */
export function getBuffer(): XpBuffer {
	if (buffer) return buffer;
	const created = new XpBuffer(container.prisma, {
		provider: container.db.provider,
		flushIntervalMs: FLUSH_INTERVAL_MS,
		batchSize: FLUSH_BATCH_SIZE,
		onMove: (guildId, from, to) => rankIndex.move(guildId, from, to)
	});
	created.start();
	unregister = container.lifecycle.onShutdown('progression: flush XP', async () => {
		created.stop();
		await created.flush();
	});
	buffer = created;
	return created;
}

/** The buffer if one exists (never creates it): what the metrics read. */
export function currentBuffer(): XpBuffer | null {
	return buffer;
}

/** Flushes and forgets the buffer (plugin unload). */
export async function closeBuffer(): Promise<void> {
	if (!buffer) return;
	const current = buffer;
	buffer = null;
	current.stop();
	unregister?.();
	unregister = null;
	await current.flush();
}
