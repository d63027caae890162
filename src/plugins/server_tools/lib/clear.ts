/**
 * The rules of `/clear`, free of Discord objects: which messages a set of filters selects, which of them Discord's
 * bulk-delete endpoint may take, and how the ids are split into requests.
 */

/** Discord refuses to bulk-delete messages older than 14 days (error 50034). */
export const BULK_DELETE_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
/**
 * Messages this close to the limit are treated as too old: a message that is 13 days 23 h 59 min 30 s old when it is
 * scanned may be past the limit when the request lands, and one such id fails the whole batch of 100.
 */
export const BULK_DELETE_SAFETY_MS = 60_000;
/** The bulk-delete endpoint takes between 2 and 100 ids. */
export const BULK_DELETE_MAX = 100;
export const CLEAR_MIN = 1;
export const CLEAR_MAX = 1000;
/** Above this many messages, /clear asks for confirmation first. */
export const CONFIRM_ABOVE = 100;
/** Never read more than this many messages for one /clear, however rare the matches. */
export const SCAN_CAP = 5000;
/** How many messages are read per match asked for, when filters may skip most of them. */
export const SCAN_FACTOR = 5;
/** `contains` longer than this is refused (it is matched against every scanned message). */
export const CONTAINS_MAX_LENGTH = 100;

export interface ClearFilters {
	/** Only messages by this user. */
	userId?: string | null;
	/** Only messages by bots (and webhooks). */
	bots?: boolean;
	/** Only messages whose text contains this (case-insensitive). */
	contains?: string | null;
	/** Only messages with a link. */
	links?: boolean;
	/** Only messages with an attachment. */
	attachments?: boolean;
	/** Only messages older than this message (id). */
	before?: string | null;
	/** Only messages newer than this message (id). */
	after?: string | null;
	/** Also delete pinned messages (skipped by default). */
	includePinned?: boolean;
	/** Delete matches older than 14 days one by one instead of leaving them (slow: one request each). */
	includeOld?: boolean;
}

/** The fields of a message the filters read (a discord.js Message fits). */
export interface ClearCandidate {
	id: string;
	createdTimestamp: number;
	pinned: boolean;
	content: string;
	author: { id: string; bot: boolean };
	webhookId?: string | null;
	attachments: { size: number };
	/** Link embeds count as links even when the text hides the URL. */
	embeds?: readonly { url?: string | null }[];
}

/** What happens to one scanned message. */
export type Verdict = 'delete' | 'old' | 'pinned' | 'filtered';

const LINK = /\bhttps?:\/\/\S+|\bdiscord\.gg\/\S+/i;

export function hasLink(message: Pick<ClearCandidate, 'content' | 'embeds'>): boolean {
	return LINK.test(message.content) || (message.embeds ?? []).some((embed) => Boolean(embed.url));
}

/** Whether the filters (author, bots, text, links, attachments, range) select the message; pins and age aside. */
export function matchesFilters(message: ClearCandidate, filters: ClearFilters): boolean {
	if (filters.userId && message.author.id !== filters.userId) return false;
	if (filters.bots && !message.author.bot && !message.webhookId) return false;
	if (filters.contains && !message.content.toLowerCase().includes(filters.contains.toLowerCase())) return false;
	if (filters.links && !hasLink(message)) return false;
	if (filters.attachments && message.attachments.size === 0) return false;
	if (filters.before && compareSnowflakes(message.id, filters.before) >= 0) return false;
	if (filters.after && compareSnowflakes(message.id, filters.after) <= 0) return false;
	return true;
}

/** Whether bulk-delete still accepts the message at `now` (with the safety margin). */
export function isBulkDeletable(createdTimestamp: number, now: number): boolean {
	return now - createdTimestamp < BULK_DELETE_MAX_AGE_MS - BULK_DELETE_SAFETY_MS;
}

/** The verdict for one message: filtered out, a pinned match left alone, a match too old for bulk-delete, or deleted. */
export function classify(message: ClearCandidate, filters: ClearFilters, now: number): Verdict {
	if (!matchesFilters(message, filters)) return 'filtered';
	if (message.pinned && !filters.includePinned) return 'pinned';
	if (!isBulkDeletable(message.createdTimestamp, now)) return 'old';
	return 'delete';
}

