import { BULK_DELETE_MAX, ClearSelection, planBatches, type ClearCandidate, type ClearFilters, type ClearTally } from './clear';

/** What the runner needs from a channel; the command adapts a discord.js text channel to it. */
/**
 * Old messages cost one request each and Discord allows about one a second for deletions of old messages; past this
 * many, the run would outlive the interaction token (15 minutes) and the summary could not be shown.
 */
export const OLD_DELETE_MAX = 100;

export interface ClearChannel {
	/** Up to `limit` (≤ 100) messages older than `before`, newest first. */
	fetchPage(before: string, limit: number): Promise<ClearCandidate[]>;
	/** 2–100 ids through the bulk-delete endpoint. */
	bulkDelete(ids: string[]): Promise<void>;
	deleteOne(id: string): Promise<void>;
}

export interface ClearRequest {
	amount: number;
	filters: ClearFilters;
	/** Scanning starts just before this id: the command's own id, so messages sent while it runs are left alone. */
	startBefore: string;
	/** Deleted alongside the matches without counting (the prefix command's own message). */
	extraIds?: string[];
	now?: number;
}

/** Reads the channel page by page, then deletes in batches. Errors of single deletions are counted, not thrown. */
export async function runClear(channel: ClearChannel, request: ClearRequest): Promise<ClearTally> {
	const { amount, filters } = request;
	const selection = new ClearSelection(amount, filters, request.now ?? Date.now());
	let cursor = filters.before ?? request.startBefore;
	while (!selection.done) {
		const limit = Math.min(BULK_DELETE_MAX, selection.remainingScan);
		const page = await channel.fetchPage(cursor, limit);
		if (page.length === 0) break;
		if (!selection.take(page)) break;
		if (page.length < limit) break;
		cursor = page[page.length - 1]!.id;
	}

	let deleted = 0;
	let failed = 0;
	const extras = request.extraIds ?? [];
	for (const batch of planBatches([...extras, ...selection.bulk])) {
		if (batch.kind === 'single') {
			if (await attempt(() => channel.deleteOne(batch.id))) deleted++;
			else failed++;
			continue;
		}
		if (await attempt(() => channel.bulkDelete(batch.ids))) {
			deleted += batch.ids.length;
			continue;
		}
		// One bad id (deleted meanwhile, aged past the limit) fails the whole batch: fall back to one by one.
		for (const id of batch.ids) {
			if (await attempt(() => channel.deleteOne(id))) deleted++;
			else failed++;
		}
	}
	// The extra ids were not asked for, so they are not reported as cleared.
	const extrasDeleted = Math.min(extras.length, deleted);
	deleted -= extrasDeleted;

	let oldDeleted = 0;
	const oldToDelete = filters.includeOld ? selection.old.slice(0, OLD_DELETE_MAX) : [];
	for (const id of oldToDelete) {
		if (await attempt(() => channel.deleteOne(id))) oldDeleted++;
		else failed++;
	}

	return {
		deleted: deleted + oldDeleted,
		pinned: selection.pinned,
		tooOld: selection.old.length - oldToDelete.length,
		oldDeleted,
		failed,
		scanned: selection.scanned,
		hitScanCap: selection.hitScanCap
	};
}

async function attempt(run: () => Promise<unknown>): Promise<boolean> {
	try {
		await run();
		return true;
	} catch {
		return false;
	}
}
