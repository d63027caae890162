import { availableParallelism } from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';

/**
 * The core's worker pool: CPU-heavy work (a game AI's search, a big serialisation) runs on worker threads so the event
 * loop keeps answering Discord. One small API, `pool.run(module, name, args)`: a worker requires `module` (an
 * absolute path, usually `require.resolve('./task')` from the caller's folder), calls its export `name` with `args`
 * (structured-cloned both ways) and the promise settles with the result or the error thrown.
 *
 * - Nothing starts before the first `run`: constructing a pool costs nothing at start-up (not even loading
 *   `node:worker_threads`). Threads are added one at a time, as tasks wait, up to `size`; a thread idle for
 *   `idleTimeoutMs` ends, so a pool used once does not keep its memory.
 * - The workers' code is a string started with `eval: true` (like the regex sandbox): there is no entry file to find,
 *   so the same pool runs under tsx and jest (the task module is a `.ts` source: the worker registers tsx's CommonJS
 *   hook first) and from the build (`dist/…/*.js`, plain `require`).
 * - An idle pool never keeps the process alive (idle threads are unref'd); a running task does.
 * - `close()` refuses new tasks, lets the queued and running ones finish (up to `graceMs`), then ends every thread.
 */

export interface WorkerPoolOptions {
	/** Most threads at once; default {@link defaultPoolSize}. */
	size?: number;
	/** A thread idle this long ends (default 30 s). */
	idleTimeoutMs?: number;
}

export interface WorkerPoolStats {
	size: number;
	threads: number;
	busy: number;
	queued: number;
	completed: number;
	failed: number;
}

/** One thread per core the process may use, minus the main thread's, and at least one. */
export function defaultPoolSize(): number {
	return Math.max(1, availableParallelism() - 1);
}