export function compareSnowflakes(a: string, b: string): number {
	const x = BigInt(a);
	const y = BigInt(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

/** One request: the bulk endpoint for 2–100 ids, the single DELETE for one. */
export type DeleteBatch = { kind: 'bulk'; ids: string[] } | { kind: 'single'; id: string };

/** Splits ids into requests of at most 100; a lone id (or a remainder of one) uses the single DELETE. */
export function planBatches(ids: readonly string[]): DeleteBatch[] {
	const batches: DeleteBatch[] = [];
	for (let start = 0; start < ids.length; start += BULK_DELETE_MAX) {
		const chunk = ids.slice(start, start + BULK_DELETE_MAX);
		batches.push(chunk.length === 1 ? { kind: 'single', id: chunk[0]! } : { kind: 'bulk', ids: chunk });
	}
	return batches;
}

/** Null when valid, else the reason the amount is refused. */
export function checkAmount(amount: number): string | null {
	if (!Number.isInteger(amount)) return `The amount must be a whole number between ${CLEAR_MIN} and ${CLEAR_MAX}.`;
	if (amount < CLEAR_MIN || amount > CLEAR_MAX) return `The amount must be between ${CLEAR_MIN} and ${CLEAR_MAX} (got ${amount}).`;
	return null;
}

/** How many messages to read at most for `amount` matches: a few per match when filtering, always at least one page. */
export function scanLimit(amount: number): number {
	return Math.min(SCAN_CAP, Math.max(BULK_DELETE_MAX, amount * SCAN_FACTOR));
}

const MESSAGE_LINK = /^https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{17,20}|@me)\/(\d{17,20})\/(\d{17,20})\/?$/i;

/** A message reference typed by a user: a bare id or a message link. Null when it is neither. */
export function parseMessageRef(input: string): { messageId: string; channelId: string | null } | null {
	const text = input.trim();
	if (/^\d{17,20}$/.test(text)) return { messageId: text, channelId: null };
	const link = MESSAGE_LINK.exec(text);
	return link ? { messageId: link[3]!, channelId: link[2]! } : null;
}

/** What a run found and did. */
export interface ClearTally {
	deleted: number;
	/** Matches left because they are pinned. */
	pinned: number;
	/** Matches older than 14 days left in place (includeOld off). */
	tooOld: number;
	/** Matches older than 14 days deleted one by one (includeOld on). */
	oldDeleted: number;
	/** Deletions Discord refused or that failed (already gone, missing permission mid-way...). */
	failed: number;
	/** Messages read. */
	scanned: number;
	/** The scan stopped at its cap before finding `amount` matches. */
	hitScanCap: boolean;
}

/**
 * Walks messages newest first and sorts them until `amount` matches were found (deletable now, or too old), the scan
 * cap is reached, or the range ends. Pure: the caller feeds pages and performs the deletions.
 */
export class ClearSelection {
	public readonly bulk: string[] = [];
	public readonly old: string[] = [];
	public pinned = 0;
	public scanned = 0;
	public done = false;
	public hitScanCap = false;
	readonly #limit: number;

	public constructor(
		private readonly amount: number,
		private readonly filters: ClearFilters,
		private readonly now: number
	) {
		this.#limit = scanLimit(amount);
	}

	/** How many more messages may be read. */
	public get remainingScan(): number {
		return Math.max(0, this.#limit - this.scanned);
	}

	/** Matches counted towards `amount`. */
	public get matched(): number {
		return this.bulk.length + this.old.length;
	}

	/** Feeds one page (newest first). Returns false once nothing more is wanted. */
	public take(page: readonly ClearCandidate[]): boolean {
		for (const message of page) {
			if (this.done) break;
			if (this.filters.after && compareSnowflakes(message.id, this.filters.after) <= 0) {
				this.done = true;
				break;
			}
			if (this.scanned >= this.#limit) {
				this.hitScanCap = true;
				this.done = true;
				break;
			}
			this.scanned++;
			const verdict = classify(message, this.filters, this.now);
			if (verdict === 'delete') this.bulk.push(message.id);
			else if (verdict === 'old') this.old.push(message.id);
			else if (verdict === 'pinned') this.pinned++;
			if (this.matched >= this.amount) this.done = true;
		}
		if (!this.done && this.scanned >= this.#limit) {
			this.hitScanCap = true;
			this.done = true;
		}
		return !this.done;
	}
}

/** The filters a user set, as short labels for the summary and the case. */
export function describeFilters(filters: ClearFilters): string[] {
	const parts: string[] = [];
	if (filters.userId) parts.push(`from <@${filters.userId}>`);
	if (filters.bots) parts.push('from bots');
	if (filters.contains) parts.push(`containing "${filters.contains.replace(/["`]/g, "'")}"`);
	if (filters.links) parts.push('with links');
	if (filters.attachments) parts.push('with attachments');
	if (filters.before) parts.push(`before message ${filters.before}`);
	if (filters.after) parts.push(`after message ${filters.after}`);
	if (filters.includePinned) parts.push('including pinned');
	if (filters.includeOld) parts.push('including older than 14 days');
	return parts;
}

/** The summary lines shown to the moderator. */
export function summaryLines(tally: ClearTally, filters: ClearFilters): string[] {
	const lines = [`Deleted **${tally.deleted}** message${tally.deleted === 1 ? '' : 's'}.`];
	if (tally.oldDeleted > 0) lines.push(`Of those, ${tally.oldDeleted} older than 14 days were deleted one by one.`);
	if (tally.pinned > 0) lines.push(`Skipped **${tally.pinned}** pinned (use \`include_pinned\` to delete them too).`);
	if (tally.tooOld > 0)
		lines.push(
			tally.oldDeleted > 0
				? `Left **${tally.tooOld}** more older than 14 days (at most 100 are deleted one by one per run).`
				: `Left **${tally.tooOld}** older than 14 days: Discord does not bulk-delete those (\`include_old\` deletes them one by one).`
		);
	if (tally.failed > 0) lines.push(`**${tally.failed}** could not be deleted (already gone or refused by Discord).`);
	if (tally.hitScanCap) lines.push(`Stopped after reading ${tally.scanned} messages without finding more matches.`);
	const filterText = describeFilters(filters);
	if (filterText.length > 0) lines.push(`Filters: ${filterText.join(', ')}.`);
	return lines;
}
