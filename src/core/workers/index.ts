/**
 * The worker pool facility (docs/architecture.md#worker-pool): `container.workers` is the process's one
 * {@link WorkerPool}, created with the client (no thread until the first task) and closed by its lifecycle.
 *
 * A plugin keeps its task in its own folder, as a plain module whose export does the work, and binds it once:
 *
 * ```ts
 * import type { c4AiMove } from './connect4';
 * import { workerTask } from '#core/workers/index';
 *
 * const think = workerTask<typeof c4AiMove>(require.resolve('./connect4'), 'c4AiMove');
 * const { column } = await think(state, 2, { budgetMs: 150 }); // runs on a worker thread
 * ```
 *
 * Arguments and results are structured-cloned: plain data, typed arrays, Buffers, Maps; no functions, no class
 * instances' methods. The task module is loaded in the worker, so it should import little (no Discord, no database).
 */
import { container } from '@sapphire/framework';
import type { WorkerPool } from './pool';

export { defaultPoolSize, WorkerPool, WorkerPoolClosedError, type WorkerPoolOptions, type WorkerPoolStats } from './pool';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => unknown;

/**
 * `fn`'s signature, run on `pool` (default: `container.workers`, read at each call so a new client's pool is used).
 * `module` is an absolute path: `require.resolve('./file')` gives the `.ts` source under tsx and jest, the `.js` file
 * in the build.
 */
export function workerTask<F extends AnyFunction>(
	module: string,
	name: string,
	pool: () => WorkerPool = () => container.workers
): (...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>> {
	return (...args) => pool().run<Awaited<ReturnType<F>>>(module, name, args);
}
