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

export type SqlProvider = 'sqlite' | 'postgresql';
type Db = Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe' | '$transaction'>;

/** Rows per INSERT: 7 parameters each, far below either provider's limit. */
const INSERT_BATCH = 500;

/** Parameters for one raw statement, written `?` (SQLite) or `$n` (PostgreSQL). */
class Params {
	public readonly values: unknown[] = [];
	public constructor(private readonly provider: SqlProvider) {}

	public add(value: unknown): string {
		this.values.push(value);
		return this.provider === 'sqlite' ? '?' : `$${this.values.length}`;
	}
}

/**
 * Writes pending votes in one transaction: clears and recounts first, then removals, then additions (`keep` filters them:
 * self-votes when they do not count), inserted with ON CONFLICT DO NOTHING so a vote already stored is not an error.
 *
 * Raw SQL (portable between SQLite and PostgreSQL, like the XP buffer's): the statements' shapes change with every
 * flush (how many votes), and Prisma's query compiler would compile each one anew, which measured at most of a
 * flush's cost in bench/chapel.
 */
export async function applyVotes(
	db: Db,
	provider: SqlProvider,
	target: VoteTarget,
	votes: PendingVotes,
	keep: (voterId: string) => boolean
): Promise<void> {
	const changes = [...votes.changes.values()];
	const removals = changes.filter((change) => !change.add);
	const additions = changes.filter((change) => change.add && keep(change.voterId));
	for (const [voterId, emojis] of votes.recount ?? []) {
		if (!keep(voterId)) continue;
		for (const emoji of emojis) if (!votes.changes.has(`${voterId}:${emoji}`)) additions.push({ voterId, emoji, add: true });
	}
	const statements: { sql: string; values: unknown[] }[] = [];
	const forMessage = (params: Params) => `"boardId" = ${params.add(target.boardId)} AND "messageId" = ${params.add(target.messageId)}`;

	if (votes.cleared === 'all' || votes.recount !== null) {
		const params = new Params(provider);
		statements.push({ sql: `DELETE FROM "ChapelVote" WHERE ${forMessage(params)}`, values: params.values });
	} else if (votes.cleared) {
		const params = new Params(provider);
		const where = forMessage(params);
		const emojis = [...votes.cleared].map((emoji) => params.add(emoji)).join(', ');
		statements.push({ sql: `DELETE FROM "ChapelVote" WHERE ${where} AND "emoji" IN (${emojis})`, values: params.values });
	}
	if (removals.length) {
		const params = new Params(provider);
		const where = forMessage(params);
		const pairs = removals.map(({ voterId, emoji }) => `("voterId" = ${params.add(voterId)} AND "emoji" = ${params.add(emoji)})`).join(' OR ');
		statements.push({ sql: `DELETE FROM "ChapelVote" WHERE ${where} AND (${pairs})`, values: params.values });
	}
	const now = new Date();
	for (let index = 0; index < additions.length; index += INSERT_BATCH) {
		const params = new Params(provider);
		const rows = additions.slice(index, index + INSERT_BATCH).map(({ voterId, emoji }) => {
			const values = [
				target.boardId,
				target.messageId,
				voterId,
				emoji,
				target.guildId,
				target.authorId,
				provider === 'sqlite' ? now.toISOString() : now
			];
			return `(${values.map((value) => params.add(value)).join(', ')})`;
		});
		statements.push({
			sql: `INSERT INTO "ChapelVote" ("boardId", "messageId", "voterId", "emoji", "guildId", "authorId", "createdAt") VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`,
			values: params.values
		});
	}
	if (statements.length === 1) await db.$executeRawUnsafe(statements[0]!.sql, ...statements[0]!.values);
	else if (statements.length > 1) await db.$transaction(statements.map(({ sql, values }) => db.$executeRawUnsafe(sql, ...values)));
}

/** Members who voted for the message on this chapel, whatever emojis they used. */
export async function countVotes(
	db: Pick<PrismaClient, '$queryRawUnsafe'>,
	provider: SqlProvider,
	boardId: number,
	messageId: string
): Promise<number> {
	const params = new Params(provider);
	const rows = await db.$queryRawUnsafe<{ n: bigint | number | string }[]>(
		`SELECT COUNT(DISTINCT "voterId") AS n FROM "ChapelVote" WHERE "boardId" = ${params.add(boardId)} AND "messageId" = ${params.add(messageId)}`,
		...params.values
	);
	return Number(rows[0]?.n ?? 0);
}
