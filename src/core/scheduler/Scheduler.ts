import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { SchedulerConfig } from '#core/config/schema';
import type { DatabaseProvider, PrismaClient } from '#core/database/index';
import { batched } from '#shared/utils/batch';
import type { NewTask, PrismaPromise, ScheduledTask, SchedulerStats, TaskContext, TaskOutcome, TaskStatus } from './types';

/** What runs a task: a loaded piece of the `scheduled-tasks` store (or anything with the same shape, in unit tests). */
export interface TaskRunner {
	run(task: ScheduledTask, context: TaskContext): Promise<TaskOutcome> | TaskOutcome;
	/** Optional: sees every task of its kind claimed in one round before their runs start (one read for a burst). */
	prepare?(tasks: readonly ScheduledTask[]): Promise<void> | void;
}

export interface SchedulerLogger {
	debug(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

export interface SchedulerOptions {
	prisma: PrismaClient;
	provider: DatabaseProvider;
	config: SchedulerConfig;
	/** The handlers loaded now, by kind. Read on every claim, so loading or unloading a plugin needs no call. */
	handlers: () => ReadonlyMap<string, TaskRunner>;
	logger: SchedulerLogger;
	/** Milliseconds since the epoch; tests inject a clock. */
	now?: () => number;
	/**
	 * The gateway shards this process runs, when there are several: it then claims only tasks without a guild and tasks
	 * of guilds on its shards (`(guildId >> 22) % count`), because handlers find their guild in this process's cache.
	 */
	shards?: { ids: readonly number[]; count: number } | null;
	/**
	 * How long after a write made inside a caller's transaction the scheduler keeps looking for it when it is due but
	 * not visible yet (the transaction has not committed). Longer than Prisma's default interactive-transaction
	 * timeout (5 s), after which the transaction has committed or rolled back. Default 10 s.
	 */
	uncommittedWindowMs?: number;
}

/** A Prisma client or the client of an open transaction: tasks can be written atomically with a plugin's own rows. */
export type SchedulerDb = Pick<PrismaClient, 'scheduledTask'>;

/** A run finishing with its handler's own writes: done, or (`next`) rescheduled to its next occurrence. */
interface Commit {
	id: number;
	writes: readonly PrismaPromise<unknown>[];
	next?: { rescheduleAt: Date; payload?: unknown } | undefined;
}

export type TaskSelector = { id: number } | { key: string };

type TaskRow = Omit<ScheduledTask, 'status' | 'payload'> & { status: string; payload: unknown };

const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** The longest a timer waits: setTimeout overflows past 2^31-1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const LAG_SAMPLES = 1024;
const ERROR_TEXT_MAX = 500;
const UNCOMMITTED_WINDOW_MS = 10_000;
/** First re-check for a due task written in a transaction not committed yet; doubled each time, at most a second. */
const RECHECK_FIRST_MS = 50;
const RECHECK_MAX_MS = 1_000;

/** A due time written inside a caller's transaction: the rounds cannot see it until that transaction commits. */
interface Uncommitted {
	at: number;
	/** The task's id when known (an add), to stop looking once it has been claimed. */
	id: number | null;
	/** Given up after this (the transaction rolled back, or the task was cancelled or claimed elsewhere). */
	until: number;
	recheckMs: number;
}

/**
 * Discord keeps a message nonce for a few minutes and takes at most 25 characters. Derived from the task id and the
 * occurrence's due time: a retry of the same occurrence sends the same nonce, the next occurrence a new one.
 */
export function taskNonce(task: Pick<ScheduledTask, 'id' | 'dueAt'>): string {
	return `t${task.id.toString(36)}.${task.dueAt.getTime().toString(36)}`;
}

/** Delay before retry number `failures` (1 = first retry): base, 2×base, 4×base… capped at an hour. */
export function retryDelay(failures: number, baseMs: number): number {
	return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, failures - 1));
}

function errorText(error: unknown): string {
	const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return text.split('\n')[0]!.slice(0, ERROR_TEXT_MAX);
}

function toMs(value: unknown): number | null {
	if (value === null || value === undefined) return null;
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'number') return value;
	if (typeof value === 'bigint') return Number(value);
	if (typeof value === 'string') {
		if (/^\d+$/.test(value)) return Number(value);
		// PostgreSQL `timestamp` (no zone) as text holds UTC.
		const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
		return Number.isNaN(parsed) ? null : parsed;
	}
	return null;
}

