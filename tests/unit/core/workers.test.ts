import { threadId } from 'node:worker_threads';
import { WorkerPool, WorkerPoolClosedError, workerTask } from '#core/workers/index';
import type { whereAndSum } from '../../support/fixtures/workers/tasks';

const TASKS = require.resolve('../../support/fixtures/workers/tasks');

describe('worker pool (src/core/workers)', () => {
	let pool: WorkerPool;
	afterEach(() => pool.close());

	it('GIVEN a new pool THEN no thread starts before the first task', () => {
		pool = new WorkerPool({ size: 2 });
		expect(pool.stats()).toMatchObject({ size: 2, threads: 0, busy: 0, queued: 0 });
	});

	it('GIVEN a task THEN it runs off the main thread and its result comes back', async () => {
		pool = new WorkerPool({ size: 1 });
		const run = workerTask<typeof whereAndSum>(TASKS, 'whereAndSum', () => pool);

		const result = await run([1, 2, 3.5]);

		expect(result).toEqual({ isMainThread: false, threadId: expect.any(Number), sum: 6.5 });
		expect(result.threadId).not.toBe(threadId);
		expect(pool.stats()).toMatchObject({ threads: 1, busy: 0, completed: 1 });
	});

	it('GIVEN a task that throws THEN the promise rejects with that error, and the thread serves the next task', async () => {
		pool = new WorkerPool({ size: 1 });

		const failure = pool.run(TASKS, 'fails', ['no such column']);

		await expect(failure).rejects.toThrow('no such column');
		await expect(failure).rejects.toMatchObject({ name: 'RangeError' });
		await expect(pool.run(TASKS, 'nothingHere')).rejects.toThrow(/exports no function nothingHere/);
		await expect(pool.run(TASKS, 'later', ['still', 1])).resolves.toBe('still after 1 ms');
		expect(pool.stats()).toMatchObject({ threads: 1, completed: 1, failed: 2 });
	});

	it('GIVEN more tasks than threads THEN they queue, and no more than `size` threads start', async () => {
		pool = new WorkerPool({ size: 2 });

		const threads = await Promise.all([40, 40, 40, 40].map((ms) => pool.run<number>(TASKS, 'spin', [ms])));

		expect(new Set(threads).size).toBe(2);
		expect(threads).not.toContain(threadId);
		expect(pool.stats()).toMatchObject({ threads: 2, queued: 0, completed: 4 });
	});

	it('GIVEN a running task WHEN the pool closes THEN the task finishes first, the threads end and new tasks are refused', async () => {
		pool = new WorkerPool({ size: 1 });
		const running = pool.run(TASKS, 'later', ['done', 50]);
		await new Promise((resolve) => setTimeout(resolve, 10));

		await pool.close();

		await expect(running).resolves.toBe('done after 50 ms');
		expect(pool.closed).toBe(true);
		expect(pool.stats()).toMatchObject({ threads: 0, busy: 0 });
		await expect(pool.run(TASKS, 'later', ['again', 1])).rejects.toBeInstanceOf(WorkerPoolClosedError);
	});

	it('GIVEN a task that outlives the grace period WHEN the pool closes THEN the task is rejected and its thread ended', async () => {
		pool = new WorkerPool({ size: 1 });
		const stuck = expect(pool.run(TASKS, 'later', ['never', 10_000])).rejects.toBeInstanceOf(WorkerPoolClosedError);
		await new Promise((resolve) => setTimeout(resolve, 10));

		await pool.close(50);

		await stuck;
		expect(pool.stats().threads).toBe(0);
	});

	it('GIVEN an idle thread THEN it ends after the idle timeout and the next task starts a new one', async () => {
		pool = new WorkerPool({ size: 1, idleTimeoutMs: 20 });
		const first = await pool.run<number>(TASKS, 'spin', [1]);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(pool.stats().threads).toBe(0);

		const second = await pool.run<number>(TASKS, 'spin', [1]);

		expect(second).not.toBe(first);
	});
});
