import type { SchedulerConfig } from '#core/config/schema';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { retryDelay, Scheduler, taskNonce, type TaskRunner } from '#core/scheduler/Scheduler';
import type { ScheduledTask, TaskContext, TaskOutcome } from '#core/scheduler/types';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * The durable scheduler against a real database (SQLite, or PostgreSQL with TIKA_TEST_DATABASE=postgres): claims,
 * leases, retries with backoff, the dead letter, repeats, keys, and two schedulers on one database.
 */

/** Far enough ahead that no scheduler claims it: rows the handlers below write to, as a plugin writes its own tables. */
const FAR = new Date('2100-01-01T00:00:00Z');
const CONFIG: SchedulerConfig = { pollIntervalMs: 200, leaseMs: 1_000, maxAttempts: 3, retryBackoffMs: 50, batchSize: 50, concurrency: 8 };

let testDb: TestDatabase;
let db: TikaDatabase;
const schedulers: Scheduler[] = [];
const logs: string[] = [];

interface Recorded {
	task: ScheduledTask;
	context: TaskContext;
	by: string;
}

function makeScheduler(
	handlers: Record<string, (task: ScheduledTask, context: TaskContext) => TaskOutcome | Promise<TaskOutcome>>,
	config = CONFIG,
	shards: { ids: number[]; count: number } | null = null,
	uncommittedWindowMs?: number
) {
	const map = new Map<string, TaskRunner>(Object.entries(handlers).map(([kind, run]) => [kind, { run }]));
	const scheduler = new Scheduler({
		prisma: db.prisma,
		provider: db.provider,
		config,
		shards,
		uncommittedWindowMs,
		handlers: () => map,
		logger: { debug: () => undefined, warn: (message) => logs.push(message), error: (message) => logs.push(message) }
	});
	schedulers.push(scheduler);
	return { scheduler, map };
}

function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const poll = async () => {
			if (await check()) return resolve();
			if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
			setTimeout(() => void poll(), 20);
		};
		void poll();
	});
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	db = await openDatabase(testDb.url, { migrate: true });
});

afterEach(async () => {
	await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop()));
	await db.prisma.scheduledTask.deleteMany({});
	logs.length = 0;
});

afterAll(async () => {
	await db.disconnect();
	await testDb.cleanup();
});

describe('pure helpers', () => {
	test('the nonce fits Discord (≤ 25 characters), is stable per occurrence and changes with the due time', () => {
		const dueAt = new Date('2030-01-01T00:00:00Z');
		const nonce = taskNonce({ id: 2_147_483_647, dueAt });
		expect(nonce.length).toBeLessThanOrEqual(25);
		expect(taskNonce({ id: 2_147_483_647, dueAt })).toBe(nonce);
		expect(taskNonce({ id: 2_147_483_647, dueAt: new Date(dueAt.getTime() + 60_000) })).not.toBe(nonce);
		expect(taskNonce({ id: 7, dueAt })).not.toBe(nonce);
	});

	test('retries back off exponentially and stop growing at an hour', () => {
		expect([1, 2, 3, 4].map((failures) => retryDelay(failures, 10_000))).toEqual([10_000, 20_000, 40_000, 80_000]);
		expect(retryDelay(30, 10_000)).toBe(3_600_000);
	});
});

