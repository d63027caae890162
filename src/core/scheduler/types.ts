/**
 * The durable scheduler's public types (see docs/scheduler.md). Every timed action of every plugin is a
 * persisted task: it survives restarts, is claimed by exactly one process at a time (a lease), is retried
 * with backoff and ends in a dead letter when it keeps failing.
 */
import type { Prisma } from '#core/database/index';

export type TaskStatus = 'pending' | 'running' | 'done' | 'dead' | 'cancelled';

export interface ScheduledTask<P = unknown> {
	id: number;
	/** The handler's name: the file name of a piece in some plugin's `scheduled-tasks/` folder. */
	kind: string;
	/** Optional unique key (e.g. `reminder:42`); adding a task with a key that exists replaces that task. */
	key: string | null;
	/** The guild the task acts in, if any (a sharded bot runs it on the shard that owns the guild). */
	guildId: string | null;
	/** When the task runs next (retries move it). */
	runAt: Date;
	/** When this occurrence fell due (retries never move it): lateness and the nonce are measured from it. */
	dueAt: Date;
	payload: P;
	status: TaskStatus;
	/** Runs started so far (a claim counts as one), reset when a handler reschedules the task. */
	attempts: number;
	leaseOwner: string | null;
	leaseUntil: Date | null;
	lastError: string | null;
	createdAt: Date;
	updatedAt: Date;
}

export interface NewTask<P = unknown> {
	kind: string;
	runAt: Date;
	payload: P;
	key?: string;
	guildId?: string | null;
}

export interface TaskContext {
	/**
	 * A nonce for the messages this run sends, derived from the task id and its due time: identical on a retry of the
	 * same occurrence, different for the next occurrence of a repeating task. Send it with `enforceNonce: true`, so that
	 * a retry after a crash mid-delivery gets the first message back from Discord instead of posting twice.
	 */
	nonce: string;
	/** How late this run is: now − dueAt, in ms (≥ 0). */
	lateByMs: number;
	/** True when the task fell due before this process's scheduler started (it was due while Tika was stopped). */
	dueWhileStopped: boolean;
	/** 1 for the first run of this occurrence, 2 for the first retry... */
	attempt: number;
	/**
	 * Finishes the task together with the handler's own last writes, in one transaction, and answers the writes' results
	 * in order. Pass the queries unawaited (`prisma.reminderEntry.updateMany(...)`, not its awaited result). The writes
	 * always run; the task is marked done only if this process still holds it (it was not cancelled, replaced or taken
	 * over meanwhile) or it is as `stop()` left it when it handed the run back. Use it when the handler records its own
	 * outcome (a reminder marked delivered): a shutdown or crash can then never leave that outcome written and the task
	 * still pending, or the reverse. Return nothing afterwards. The calls of runs that finish in the same turn share one
	 * transaction, so a burst of deliveries costs a few transactions, not one each.
	 */
	finishWith<const Writes extends readonly PrismaPromise<unknown>[]>(
		...writes: Writes
	): Promise<{ -readonly [K in keyof Writes]: Awaited<Writes[K]> }>;
	/**
	 * Like `finishWith`, for a repeat: the handler's own last writes and the task moved to its next occurrence (what
	 * returning `{ rescheduleAt, payload? }` does) commit together. Return nothing afterwards.
	 */
	rescheduleWith<const Writes extends readonly PrismaPromise<unknown>[]>(
		next: { rescheduleAt: Date; payload?: unknown },
		...writes: Writes
	): Promise<{ -readonly [K in keyof Writes]: Awaited<Writes[K]> }>;
}

/** A query not yet sent (what a Prisma model method returns before it is awaited): it can join a transaction. */
export type PrismaPromise<T> = Prisma.PrismaPromise<T>;

/**
 * What a handler returns. Nothing (or `{ done: true }`): the task is finished. `{ rescheduleAt }`: the same task runs
 * again then (repeats; attempts reset, optional new payload). `{ retryInMs }`: try again later without counting a
 * failure toward the dead letter (e.g. the guild is not available yet). Throwing counts a failure: retried with
 * backoff, dead after `scheduler.max_attempts`.
 */
export type TaskOutcome = void | { done: true } | { rescheduleAt: Date; payload?: unknown } | { retryInMs: number; reason?: string };

export interface SchedulerStats {
	pending: number;
	running: number;
	dead: number;
	/** Runs finished by this process since start, and how many of those failed. */
	ran: number;
	failed: number;
	/** Delivery lag (start of run − runAt) p50/p99 over the last runs of this process, in ms. */
	lagP50Ms: number;
	lagP99Ms: number;
}
