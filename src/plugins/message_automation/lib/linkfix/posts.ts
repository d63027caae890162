import { MAP_ENTRY_BYTES, objectBytes, stringBytes } from '#core/stats/memory';

/**
 * Which messages have a fix, in memory, so that deletions and edits of the (many) messages without one cost a map
 * look-up instead of a database query. The database (`LinkFixPost`) is the source of truth and survives restarts; this
 * index is filled from it at start-up (`loaded`), and until then callers ask the database.
 */
export interface FixRecord {
	readonly sourceMessageId: string;
	readonly fixMessageId: string;
	readonly channelId: string;
	readonly authorId: string;
	/** ms since the epoch. */
	readonly createdAt: number;
}

/** How long a fix stays linked to its source; older rows are pruned and their sources' edits no longer sync. */
export const FIX_RETENTION_MS = 14 * 24 * 60 * 60_000;

const FIX_RECORD_BYTES = 2 * MAP_ENTRY_BYTES + objectBytes(5) + 16 + 4 * stringBytes('0'.repeat(19));

export class FixIndex {
	// Insertion order is creation order (rows are loaded oldest first), which makes pruning a walk from the front.
	readonly #bySource = new Map<string, FixRecord>();
	readonly #byFix = new Map<string, string>();
	#loaded = false;

	public get loaded(): boolean {
		return this.#loaded;
	}

	public get size(): number {
		return this.#bySource.size;
	}

	/** Estimated bytes: per fix, two map slots, the record (5 fields, its time a heap number) and four ids. */
	public estimateBytes(): number {
		return this.#bySource.size * FIX_RECORD_BYTES;
	}

	/** Fills the index from the stored rows (oldest first) and marks it authoritative. */
	public load(records: Iterable<FixRecord>): void {
		for (const record of records) this.set(record);
		this.#loaded = true;
	}

	public set(record: FixRecord): void {
		this.delete(record.sourceMessageId);
		this.#bySource.set(record.sourceMessageId, record);
		this.#byFix.set(record.fixMessageId, record.sourceMessageId);
	}

	public bySource(sourceMessageId: string): FixRecord | undefined {
		return this.#bySource.get(sourceMessageId);
	}

	public byFix(fixMessageId: string): FixRecord | undefined {
		const source = this.#byFix.get(fixMessageId);
		return source === undefined ? undefined : this.#bySource.get(source);
	}

	/**
	 * Whether the message may be the source or the fix of a record: always "maybe" before the index is loaded, so the
	 * caller falls back to the database only then.
	 */
	public mayConcern(messageId: string): boolean {
		return !this.#loaded || this.#bySource.has(messageId) || this.#byFix.has(messageId);
	}

	public delete(sourceMessageId: string): FixRecord | undefined {
		const record = this.#bySource.get(sourceMessageId);
		if (!record) return undefined;
		this.#bySource.delete(sourceMessageId);
		this.#byFix.delete(record.fixMessageId);
		return record;
	}

	/** Drops records created before `cutoff` (ms since the epoch); returns how many. */
	public prune(cutoff: number): number {
		let pruned = 0;
		for (const record of this.#bySource.values()) {
			if (record.createdAt >= cutoff) break;
			this.delete(record.sourceMessageId);
			pruned++;
		}
		return pruned;
	}

	public clear(): void {
		this.#bySource.clear();
		this.#byFix.clear();
		this.#loaded = false;
	}
}