describe('running tasks', () => {
	test('a due task runs once with its payload and context, then is gone', async () => {
		const runs: Recorded[] = [];
		const { scheduler } = makeScheduler({ ping: (task, context) => void runs.push({ task, context, by: 'a' }) });
		await scheduler.start();
		const added = await scheduler.add({ kind: 'ping', runAt: new Date(Date.now() + 150), payload: { hello: 'world' }, guildId: '42' });
		await waitFor(() => runs.length === 1);
		expect(runs[0]!.task).toMatchObject({ id: added.id, kind: 'ping', payload: { hello: 'world' }, guildId: '42', attempts: 1 });
		expect(runs[0]!.context).toMatchObject({ nonce: taskNonce(added), attempt: 1, dueWhileStopped: false });
		expect(runs[0]!.context.lateByMs).toBeGreaterThanOrEqual(0);
		await waitFor(async () => (await db.prisma.scheduledTask.count()) === 0);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(runs).toHaveLength(1);
	});

	test('a handler with prepare sees the tasks of a claimed burst together, before their runs, each run getting its own task', async () => {
		const prepared: number[][] = [];
		const ran: { id: number; preparedBefore: boolean }[] = [];
		const { scheduler, map } = makeScheduler({});
		map.set('burst', {
			prepare: (tasks) => void prepared.push(tasks.map((task) => (task.payload as { n: number }).n)),
			run: (task) =>
				void ran.push({ id: (task.payload as { n: number }).n, preparedBefore: prepared.flat().includes((task.payload as { n: number }).n) })
		});
		const due = new Date(Date.now() - 1_000);
		for (let n = 0; n < 5; n++) await scheduler.add({ kind: 'burst', runAt: due, payload: { n } });
		await scheduler.start();
		await waitFor(() => ran.length === 5);
		// One batch with all five (tasks due at the same instant come in any order).
		expect(prepared.map((batch) => [...batch].sort())).toEqual([[0, 1, 2, 3, 4]]);
		expect(ran.every((run) => run.preparedBefore)).toBe(true);
	});

	test('a prepare that fails is logged and the runs go ahead', async () => {
		const ran: number[] = [];
		const { scheduler, map } = makeScheduler({});
		map.set('burst', {
			prepare: () => Promise.reject(new Error('database is locked')),
			run: (task) => void ran.push((task.payload as { n: number }).n)
		});
		for (let n = 0; n < 3; n++) await scheduler.add({ kind: 'burst', runAt: new Date(Date.now() - 1_000), payload: { n } });
		await scheduler.start();
		await waitFor(() => ran.length === 3);
		expect(logs.some((line) => line.includes('preparing 3 burst task(s) failed') && line.includes('database is locked'))).toBe(true);
	});

	test('a task that fell due before the scheduler started is marked as due while stopped', async () => {
		const runs: Recorded[] = [];
		const { scheduler } = makeScheduler({ ping: (task, context) => void runs.push({ task, context, by: 'a' }) });
		await scheduler.add({ kind: 'ping', runAt: new Date(Date.now() - 5_000), payload: {} });
		await scheduler.start();
		await waitFor(() => runs.length === 1);
		expect(runs[0]!.context.dueWhileStopped).toBe(true);
		expect(runs[0]!.context.lateByMs).toBeGreaterThanOrEqual(5_000);
	});

	test('only kinds with a loaded handler are claimed; the others wait untouched', async () => {
		const runs: string[] = [];
		const { scheduler } = makeScheduler({ ping: (task) => void runs.push(task.kind) });
		await scheduler.add({ kind: 'elsewhere', runAt: new Date(Date.now() - 1_000), payload: {} });
		await scheduler.add({ kind: 'ping', runAt: new Date(Date.now() - 1_000), payload: {} });
		await scheduler.start();
		await waitFor(() => runs.length === 1);
		await waitFor(async () => (await db.prisma.scheduledTask.count()) === 1);
		const left = await db.prisma.scheduledTask.findMany();
		expect(left).toEqual([expect.objectContaining({ kind: 'elsewhere', status: 'pending', attempts: 0 })]);
	});

	test('a failing task is retried with backoff and, after max_attempts, kept as a dead letter with a log line', async () => {
		const attempts: number[] = [];
		const { scheduler } = makeScheduler({
			flaky: (_task, context) => {
				attempts.push(context.attempt);
				throw new Error('the channel is on fire');
			}
		});
		await scheduler.start();
		const task = await scheduler.add({ kind: 'flaky', runAt: new Date(), payload: {} });
		await waitFor(async () => (await db.prisma.scheduledTask.findUnique({ where: { id: task.id } }))?.status === 'dead');
		expect(attempts).toEqual([1, 2, 3]);
		const dead = await db.prisma.scheduledTask.findUnique({ where: { id: task.id } });
		expect(dead).toMatchObject({ attempts: 3, lastError: 'Error: the channel is on fire', leaseOwner: null });
		expect(logs.some((line) => line.includes(`task #${task.id} (flaky) failed 3 times, moved to the dead letter`))).toBe(true);
		const stats = await scheduler.stats();
		expect(stats).toMatchObject({ dead: 1, pending: 0, failed: 3 });
		expect((await scheduler.deadLetters()).map((row) => row.id)).toEqual([task.id]);
	});

	test('the same occurrence keeps its nonce across retries; a retry that succeeds finishes the task', async () => {
		const nonces: string[] = [];
		const { scheduler } = makeScheduler({
			once: (_task, context) => {
				nonces.push(context.nonce);
				if (nonces.length === 1) throw new Error('REST 500');
			}
		});
		await scheduler.start();
		await scheduler.add({ kind: 'once', runAt: new Date(), payload: {} });
		await waitFor(() => nonces.length === 2);
		expect(nonces[1]).toBe(nonces[0]);
		await waitFor(async () => (await db.prisma.scheduledTask.count()) === 0);
	});

	test('a repeat reschedules the same row with a new due time, a new nonce and its attempts reset', async () => {
		const runs: Recorded[] = [];
		const { scheduler } = makeScheduler({
			repeat: (task, context) => {
				runs.push({ task, context, by: 'a' });
				if (runs.length < 3) return { rescheduleAt: new Date(Date.now() + 50), payload: { n: runs.length } };
				return undefined;
			}
		});
		await scheduler.start();
		const task = await scheduler.add({ kind: 'repeat', runAt: new Date(), payload: { n: 0 } });
		await waitFor(() => runs.length === 3);
		expect(runs.map((run) => run.task.id)).toEqual([task.id, task.id, task.id]);
		expect(runs.map((run) => run.task.payload)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
		expect(new Set(runs.map((run) => run.context.nonce)).size).toBe(3);
		expect(runs.map((run) => run.context.attempt)).toEqual([1, 1, 1]);
	});

	test('retryInMs postpones without counting a failure', async () => {
		let calls = 0;
		const { scheduler } = makeScheduler({
			later: () => {
				calls++;
				return calls < 5 ? { retryInMs: 10, reason: 'guild not cached yet' } : undefined;
			}
		});
		await scheduler.start();
		await scheduler.add({ kind: 'later', runAt: new Date(), payload: {} });
		await waitFor(() => calls === 5);
		await waitFor(async () => (await db.prisma.scheduledTask.count()) === 0);
		expect(logs).toEqual([]);
	});
});

describe('keys, cancel and reschedule', () => {
	test('adding with an existing key replaces the task; cancel and reschedule find it by key or id', async () => {
		const runs: ScheduledTask[] = [];
		const { scheduler } = makeScheduler({ keyed: (task) => void runs.push(task) });
		await scheduler.start();
		const first = await scheduler.add({ kind: 'keyed', key: 'reminder:1', runAt: new Date(Date.now() + 60_000), payload: { v: 1 } });
		const second = await scheduler.add({ kind: 'keyed', key: 'reminder:1', runAt: new Date(Date.now() + 120_000), payload: { v: 2 } });
		expect(second.id).toBe(first.id);
		expect(await db.prisma.scheduledTask.count()).toBe(1);
		expect((await scheduler.find({ key: 'reminder:1' }))?.payload).toEqual({ v: 2 });

		expect(await scheduler.reschedule({ key: 'reminder:1' }, new Date(Date.now() + 100), { v: 3 })).toBe(true);
		await waitFor(() => runs.length === 1);
		expect(runs[0]!.payload).toEqual({ v: 3 });

		const other = await scheduler.add({ kind: 'keyed', runAt: new Date(Date.now() + 300), payload: {} });
		expect(await scheduler.cancel({ id: other.id })).toBe(true);
		expect(await scheduler.cancel({ id: other.id })).toBe(false);
		expect(await scheduler.reschedule({ key: 'nope' }, new Date())).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(runs).toHaveLength(1);
	});

	test('GIVEN a task added in a transaction that commits after its run time THEN it runs right after the commit, not a poll interval later', async () => {
		const runs: number[] = [];
		// A long poll interval: only the scheduler's own re-check can find the task in time.
		const { scheduler } = makeScheduler({ late: () => void runs.push(Date.now()) }, { ...CONFIG, pollIntervalMs: 60_000 });
		await scheduler.start();
		let committedAt = 0;
		await db.prisma.$transaction(async (tx) => {
			await scheduler.add({ kind: 'late', runAt: new Date(Date.now() + 50), payload: {} }, tx);
			// The commit comes well after the run time (a slow database): the round at the run time cannot see the task.
			await new Promise((resolve) => setTimeout(resolve, 600));
		});
		committedAt = Date.now();
		await waitFor(() => runs.length === 1, 5_000);
		expect(runs[0]! - committedAt).toBeLessThan(2_000);
	});

	test('GIVEN a task added in a transaction that rolls back THEN the scheduler stops looking for it after its window (a bounded number of queries)', async () => {
		const { scheduler } = makeScheduler({ gone: () => undefined }, { ...CONFIG, pollIntervalMs: 60_000 }, null, 2_000);
		await scheduler.start();
		await db.prisma
			.$transaction(async (tx) => {
				await scheduler.add({ kind: 'gone', runAt: new Date(), payload: {} }, tx);
				throw new Error('rolled back');
			})
			.catch(() => undefined);
		const before = scheduler.queries;
		// Re-checks with backoff (50, 100, 200… ms, at most a second apart) until the 2 s window has passed: a handful.
		await new Promise((resolve) => setTimeout(resolve, 3_200));
		const rechecks = scheduler.queries - before;
		expect(rechecks).toBeGreaterThanOrEqual(3);
		expect(rechecks).toBeLessThanOrEqual(8);
		// Then back to the poll interval: nothing more.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(scheduler.queries - before).toBe(rechecks);
	});

	test('a task cancelled while it runs is not brought back by its outcome', async () => {
		let release!: () => void;
		const started = new Promise<void>((resolve) => {
			release = resolve;
		});
		let finish!: () => void;
		const gate = new Promise<void>((resolve) => (finish = resolve));
		const { scheduler } = makeScheduler({
			slow: async () => {
				release();
				await gate;
				return { rescheduleAt: new Date(Date.now() + 60_000) };
			}
		});
		await scheduler.start();
		const task = await scheduler.add({ kind: 'slow', runAt: new Date(), payload: {} });
		await started;
		expect(await scheduler.cancel({ id: task.id })).toBe(true);
		finish();
		await scheduler.stop();
		expect(await db.prisma.scheduledTask.count()).toBe(0);
	});
});

describe('several processes on one database', () => {
	test('two schedulers share 300 tasks due at once: each runs exactly once', async () => {
		const seen = new Map<number, string[]>();
		// Each run takes a little while, as a delivery does (a REST call), so both processes have work in flight at once.
		const record = (by: string) => async (task: ScheduledTask) => {
			seen.set(task.id, [...(seen.get(task.id) ?? []), by]);
			await new Promise((resolve) => setTimeout(resolve, 10));
		};
		const a = makeScheduler({ burst: record('a') }).scheduler;
		const b = makeScheduler({ burst: record('b') }).scheduler;
		const runAt = new Date(Date.now() + 300);
		await db.prisma.scheduledTask.createMany({
			data: Array.from({ length: 300 }, (_, index) => ({ kind: 'burst', runAt, dueAt: runAt, payload: { index } }))
		});
		await Promise.all([a.start(), b.start()]);
		await waitFor(() => seen.size === 300, 20_000);
		await waitFor(async () => (await db.prisma.scheduledTask.count()) === 0, 20_000);
		expect([...seen.values()].every((runs) => runs.length === 1)).toBe(true);
		const byA = [...seen.values()].filter((runs) => runs[0] === 'a').length;
		// Both took part (neither starved): the claim is shared, not won by whoever polls first every time.
		expect(byA).toBeGreaterThan(0);
		expect(byA).toBeLessThan(300);
	});

	test('a lease left by a dead process expires and the task is taken over with the same nonce', async () => {
		const dueAt = new Date(Date.now() - 2_000);
		const orphan = await db.prisma.scheduledTask.create({
			data: {
				kind: 'orphan',
				runAt: dueAt,
				dueAt,
				payload: {},
				status: 'running',
				attempts: 1,
				leaseOwner: 'dead-host:1:abcdef',
				leaseUntil: new Date(Date.now() + 400)
			}
		});
		const runs: Recorded[] = [];
		const { scheduler } = makeScheduler({ orphan: (task, context) => void runs.push({ task, context, by: 'b' }) });
		await scheduler.start();
		expect(runs).toHaveLength(0); // Still leased by the other process.
		await waitFor(() => runs.length === 1);
		expect(runs[0]!.context.nonce).toBe(taskNonce(orphan));
		expect(runs[0]!.context.attempt).toBe(2);
	});

	/** A snowflake of a guild created at `ms` after Discord's epoch: its shard out of 2 is `ms % 2`. */
	const guildAt = (ms: number) => ((BigInt(ms) << 22n) | 0x1234n).toString();
	/** Twenty guilds: ten on each of two shards, with ids as large as today's (about 2^60). */
	const guilds = Array.from({ length: 20 }, (_, index) => guildAt(300_000_000_000 + index));
	const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);

	test('GIVEN two shards THEN each runs only the tasks of its own guilds, and tasks without a guild run once on either', async () => {
		const seen = new Map<number, string[]>();
		// [shard, guild] per run: a task run twice would add a second pair.
		const record = (by: string) => (task: ScheduledTask) => void seen.set(task.id, [...(seen.get(task.id) ?? []), by, task.guildId ?? 'none']);
		const zero = makeScheduler({ guildTask: record('0') }, CONFIG, { ids: [0], count: 2 }).scheduler;
		const one = makeScheduler({ guildTask: record('1') }, CONFIG, { ids: [1], count: 2 }).scheduler;
		const runAt = new Date(Date.now() + 200);
		await db.prisma.scheduledTask.createMany({
			data: [
				...guilds.flatMap((guildId) =>
					Array.from({ length: 5 }, () => ({ kind: 'guildTask', guildId, runAt, dueAt: runAt, payload: { guildId } }))
				),
				...Array.from({ length: 10 }, () => ({ kind: 'guildTask', runAt, dueAt: runAt, payload: { guildId: null } }))
			]
		});
		await Promise.all([zero.start(), one.start()]);
		await waitFor(() => seen.size === 110, 20_000);
		await waitFor(async () => (await db.prisma.scheduledTask.count()) === 0, 20_000);

		expect([...seen.values()].every((runs) => runs.length === 2)).toBe(true);
		const wrongShard = [...seen.values()].filter(([by, guildId]) => guildId !== 'none' && String(shardOf(guildId!)) !== by);
		expect(wrongShard).toEqual([]);
		expect([...seen.values()].filter(([, guildId]) => guildId === 'none')).toHaveLength(10);
	});

	test('GIVEN a shard is down THEN the other leaves its guilds’ due tasks alone (pending) and runs its own', async () => {
		const runs: string[] = [];
		const zero = makeScheduler({ guildTask: (task) => void runs.push((task.payload as { guildId: string }).guildId) }, CONFIG, {
			ids: [0],
			count: 2
		}).scheduler;
		const runAt = new Date(Date.now() - 1_000);
		await db.prisma.scheduledTask.createMany({
			data: guilds.map((guildId) => ({ kind: 'guildTask', guildId, runAt, dueAt: runAt, payload: { guildId } }))
		});
		await zero.start();
		await waitFor(() => runs.length === 10);
		// Several poll intervals: nothing of shard 1 is ever claimed.
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect(runs.every((guildId) => shardOf(guildId) === 0)).toBe(true);
		const left = await db.prisma.scheduledTask.findMany({ select: { guildId: true, status: true } });
		expect(left).toHaveLength(10);
		expect(left.every((task) => task.status === 'pending' && shardOf(task.guildId!) === 1)).toBe(true);
	});

	test('a run still going when the scheduler stops is handed back (pending, no lease, attempt not counted) after the grace period', async () => {
		let started = false;
		const never = new Promise<void>(() => undefined);
		const { scheduler } = makeScheduler({
			stuck: async () => {
				started = true;
				await never;
			}
		});
		const task = await scheduler.add({ kind: 'stuck', runAt: new Date(Date.now() - 1_000), payload: {} });
		await scheduler.start();
		await waitFor(() => started);
		await scheduler.stop(200);
		expect(await db.prisma.scheduledTask.findUnique({ where: { id: task.id } })).toMatchObject({
			status: 'pending',
			leaseOwner: null,
			leaseUntil: null,
			attempts: 0
		});
		expect(logs.some((line) => line.includes('1 run(s) still in flight after 200 ms were handed back'))).toBe(true);
	});

	test.each([
		['returns nothing', false],
		['finishes with its own write (finishWith)', true]
	])(
		'GIVEN a run handed back at stop THEN if it still finishes before the process exits (it %s) its task is done, unless another process has claimed it',
		async (_how, own) => {
			const markers = await Promise.all(
				['alone', 'taken'].map((name) =>
					db.prisma.scheduledTask.create({ data: { kind: 'marker', runAt: FAR, dueAt: FAR, payload: { name } } })
				)
			);
			const gates = new Map<string, () => void>();
			const started: string[] = [];
			const { scheduler } = makeScheduler({
				late: async (task, context) => {
					const { name, marker } = task.payload as { name: string; marker: number };
					started.push(name);
					await new Promise<void>((resolve) => gates.set(name, resolve));
					const write = db.prisma.scheduledTask.updateMany({ where: { id: marker }, data: { lastError: 'delivered' } });
					if (own) await context.finishWith(write);
					else await write;
				}
			});
			const runAt = new Date(Date.now() - 1_000);
			const alone = await scheduler.add({ kind: 'late', runAt, payload: { name: 'alone', marker: markers[0]!.id } });
			const taken = await scheduler.add({ kind: 'late', runAt, payload: { name: 'taken', marker: markers[1]!.id } });
			await scheduler.start();
			await waitFor(() => started.length === 2);
			await scheduler.stop(100);
			expect(logs.some((line) => line.includes('2 run(s) still in flight after 100 ms were handed back'))).toBe(true);
			// Another process claims one of the two before the late runs finish.
			await db.prisma.scheduledTask.update({ where: { id: taken.id }, data: { status: 'running', leaseOwner: 'other:1:abc' } });
			gates.get('alone')!();
			gates.get('taken')!();
			await waitFor(async () => (await db.prisma.scheduledTask.findUnique({ where: { id: alone.id } })) === null);
			// Both runs' own writes happened (the posts went out); only the task still this process's is done.
			await waitFor(async () => (await db.prisma.scheduledTask.count({ where: { kind: 'marker', lastError: 'delivered' } })) === 2);
			expect(await db.prisma.scheduledTask.findUnique({ where: { id: taken.id } })).toMatchObject({
				status: 'running',
				leaseOwner: 'other:1:abc'
			});
		}
	);

	test('GIVEN a handler that finishes with its own write THEN the write and the task being done commit together, answered per run', async () => {
		const markers = await Promise.all(
			[0, 1, 2].map((index) => db.prisma.scheduledTask.create({ data: { kind: 'marker', runAt: FAR, dueAt: FAR, payload: { index } } }))
		);
		const answers: number[] = [];
		const { scheduler } = makeScheduler({
			deliver: async (task, context) => {
				const { marker } = task.payload as { marker: number };
				const [written] = await context.finishWith(
					db.prisma.scheduledTask.updateMany({ where: { id: marker, status: 'pending' }, data: { lastError: 'delivered' } })
				);
				answers.push(written.count);
			}
		});
		const runAt = new Date(Date.now() - 1_000);
		for (const marker of markers) await scheduler.add({ kind: 'deliver', runAt, payload: { marker: marker.id } });
		await scheduler.start();
		await waitFor(() => answers.length === 3);
		expect(answers).toEqual([1, 1, 1]);
		expect(await db.prisma.scheduledTask.count({ where: { kind: 'deliver' } })).toBe(0);
		expect(await db.prisma.scheduledTask.count({ where: { kind: 'marker', lastError: 'delivered' } })).toBe(3);
	});

	test('GIVEN a repeat that reschedules with its own write THEN the write and the next occurrence commit together', async () => {
		const marker = await db.prisma.scheduledTask.create({ data: { kind: 'marker', runAt: FAR, dueAt: FAR, payload: {} } });
		const next = new Date(Date.now() + 3_600_000);
		let answered: unknown;
		const { scheduler } = makeScheduler({
			repeat: async (_task, context) => {
				[answered] = await context.rescheduleWith(
					{ rescheduleAt: next, payload: { round: 2 } },
					db.prisma.scheduledTask.updateMany({ where: { id: marker.id }, data: { lastError: 'delivered' } })
				);
			}
		});
		const task = await scheduler.add({ kind: 'repeat', runAt: new Date(Date.now() - 1_000), payload: { round: 1 } });
		await scheduler.start();
		await waitFor(() => answered !== undefined);
		expect(answered).toEqual({ count: 1 });
		expect(await db.prisma.scheduledTask.findUnique({ where: { id: task.id } })).toMatchObject({
			status: 'pending',
			runAt: next,
			dueAt: next,
			attempts: 0,
			leaseOwner: null,
			payload: { round: 2 }
		});
		expect(await db.prisma.scheduledTask.findUnique({ where: { id: marker.id } })).toMatchObject({ lastError: 'delivered' });
	});

	test('GIVEN a handler whose own last write fails THEN the task is not done either: it is retried', async () => {
		let runs = 0;
		const { scheduler } = makeScheduler({
			deliver: async (_task, context) => {
				runs++;
				// `update` of a row that does not exist throws inside the transaction.
				if (runs === 1) await context.finishWith(db.prisma.scheduledTask.update({ where: { id: 2_000_000_000 }, data: { lastError: 'x' } }));
				else await context.finishWith();
			}
		});
		const task = await scheduler.add({ kind: 'deliver', runAt: new Date(Date.now() - 1_000), payload: {} });
		await scheduler.start();
		await waitFor(async () => (await db.prisma.scheduledTask.findUnique({ where: { id: task.id } })) === null);
		expect(runs).toBe(2);
		expect(logs.some((line) => line.includes(`task #${task.id} (deliver) failed (attempt 1)`))).toBe(true);
	});

	/** A query that keeps the database busy for a few hundred ms, so a transaction holding it is still under way. */
	const slowQuery = () =>
		db.provider === 'postgresql'
			? db.prisma.$queryRawUnsafe('SELECT 1 AS n FROM pg_sleep(0.4)')
			: db.prisma.$queryRawUnsafe(
					'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) AS n FROM c'
				);

	test('GIVEN a run already finishing with its own write when stop() gives up waiting THEN it is not handed back: its transaction decides', async () => {
		const marker = await db.prisma.scheduledTask.create({ data: { kind: 'marker', runAt: FAR, dueAt: FAR, payload: {} } });
		let stopping: Promise<void> | null = null;
		const { scheduler } = makeScheduler({
			deliver: async (_task, context) => {
				const finishing = context.finishWith(
					slowQuery(),
					db.prisma.scheduledTask.updateMany({ where: { id: marker.id }, data: { lastError: 'delivered' } })
				);
				// The shutdown begins while the transaction is queued, and gives in-flight runs no grace at all.
				stopping = scheduler.stop(0);
				await finishing;
			}
		});
		const task = await scheduler.add({ kind: 'deliver', runAt: new Date(Date.now() - 1_000), payload: {} });
		await scheduler.start();
		await waitFor(() => stopping !== null);
		await stopping;
		expect(await db.prisma.scheduledTask.findUnique({ where: { id: task.id } })).toBeNull();
		expect(await db.prisma.scheduledTask.findUnique({ where: { id: marker.id } })).toMatchObject({ lastError: 'delivered' });
		expect(logs.filter((line) => line.includes('handed back'))).toEqual([]);
	});

	test('a slow run keeps its lease (renewed), so another process never takes it over', async () => {
		const runs: string[] = [];
		let finish!: () => void;
		const gate = new Promise<void>((resolve) => (finish = resolve));
		// Renewed every third of the lease; a pause longer than a whole lease would let B take over, which is what the
		// lease is for, so it is long enough not to be reached on a busy CI machine.
		const config = { ...CONFIG, leaseMs: 900 };
		const a = makeScheduler(
			{
				slow: async () => {
					runs.push('a');
					await gate;
				}
			},
			config
		).scheduler;
		await a.start();
		await a.add({ kind: 'slow', runAt: new Date(), payload: {} });
		await waitFor(() => runs.length === 1);
		const b = makeScheduler({ slow: () => void runs.push('b') }, config).scheduler;
		await b.start();
		await new Promise((resolve) => setTimeout(resolve, 2_500));
		finish();
		await a.stop();
		expect(runs).toEqual(['a']);
	});
});

describe('idle cost', () => {
	test('with nothing due, a scheduler makes one query per poll interval', async () => {
		const { scheduler } = makeScheduler({ idle: () => undefined }, { ...CONFIG, pollIntervalMs: 100 });
		await scheduler.add({ kind: 'idle', runAt: new Date(Date.now() + 3_600_000), payload: {} });
		await scheduler.start();
		const before = scheduler.queries;
		await new Promise((resolve) => setTimeout(resolve, 1_050));
		const polls = scheduler.queries - before;
		expect(polls).toBeGreaterThanOrEqual(8);
		expect(polls).toBeLessThanOrEqual(11);
	});
});