/** Thrown by `run` on a closed pool, and for tasks still queued when `close()` gave up waiting. */
export class WorkerPoolClosedError extends Error {
	public override readonly name = 'WorkerPoolClosedError';
	public constructor() {
		super('The worker pool is closed');
	}
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const modules = new Map();
function load(path) {
	let loaded = modules.get(path);
	if (!loaded) {
		if (/\\.[cm]?ts$/.test(path) && workerData.tsx && !require('node:module')._extensions['.ts']) require(workerData.tsx);
		loaded = require(path);
		modules.set(path, loaded);
	}
	return loaded;
}
parentPort.on('message', async ({ id, module, name, args }) => {
	try {
		const fn = load(module)[name];
		if (typeof fn !== 'function') throw new TypeError(module + ' exports no function ' + name);
		parentPort.postMessage({ id, ok: true, value: await fn(...args) });
	} catch (error) {
		const plain = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: 'Error', message: String(error) };
		parentPort.postMessage({ id, ok: false, error: plain });
	}
});
`;

interface Task {
	id: number;
	module: string;
	name: string;
	args: unknown[];
	resolve: (value: unknown) => void;
	reject: (error: Error) => void;
}

interface Thread {
	worker: WorkerThreads.Worker;
	task: Task | null;
	idleTimer: NodeJS.Timeout | null;
}

export class WorkerPool {
	public readonly size: number;
	readonly #idleTimeoutMs: number;
	readonly #threads = new Set<Thread>();
	readonly #queue: Task[] = [];
	#nextId = 1;
	#completed = 0;
	#failed = 0;
	#closing: Promise<void> | null = null;
	#drained: (() => void) | null = null;
	/** tsx's CommonJS hook, resolved once when a `.ts` task is first run. */
	#tsx: string | null | undefined;

	public constructor(options: WorkerPoolOptions = {}) {
		this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
		this.#idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
	}

	/** Runs export `name` of `module` (absolute path) with `args` on a worker thread. */
	public run<T = unknown>(module: string, name: string, args: readonly unknown[] = []): Promise<T> {
		if (this.#closing) return Promise.reject(new WorkerPoolClosedError());
		return new Promise<T>((resolve, reject) => {
			this.#queue.push({ id: this.#nextId++, module, name, args: [...args], resolve: resolve as (value: unknown) => void, reject });
			this.#dispatch();
		});
	}

	/** True once `close()` was called. */
	public get closed(): boolean {
		return this.#closing !== null;
	}

	public stats(): WorkerPoolStats {
		let busy = 0;
		for (const thread of this.#threads) if (thread.task) busy++;
		return { size: this.size, threads: this.#threads.size, busy, queued: this.#queue.length, completed: this.#completed, failed: this.#failed };
	}

	/** Refuses new tasks, waits for the queued and running ones (at most `graceMs`), then ends every thread. Idempotent. */
	public close(graceMs = 5_000): Promise<void> {
		this.#closing ??= (async () => {
			if (this.#pending()) {
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([
					new Promise<void>((resolve) => (this.#drained = resolve)),
					new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))
				]);
				clearTimeout(timer);
			}
			for (const task of this.#queue.splice(0)) task.reject(new WorkerPoolClosedError());
			await Promise.all([...this.#threads].map((thread) => this.#end(thread, new WorkerPoolClosedError())));
		})();
		return this.#closing;
	}

	#pending(): boolean {
		if (this.#queue.length > 0) return true;
		for (const thread of this.#threads) if (thread.task) return true;
		return false;
	}

	#dispatch(): void {
		while (this.#queue.length > 0) {
			let thread: Thread | undefined;
			for (const candidate of this.#threads) if (!candidate.task) thread = candidate;
			if (!thread) {
				if (this.#threads.size >= this.size) return;
				thread = this.#start();
			}
			this.#assign(thread, this.#queue.shift()!);
		}
		if (this.#drained && !this.#pending()) this.#drained();
	}

	#assign(thread: Thread, task: Task): void {
		if (thread.idleTimer) clearTimeout(thread.idleTimer);
		thread.idleTimer = null;
		thread.task = task;
		thread.worker.ref();
		try {
			thread.worker.postMessage({ id: task.id, module: task.module, name: task.name, args: task.args });
		} catch (error) {
			// Arguments that cannot be cloned (a function, a class instance with private state): the task fails, the thread stays.
			thread.task = null;
			this.#settle(thread, task, false, error);
		}
	}

	#start(): Thread {
		// Loaded on the first task, not when the core loads.
		const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
		const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { tsx: this.#tsxHook() } });
		const thread: Thread = { worker, task: null, idleTimer: null };
		this.#threads.add(thread);
		worker.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: { name: string; message: string; stack?: string } }) => {
			const task = thread.task;
			if (!task || task.id !== message.id) return;
			thread.task = null;
			this.#settle(thread, task, message.ok, message.ok ? message.value : revive(message.error!));
		});
		// A thread that dies (out of memory, process.exit in a task) fails its task; the next task gets a fresh thread.
		const lost = (error: Error) => {
			if (this.#remove(thread, error)) this.#dispatch();
		};
		worker.on('error', lost);
		worker.on('exit', (code) => lost(new Error(`A worker thread stopped (exit code ${code})`)));
		return thread;
	}

	#settle(thread: Thread, task: Task, ok: boolean, value: unknown): void {
		if (ok) {
			this.#completed++;
			task.resolve(value);
		} else {
			this.#failed++;
			task.reject(value instanceof Error ? value : new Error(String(value)));
		}
		if (this.#queue.length > 0 && this.#threads.has(thread)) this.#assign(thread, this.#queue.shift()!);
		else if (this.#threads.has(thread)) {
			thread.worker.unref();
			thread.idleTimer = setTimeout(() => void this.#end(thread), this.#idleTimeoutMs);
			thread.idleTimer.unref();
		}
		if (this.#drained && !this.#pending()) this.#drained();
	}

	async #end(thread: Thread, error: Error = new WorkerPoolClosedError()): Promise<void> {
		if (this.#remove(thread, error)) await thread.worker.terminate();
	}

	/** Forgets `thread` (false if already gone), failing its task with `error`. */
	#remove(thread: Thread, error: Error): boolean {
		if (!this.#threads.delete(thread)) return false;
		if (thread.idleTimer) clearTimeout(thread.idleTimer);
		const task = thread.task;
		thread.task = null;
		if (task) {
			this.#failed++;
			task.reject(error);
		}
		return true;
	}

	#tsxHook(): string | null {
		if (this.#tsx !== undefined) return this.#tsx;
		// Only the sources need it (tsx, jest); the build has none, and tsx is a devDependency.
		try {
			this.#tsx = __filename.endsWith('.ts') ? require.resolve('tsx/cjs') : null;
		} catch {
			this.#tsx = null;
		}
		return this.#tsx;
	}
}

/** The worker's error as an Error of the same name, message and stack (a plain object crossed the thread boundary). */
function revive(plain: { name: string; message: string; stack?: string }): Error {
	const error = new Error(plain.message);
	error.name = plain.name;
	if (plain.stack) error.stack = plain.stack;
	return error;
}
