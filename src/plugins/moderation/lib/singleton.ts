/**
 * One instance per process for state that must be shared by every piece of the plugin (the case-number queue, the
 * per-member locks, the release scheduler). Module-level variables are not enough: a module can be evaluated more than
 * once in one process (pieces reloaded from disk, or loaded through a test runner's module registry), and two queues
 * would let two case numbers race.
 */
export function processSingleton<T>(key: string, create: () => T): T {
	const store = globalThis as unknown as Record<symbol, T | undefined>;
	const symbol = Symbol.for(`tika.moderation.${key}`);
	return (store[symbol] ??= create());
}