const COLUMNS = [
	'id',
	'kind',
	'key',
	'guildId',
	'runAt',
	'dueAt',
	'payload',
	'status',
	'attempts',
	'leaseOwner',
	'leaseUntil',
	'lastError',
	'createdAt',
	'updatedAt'
] as const;
const RETURNED = COLUMNS.map((column) => `"${column}"`).join(', ');

/**
 * A row as raw SQL returns it, typed as the generated client would: SQLite gives DateTime as ISO text and Json as
 * text, PostgreSQL gives Date (or text) and parsed JSON; ids may come back as bigint.
 */
function rowFromSql(raw: Record<string, unknown>): TaskRow {
	const date = (value: unknown) => {
		const ms = toMs(value);
		return ms === null ? null : new Date(ms);
	};
	const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
	return {
		id: Number(raw.id),
		kind: String(raw.kind),
		key: text(raw.key),
		guildId: text(raw.guildId),
		runAt: date(raw.runAt)!,
		dueAt: date(raw.dueAt)!,
		payload: typeof raw.payload === 'string' ? (JSON.parse(raw.payload) as unknown) : raw.payload,
		status: String(raw.status),
		attempts: Number(raw.attempts),
		leaseOwner: text(raw.leaseOwner),
		leaseUntil: date(raw.leaseUntil),
		lastError: text(raw.lastError),
		createdAt: date(raw.createdAt)!,
		updatedAt: date(raw.updatedAt)!
	};
}

/**
 * The durable scheduler: `container.schedule`. Every timed action of every plugin is a row in ScheduledTask.
 *
 * - **Claims.** Due tasks are claimed by one UPDATE that sets a lease (`UPDATE … RETURNING` on SQLite, with
 *   `FOR UPDATE SKIP LOCKED` on PostgreSQL), so two processes on one database never run the same task. A process
 *   that dies mid-run leaves a lease that expires; another process (or the restarted one) takes the task over, and
 *   the task's nonce makes Discord return the first message instead of posting a second.
 * - **Memory.** Nothing per task is held: only the time of the next wake-up, re-armed after every change this process
 *   makes, and at most `scheduler.poll_interval` away, to see tasks other processes added. Idle, that is one query
 *   per poll interval.
 * - **Failures** are retried with exponential backoff; after `scheduler.max_attempts` the task is dead: kept, logged
 *   and counted in /stats.
 */
