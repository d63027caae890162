import type { PrismaClient } from '#core/database/index';

/**
 * Votes wait in memory between a reaction and its message's next flush, and reach the database in a few statements
 * per flush (not one per reaction). Only the last change of each (member, emoji) counts: a reaction added and taken
 * back within one wait writes nothing.
 */
export interface PendingVotes {
	/** `voterId:emoji` → added (true) or taken back (false). */
	changes: Map<string, { voterId: string; emoji: string; add: boolean }>;
	/** Reactions cleared by a moderator before the changes above: every emoji (`all`) or these keys. */
	cleared: 'all' | Set<string> | null;
	/** A recount from Discord (/chapel refresh): replaces every stored vote of the message, then the changes apply. */
	recount: Map<string, Set<string>> | null;
}

export function emptyVotes(): PendingVotes {
	return { changes: new Map(), cleared: null, recount: null };
}

export function hasVoteWork(votes: PendingVotes): boolean {
	return votes.changes.size > 0 || votes.cleared !== null || votes.recount !== null;
}

export function recordChange(votes: PendingVotes, voterId: string, emoji: string, add: boolean): void {
	votes.changes.set(`${voterId}:${emoji}`, { voterId, emoji, add });
}

/** Reactions cleared (all, or one emoji): changes waiting for them no longer matter. */
export function recordClear(votes: PendingVotes, emoji: string | null): void {
	if (emoji === null) {
		votes.cleared = 'all';
		votes.changes.clear();
		return;
	}
	for (const [id, change] of votes.changes) if (change.emoji === emoji) votes.changes.delete(id);
	if (votes.cleared === 'all') return;
	votes.cleared ??= new Set();
	votes.cleared.add(emoji);
}

export interface VoteTarget {
	boardId: number;
	guildId: string;
	messageId: string;
	authorId: string;
}

type Db = Pick<PrismaClient, 'chapelVote' | '$transaction'>;

/**
 * Writes pending votes: clears and recounts first, then removals, then additions that are not stored yet. `keep`
 * filters additions (self-votes when they do not count). One transaction, so a crash never leaves half a flush.
 */
export async function applyVotes(db: Db, target: VoteTarget, votes: PendingVotes, keep: (voterId: string) => boolean): Promise<void> {
	const { boardId, messageId } = target;
	const where = { boardId, messageId };
	const removals = [...votes.changes.values()].filter((change) => !change.add);
	const additions = [...votes.changes.values()].filter((change) => change.add && keep(change.voterId));
	for (const [voterId, emojis] of votes.recount ?? []) {
		if (!keep(voterId)) continue;
		for (const emoji of emojis) if (!votes.changes.has(`${voterId}:${emoji}`)) additions.push({ voterId, emoji, add: true });
	}
	const clearEverything = votes.cleared === 'all' || votes.recount !== null;
	const existing =
		additions.length && !clearEverything
			? await db.chapelVote.findMany({
					where: { ...where, voterId: { in: [...new Set(additions.map((a) => a.voterId))] } },
					select: { voterId: true, emoji: true }
				})
			: [];
	const stored = new Set(existing.map((vote) => `${vote.voterId}:${vote.emoji}`));
	const clearedEmojis = votes.cleared instanceof Set ? votes.cleared : null;
	const fresh = additions.filter((a) => clearEverything || clearedEmojis?.has(a.emoji) || !stored.has(`${a.voterId}:${a.emoji}`));
	const writes = [];
	if (clearEverything) writes.push(db.chapelVote.deleteMany({ where }));
	else if (clearedEmojis) writes.push(db.chapelVote.deleteMany({ where: { ...where, emoji: { in: [...clearedEmojis] } } }));
	if (removals.length)
		writes.push(db.chapelVote.deleteMany({ where: { ...where, OR: removals.map(({ voterId, emoji }) => ({ voterId, emoji })) } }));
	if (fresh.length)
		writes.push(
			db.chapelVote.createMany({
				data: fresh.map(({ voterId, emoji }) => ({ ...where, voterId, emoji, guildId: target.guildId, authorId: target.authorId }))
			})
		);
	if (writes.length) await db.$transaction(writes);
}

/** Members who voted for the message on this chapel, whatever emojis they used. */
export async function countVotes(db: Pick<PrismaClient, 'chapelVote'>, boardId: number, messageId: string): Promise<number> {
	const voters = await db.chapelVote.groupBy({ by: ['voterId'], where: { boardId, messageId } });
	return voters.length;
}