export class Scheduler {
	/** Names this process in leases: host, pid and a random part (a restarted process never mistakes old leases for its own). */
	public readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
	readonly #options: SchedulerOptions;
	readonly #now: () => number;
	readonly #inFlight = new Map<number, Promise<void>>();
	/**
	 * Runs handed back at stop() while still in flight. One of them may still finish before the process exits (its
	 * message was queued in discord.js's REST queue and went out): its outcome is then written to the task if the task
	 * is still as stop() left it (pending, unleased), so a delivered reminder does not leave its task to run again.
	 */
	readonly #handedBack = new Set<number>();
	/** The hand-back's write while stop() makes it: a run finishing waits for it (see `#held`), so the two never interleave. */
	#handingBack: Promise<void> | null = null;
	/** Runs whose `finishWith`/`rescheduleWith` transaction is queued or under way: stop() lets that transaction decide, never hands them back. */
	readonly #committing = new Map<number, Promise<void>>();
	readonly #lags: number[] = [];
	#startedAt = 0;
	#running = false;
	#timer: NodeJS.Timeout | null = null;
	#timerAt = Number.POSITIVE_INFINITY;
	#renewal: NodeJS.Timeout | null = null;
	#waking: Promise<void> | null = null;
	#wakeAgain = false;
	/** The last claim was a full batch: more is due, so the next round claims without asking when the next task is. */
	#moreDue = false;
	/** Due times written inside callers' transactions and not yet seen claimed (see `#recheck`). A handful at most. */
	readonly #uncommitted: Uncommitted[] = [];
	#ran = 0;
	#failed = 0;
	/**
	 * Deletes finished tasks: one statement for every task that finished in the same turn of the event loop (a burst
	 * of 1,000 deliveries costs a few dozen deletes, not 1,000). A crash before the write leaves the task leased: it
	 * runs again after the lease, and its nonce makes Discord return the first message.
	 */
	readonly #finish = batched(async (ids: number[]): Promise<void[]> => {
		try {
			await this.#handingBack;
			this.#queries++;
			await this.#options.prisma.scheduledTask.deleteMany({ where: this.#held(ids) });
		} catch (error) {
			this.#options.logger.warn(`[scheduler] could not mark ${ids.length} finished task(s) done: ${errorText(error)}`);
		}
		return ids.map(() => undefined);
	});
	/**
	 * `finishWith` and `rescheduleWith`: the handlers' own last writes and their tasks' outcome (done, or the next
	 * occurrence), in one transaction for every run that finishes in the same turn. A run stop() handed back is matched
	 * as stop() left it (pending, unleased), after the hand-back's write, so the two never interleave; any other run only
	 * while this process still holds it.
	 */
	readonly #commit = batched(async (items: Commit[]): Promise<unknown[][]> => {
		await this.#handingBack;
		const { prisma } = this.#options;
		const done = items.filter(({ next }) => !next).map(({ id }) => id);
		const outcomes = items.flatMap(({ id, next }) =>
			next
				? [
						prisma.scheduledTask.updateMany({
							where: this.#held([id]),
							data: {
								status: 'pending',
								runAt: next.rescheduleAt,
								dueAt: next.rescheduleAt,
								attempts: 0,
								leaseOwner: null,
								leaseUntil: null,
								lastError: null,
								...(next.payload === undefined ? {} : { payload: next.payload as never })
							}
						})
					]
				: []
		);
		if (done.length > 0) outcomes.push(prisma.scheduledTask.deleteMany({ where: this.#held(done) }));
		this.#queries++;
		const results: unknown[] = await prisma.$transaction([...items.flatMap(({ writes }) => writes), ...outcomes]);
		for (const { next } of items) if (next) this.#arm(next.rescheduleAt.getTime());
		let at = 0;
		return items.map(({ writes }) => results.slice(at, (at += writes.length)));
	});
	#queries = 0;

	public constructor(options: SchedulerOptions) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
	}

	public get running(): boolean {
		return this.#running;
	}

	/** When this process's scheduler started: tasks due before it fell due while Tika was stopped. */
	public get startedAt(): Date {
		return new Date(this.#startedAt);
	}

	/** Database queries the scheduler made (the idle-cost bench reads it). */
	public get queries(): number {
		return this.#queries;
	}

	/** Starts claiming. Resolves after the first claim round (so overdue tasks are already running). */
	public async start(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		this.#startedAt = this.#now();
		await this.#wake();
		this.#markStarted();
	}

	#markStarted: () => void = () => undefined;
	/** Resolves once the first claim round after start() has finished (benchmarks and tests wait on it). */
	public readonly started: Promise<void> = new Promise((resolve) => (this.#markStarted = resolve));

	/**
	 * Stops claiming and waits for the runs in flight, at most `graceMs` (they finish or fail normally). Runs still going
	 * then (Discord slow to answer a burst) are handed back: pending again, lease cleared, attempt not counted, so the
	 * next start (or another process) runs them at once instead of waiting for the lease; their nonce makes Discord
	 * return the first message if this run's did get through. Nothing is left claimed by a process that is gone.
	 */
	public async stop(graceMs = 5_000): Promise<void> {
		this.#running = false;
		this.#clearTimer();
		if (this.#renewal) clearInterval(this.#renewal);
		this.#renewal = null;
		await this.#waking?.catch(() => undefined);
		let timer: NodeJS.Timeout | undefined;
		const finished = await Promise.race([
			Promise.allSettled([...this.#inFlight.values()]).then(() => true),
			new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))
		]);
		clearTimeout(timer);
		if (finished || this.#inFlight.size === 0) return;
		// A run already finishing in a transaction (`finishWith`, `rescheduleWith`) is not handed back: that transaction decides.
		const ids = [...this.#inFlight.keys()].filter((id) => !this.#committing.has(id));
		if (ids.length > 0) {
			for (const id of ids) this.#handedBack.add(id);
			this.#handingBack = this.#handBack(ids, graceMs);
			await this.#handingBack;
		}
		await Promise.all(this.#committing.values());
	}

	async #handBack(ids: number[], graceMs: number): Promise<void> {
		try {
			this.#queries++;
			const { count } = await this.#options.prisma.scheduledTask.updateMany({
				where: { id: { in: ids }, leaseOwner: this.owner, status: 'running' },
				data: { status: 'pending', leaseOwner: null, leaseUntil: null, attempts: { decrement: 1 } }
			});
			this.#options.logger.warn(
				`[scheduler] stopping: ${count} run(s) still in flight after ${graceMs} ms were handed back (they run again at the next start)`
			);
		} catch (error) {
			this.#options.logger.warn(
				`[scheduler] stopping: could not hand back ${ids.length} run(s) in flight (their leases expire instead): ${errorText(error)}`
			);
		}
	}

	/** Re-checks the database soon (a handler was loaded, or another part of this process changed tasks directly). */
	public poke(): void {
		if (this.#running) this.#arm(this.#now());
	}

	// ---- the API plugins use ----

	/** Adds a task (or, when `key` names an existing task, replaces it: new due time and payload, attempts reset). */
	public async add<P>(task: NewTask<P>, db: SchedulerDb = this.#options.prisma): Promise<ScheduledTask<P>> {
		const data = Scheduler.#rowData(task);
		this.#queries++;
		const row = task.key
			? await db.scheduledTask.upsert({ where: { key: task.key }, create: { ...data, key: task.key }, update: data })
			: await db.scheduledTask.create({ data });
		this.#armWrite(task.runAt.getTime(), db, row.id);
		return row as unknown as ScheduledTask<P>;
	}

	static #rowData(task: NewTask<unknown>) {
		return {
			kind: task.kind,
			guildId: task.guildId ?? null,
			runAt: task.runAt,
			dueAt: task.runAt,
			payload: task.payload as never,
			status: 'pending',
			attempts: 0,
			leaseOwner: null,
			leaseUntil: null,
			lastError: null
		};
	}

	/**
	 * Adds a keyed task unless a task with that key exists (which is left as it is, running or not). For start-up checks
	 * that give every row of a plugin's own table its task. True when a task was added.
	 */
	public async ensure<P>(task: NewTask<P> & { key: string }, db: SchedulerDb = this.#options.prisma): Promise<boolean> {
		this.#queries++;
		const existing = await db.scheduledTask.findUnique({ where: { key: task.key }, select: { id: true } });
		if (existing) return false;
		try {
			this.#queries++;
			const row = await db.scheduledTask.create({ data: { ...Scheduler.#rowData(task), key: task.key } });
			this.#armWrite(task.runAt.getTime(), db, row.id);
			return true;
		} catch (error) {
			// Another process added it between the read and the write: it exists, which is all that was asked.
			if ((error as { code?: string }).code === 'P2002') return false;
			throw error;
		}
	}

	/** Removes a task that has not run yet (or is running: its run's outcome is then ignored). False when none matched. */
	public async cancel(selector: TaskSelector, db: SchedulerDb = this.#options.prisma): Promise<boolean> {
		this.#queries++;
		const { count } = await db.scheduledTask.deleteMany({ where: { ...selector, status: { in: ['pending', 'running'] } } });
		return count > 0;
	}

	/** Moves a task to a new time (and payload): a new occurrence, so a new nonce. False when none matched. */
	public async reschedule(selector: TaskSelector, runAt: Date, payload?: unknown, db: SchedulerDb = this.#options.prisma): Promise<boolean> {
		this.#queries++;
		const { count } = await db.scheduledTask.updateMany({
			where: { ...selector, status: { in: ['pending', 'running'] } },
			data: {
				runAt,
				dueAt: runAt,
				status: 'pending',
				attempts: 0,
				leaseOwner: null,
				leaseUntil: null,
				lastError: null,
				...(payload === undefined ? {} : { payload: payload as never })
			}
		});
		if (count > 0) this.#armWrite(runAt.getTime(), db, 'id' in selector ? selector.id : null);
		return count > 0;
	}

	public async find<P = unknown>(selector: TaskSelector, db: SchedulerDb = this.#options.prisma): Promise<ScheduledTask<P> | null> {
		this.#queries++;
		return (await db.scheduledTask.findFirst({ where: selector })) as unknown as ScheduledTask<P> | null;
	}

	/** Dead tasks, newest first (for operators: /stats, logs). */
	public async deadLetters(limit = 20): Promise<ScheduledTask[]> {
		this.#queries++;
		return (await this.#options.prisma.scheduledTask.findMany({
			where: { status: 'dead' },
			orderBy: { updatedAt: 'desc' },
			take: limit
		})) as unknown as ScheduledTask[];
	}

	public async stats(): Promise<SchedulerStats> {
		this.#queries++;
		const groups = await this.#options.prisma.scheduledTask.groupBy({ by: ['status'], _count: { _all: true } });
		const count = (status: TaskStatus) => groups.find((group) => group.status === status)?._count._all ?? 0;
		const lags = [...this.#lags].sort((a, b) => a - b);
		const at = (q: number) => (lags.length === 0 ? 0 : lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]!);
		return {
			pending: count('pending'),
			running: count('running'),
			dead: count('dead'),
			ran: this.#ran,
			failed: this.#failed,
			lagP50Ms: at(0.5),
			lagP99Ms: at(0.99)
		};
	}

	// ---- the loop ----

	#clearTimer(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#timerAt = Number.POSITIVE_INFINITY;
	}

	/**
	 * Arms the wake-up for a task just written. Written inside a caller's transaction, the task is invisible to the
	 * rounds until that transaction commits, and a round at its due time would find nothing and sleep a whole poll
	 * interval (PostgreSQL; SQLite's statements wait for the transaction). So it is remembered, and re-checked with
	 * backoff while it is due, not yet claimed and within `uncommittedWindowMs` of the write.
	 */
	#armWrite(at: number, db: SchedulerDb, id: number | null): void {
		if (db !== this.#options.prisma && this.#running) {
			const now = this.#now();
			this.#uncommitted.push({
				at,
				id,
				until: now + (this.#options.uncommittedWindowMs ?? UNCOMMITTED_WINDOW_MS),
				recheckMs: RECHECK_FIRST_MS
			});
		}
		this.#arm(at);
	}

	/**
	 * When the next round should look again for due tasks written in transactions it has not seen claimed: never
	 * (Infinity) when there are none. Forgets those past their window, and those claimed in `claimed`.
	 */
	#recheck(now: number, claimed: readonly TaskRow[] = []): number {
		let at = Number.POSITIVE_INFINITY;
		for (let index = this.#uncommitted.length - 1; index >= 0; index--) {
			const entry = this.#uncommitted[index]!;
			if (entry.until < now || (entry.id !== null && claimed.some((task) => task.id === entry.id))) {
				this.#uncommitted.splice(index, 1);
				continue;
			}
			if (entry.at > now) {
				at = Math.min(at, entry.at);
				continue;
			}
			at = Math.min(at, now + entry.recheckMs);
			entry.recheckMs = Math.min(RECHECK_MAX_MS, entry.recheckMs * 2);
		}
		return at;
	}

	/** Makes sure a wake-up happens no later than `at`. */
	#arm(at: number): void {
		if (!this.#running) return;
		const now = this.#now();
		const target = Math.max(now, Math.min(at, now + this.#options.config.pollIntervalMs));
		if (this.#timer && this.#timerAt <= target) return;
		this.#clearTimer();
		this.#timerAt = target;
		this.#timer = setTimeout(
			() => {
				this.#timer = null;
				this.#timerAt = Number.POSITIVE_INFINITY;
				void this.#wake();
			},
			Math.min(MAX_TIMER_MS, Math.max(0, target - now))
		);
		this.#timer.unref();
	}

	/** One wake-up at a time; a wake-up asked for while one runs happens right after it. */
	#wake(): Promise<void> {
		if (this.#waking) {
			this.#wakeAgain = true;
			return this.#waking;
		}
		this.#waking = (async () => {
			do {
				this.#wakeAgain = false;
				try {
					await this.#round();
				} catch (error) {
					this.#options.logger.warn(`[scheduler] claim round failed: ${errorText(error)}`);
					this.#arm(this.#now() + this.#options.config.pollIntervalMs);
				}
			} while (this.#wakeAgain && this.#running);
		})().finally(() => {
			this.#waking = null;
			// Asked for between the loop's last check and now (a run ending in the same turn): not lost.
			if (this.#wakeAgain && this.#running) void this.#wake();
		});
		return this.#waking;
	}

	async #round(): Promise<void> {
		if (!this.#running) return;
		const kinds = [...this.#options.handlers().keys()];
		if (kinds.length === 0) return this.#arm(this.#now() + this.#options.config.pollIntervalMs);
		const now = this.#now();
		const poll = now + this.#options.config.pollIntervalMs;
		if (!this.#moreDue) {
			const next = await this.#nextDue(kinds);
			if (next === null || next > now) return this.#arm(Math.min(next ?? Number.POSITIVE_INFINITY, this.#recheck(now)));
		}
		const room = this.#options.config.concurrency - this.#inFlight.size;
		// Full: the end of runs wakes the loop again (the poll is only a safety net).
		if (room <= 0) return this.#arm(poll);
		const limit = Math.min(room, this.#options.config.batchSize);
		const claimed = await this.#claim(kinds, now, limit);
		await this.#prepare(claimed);
		for (const task of claimed) this.#start(task);
		// A full batch means more may be due: claim again as soon as there is room (at once when there is).
		this.#moreDue = claimed.length === limit;
		if (this.#moreDue && this.#inFlight.size < this.#options.config.concurrency) this.#wakeAgain = true;
		this.#arm(Math.min(poll, this.#recheck(now, claimed)));
	}

	/** Hands each handler with a `prepare` hook the tasks of its kind claimed together. A failure only costs the batching. */
	async #prepare(claimed: readonly TaskRow[]): Promise<void> {
		const byKind = new Map<string, ScheduledTask[]>();
		for (const task of claimed) {
			const tasks = byKind.get(task.kind);
			if (tasks) tasks.push(task as ScheduledTask);
			else byKind.set(task.kind, [task as ScheduledTask]);
		}
		const handlers = this.#options.handlers();
		await Promise.all(
			[...byKind].map(async ([kind, tasks]) => {
				try {
					await handlers.get(kind)?.prepare?.(tasks);
				} catch (error) {
					this.#options.logger.warn(
						`[scheduler] preparing ${tasks.length} ${kind} task(s) failed (each will read its own): ${errorText(error)}`
					);
				}
			})
		);
	}

	/**
	 * The earliest time something needs this process: a pending task's run time, or an expired lease to take over. Two
	 * searches of the (status, runAt) index: the first pending row of a loaded kind in run-time order, and the earliest
	 * lease among the few running rows. (One MIN over both statuses read every pending row: 16 ms a poll and SQLite's
	 * whole 16 MB page cache with 100,000 reminders pending, against microseconds and a few pages.)
	 */
	async #nextDue(kinds: string[]): Promise<number | null> {
		this.#queries++;
		const sqlite = this.#options.provider === 'sqlite';
		// PostgreSQL's numbered parameters are used by both searches; SQLite's `?` are bound in order, so given twice.
		const marks = kinds.map((_, index) => (sqlite ? '?' : `$${index + 1}`)).join(', ');
		const from = (status: string) => `FROM "ScheduledTask" WHERE "status" = '${status}' AND "kind" IN (${marks})${this.#shardFilter()}`;
		const rows = await this.#options.prisma.$queryRawUnsafe<{ pending: unknown; running: unknown }[]>(
			`SELECT (SELECT "runAt" ${from('pending')} ORDER BY "runAt" LIMIT 1) AS "pending", ` +
				`(SELECT MIN("leaseUntil") ${from('running')}) AS "running"`,
			...(sqlite ? [...kinds, ...kinds] : kinds)
		);
		const pending = toMs(rows[0]?.pending);
		const running = toMs(rows[0]?.running);
		return pending === null ? running : running === null ? pending : Math.min(pending, running);
	}

	/**
	 * ` AND (guild on one of this process's shards)`, or nothing with one shard. Numbers only (validated integers), so
	 * it is written into the text: the placeholders stay in order. Snowflakes fit a signed 64-bit integer on both engines.
	 */
	#shardFilter(): string {
		const shards = this.#options.shards;
		if (!shards || shards.count <= 1) return '';
		const count = Math.floor(shards.count);
		const ids = shards.ids.map((id) => Math.floor(id)).join(', ');
		const type = this.#options.provider === 'sqlite' ? 'INTEGER' : 'BIGINT';
		return ` AND ("guildId" IS NULL OR ((CAST("guildId" AS ${type}) >> 22) % ${count}) IN (${ids}))`;
	}

	/** Claims up to `limit` due tasks (or tasks whose lease expired) in one statement. */
	async #claim(kinds: string[], now: number, limit: number): Promise<TaskRow[]> {
		const leaseUntil = now + this.#options.config.leaseMs;
		const sqlite = this.#options.provider === 'sqlite';
		// The SQLite adapter stores DateTime as ISO 8601 text with a "+00:00" offset (compared as text, so the same
		// shape is written here); PostgreSQL `timestamp(3)` holds UTC and ignores the zone of an ISO literal cast to it.
		const time = (ms: number) => (sqlite ? new Date(ms).toISOString().replace('Z', '+00:00') : new Date(ms).toISOString());
		const values: unknown[] = [];
		const param = (value: unknown, cast = '') => {
			values.push(value);
			return sqlite ? '?' : `$${values.length}${cast}`;
		};
		const ts = sqlite ? '' : '::timestamp';
		const set =
			`"status" = 'running', "leaseOwner" = ${param(this.owner)}, "leaseUntil" = ${param(time(leaseUntil), ts)}, ` +
			`"attempts" = "attempts" + 1, "updatedAt" = ${param(time(now), ts)}`;
		// A run of this process whose lease renewal came late (a long pause) must not be started a second time here.
		const running = [...this.#inFlight.keys()];
		// One index search per status, each in run-time order and cut at `limit`, then the earliest `limit` of both: a
		// backlog (100,000 due after a long stop) costs a few index pages per claim instead of reading and sorting every
		// due row (19 ms a claim on SQLite, on the event loop). SQLite binds `?` in the order they appear in the text, so
		// each search marks its values in that order.
		const search = (status: 'pending' | 'running', column: 'runAt' | 'leaseUntil', op: '<=' | '<') =>
			`SELECT "id", "runAt" FROM "ScheduledTask" WHERE "status" = '${status}' AND "${column}" ${op} ${param(time(now), ts)} ` +
			`AND "kind" IN (${kinds.map((kind) => param(kind)).join(', ')})${this.#shardFilter()}` +
			(running.length ? ` AND "id" NOT IN (${running.map((id) => param(id)).join(', ')})` : '') +
			` ORDER BY "runAt" LIMIT ${param(limit)}${sqlite ? '' : ' FOR UPDATE SKIP LOCKED'}`;
		const pending = search('pending', 'runAt', '<=');
		const expired = search('running', 'leaseUntil', '<');
		const due =
			`SELECT "id" FROM (SELECT "id", "runAt" FROM (${pending}) AS "p" UNION ALL SELECT "id", "runAt" FROM (${expired}) AS "r") AS "due" ` +
			`ORDER BY "runAt" LIMIT ${param(limit)}`;
		this.#queries++;
		const rows = await this.#options.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
			`UPDATE "ScheduledTask" SET ${set} WHERE "id" IN (${due}) RETURNING ${RETURNED}`,
			...values
		);
		return rows.map(rowFromSql).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
	}

	#start(task: TaskRow): void {
		const run = this.#run(task).finally(() => {
			this.#inFlight.delete(task.id);
			this.#handedBack.delete(task.id);
			if (this.#inFlight.size === 0 && this.#renewal) {
				clearInterval(this.#renewal);
				this.#renewal = null;
			}
			// Room freed: more due tasks may be waiting. During a burst the loop claims again once half the room is free,
			// so a burst costs one claim per half-batch rather than one (and a look at the next due time) per run.
			const lowWater = this.#moreDue ? Math.floor(this.#options.config.concurrency / 2) : this.#options.config.concurrency - 1;
			if (this.#running && this.#inFlight.size <= lowWater) void this.#wake();
		});
		this.#inFlight.set(task.id, run);
		this.#renewal ??= setInterval(() => void this.#renew(), Math.max(250, Math.floor(this.#options.config.leaseMs / 3)));
		this.#renewal.unref();
	}

	/** Extends the leases of the runs in flight, so a slow run is never taken over by another process. */
	async #renew(): Promise<void> {
		if (this.#inFlight.size === 0) return;
		try {
			this.#queries++;
			await this.#options.prisma.scheduledTask.updateMany({
				where: { id: { in: [...this.#inFlight.keys()] }, leaseOwner: this.owner, status: 'running' },
				data: { leaseUntil: new Date(this.#now() + this.#options.config.leaseMs) }
			});
		} catch (error) {
			this.#options.logger.warn(`[scheduler] lease renewal failed: ${errorText(error)}`);
		}
	}

	async #run(row: TaskRow): Promise<void> {
		const { config, logger } = this.#options;
		const task = row as ScheduledTask;
		const started = this.#now();
		const lateByMs = Math.max(0, started - task.dueAt.getTime());
		this.#lags.push(Math.max(0, started - task.runAt.getTime()));
		if (this.#lags.length > LAG_SAMPLES) this.#lags.shift();
		const handler = this.#options.handlers().get(task.kind);
		if (!handler) {
			// Unloaded between the claim and now: hand it back untouched.
			await this.#settle(task.id, { status: 'pending', leaseOwner: null, leaseUntil: null, attempts: Math.max(0, task.attempts - 1) });
			return;
		}
		let finishedWith = false;
		const commitWith = async (next: Commit['next'], writes: PrismaPromise<unknown>[]): Promise<unknown[]> => {
			const commit = this.#commit({ id: task.id, writes, next });
			this.#committing.set(
				task.id,
				commit.then(
					() => undefined,
					() => undefined
				)
			);
			try {
				const results = await commit;
				finishedWith = true;
				return results;
			} finally {
				this.#committing.delete(task.id);
			}
		};
		let outcome: TaskOutcome;
		try {
			outcome = await handler.run(task, {
				nonce: taskNonce(task),
				lateByMs,
				dueWhileStopped: task.dueAt.getTime() < this.#startedAt,
				attempt: task.attempts,
				finishWith: ((...writes: PrismaPromise<unknown>[]) => commitWith(undefined, writes)) as TaskContext['finishWith'],
				rescheduleWith: ((next: { rescheduleAt: Date; payload?: unknown }, ...writes: PrismaPromise<unknown>[]) =>
					commitWith(next, writes)) as TaskContext['rescheduleWith']
			});
		} catch (error) {
			this.#ran++;
			this.#failed++;
			const message = errorText(error);
			if (task.attempts >= config.maxAttempts) {
				logger.error(`[scheduler] task #${task.id} (${task.kind}) failed ${task.attempts} times, moved to the dead letter: ${message}`);
				await this.#settle(task.id, { status: 'dead', leaseOwner: null, leaseUntil: null, lastError: message });
			} else {
				const delay = retryDelay(task.attempts, config.retryBackoffMs);
				logger.warn(
					`[scheduler] task #${task.id} (${task.kind}) failed (attempt ${task.attempts}), retrying in ${Math.round(delay / 1000)}s: ${message}`
				);
				await this.#settle(task.id, {
					status: 'pending',
					runAt: new Date(this.#now() + delay),
					leaseOwner: null,
					leaseUntil: null,
					lastError: message
				});
			}
			return;
		}
		this.#ran++;
		if (finishedWith) {
			// Done or rescheduled already, in the transaction of the handler's own last writes.
		} else if (outcome && 'rescheduleAt' in outcome) {
			await this.#settle(task.id, {
				status: 'pending',
				runAt: outcome.rescheduleAt,
				dueAt: outcome.rescheduleAt,
				attempts: 0,
				leaseOwner: null,
				leaseUntil: null,
				lastError: null,
				...(outcome.payload === undefined ? {} : { payload: outcome.payload as never })
			});
		} else if (outcome && 'retryInMs' in outcome) {
			if (outcome.reason) logger.debug(`[scheduler] task #${task.id} (${task.kind}) postponed: ${outcome.reason}`);
			await this.#settle(task.id, {
				status: 'pending',
				runAt: new Date(this.#now() + Math.max(0, outcome.retryInMs)),
				attempts: Math.max(0, task.attempts - 1),
				leaseOwner: null,
				leaseUntil: null
			});
		} else {
			await this.#finish(task.id);
		}
	}

	/**
	 * The tasks among `ids` whose outcome this process may still write: held by it (running, its lease), or, for a run
	 * stop() handed back (see #handedBack), as stop() left it (pending, unleased), so that a run which still finishes
	 * before the process exits records its outcome unless another process has claimed the task since.
	 */
	#held(ids: readonly number[]) {
		const back = ids.filter((id) => this.#handedBack.has(id));
		if (back.length === 0) return { id: { in: [...ids] }, leaseOwner: this.owner, status: 'running' };
		return {
			OR: [
				{ id: { in: ids.filter((id) => !this.#handedBack.has(id)) }, leaseOwner: this.owner, status: 'running' },
				{ id: { in: back }, leaseOwner: null, status: 'pending' }
			]
		};
	}

	/** Writes a run's outcome, only if this process still holds the task (it was not cancelled, replaced or taken over). */
	async #settle(id: number, data: Record<string, unknown>): Promise<void> {
		try {
			this.#queries++;
			await this.#options.prisma.scheduledTask.updateMany({ where: this.#held([id]), data });
			const runAt = data.runAt instanceof Date ? data.runAt.getTime() : null;
			if (runAt !== null) this.#arm(runAt);
		} catch (error) {
			this.#options.logger.warn(`[scheduler] could not record the outcome of task #${id}: ${errorText(error)}`);
		}
	}
}
