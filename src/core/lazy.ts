/**
 * Lazy loading, the core's one way to pay for a heavy dependency on first use instead of at start-up: a native addon
 * (canvas), a big data file (the word-chain dictionary), an SDK (the AI client), a parser (chrono, rrule).
 *
 * ```ts
 * const chrono = lazy(() => require('chrono-node') as typeof Chrono); // nothing loaded yet
 * chrono().parse(text);                                                // loaded here, once
 *
 * const dictionary = lazyAsync(() => buildDictionary());               // async: concurrent first calls share one load
 * await dictionary();
 * ```
 *
 * - The value is built once per process, on the first call; later calls return it at the cost of a property read.
 * - A load that throws (or rejects) is not remembered: the next call tries again.
 * - `loaded` says whether it happened (for /stats and tests), `peek()` returns the value without loading it, and
 *   `reset()` forgets it (plugin unload, tests), so the next call loads afresh.
 * - Use `require()` with an `import type` for the module's types, not a value `import`: a value import loads the
 *   module when the importing file loads, which is start-up.
 */
export interface Lazy<T> {
	(): T;
	readonly loaded: boolean;
	peek(): T | undefined;
	reset(): void;
}

export function lazy<T>(load: () => T): Lazy<T> {
	let state: { value: T } | null = null;
	const get = (() => (state ??= { value: load() }).value) as Lazy<T>;
	Object.defineProperty(get, 'loaded', { get: () => state !== null });
	get.peek = () => state?.value;
	get.reset = () => void (state = null);
	return get;
}

/** {@link lazy} for a load that returns a promise: one load in flight at a time, forgotten if it rejects. */
export function lazyAsync<T>(load: () => Promise<T>): Lazy<Promise<T>> & { readonly settled: T | undefined } {
	let settled: { value: T } | null = null;
	const inner = lazy(() => {
		const promise = load().then((value) => {
			if (inner.peek() === promise) settled = { value };
			return value;
		});
		promise.catch(() => {
			if (inner.peek() === promise) inner.reset();
		});
		return promise;
	});
	const get = (() => inner()) as Lazy<Promise<T>> & { readonly settled: T | undefined };
	Object.defineProperty(get, 'loaded', { get: () => inner.loaded });
	Object.defineProperty(get, 'settled', { get: () => settled?.value });
	get.peek = () => inner.peek();
	get.reset = () => {
		settled = null;
		inner.reset();
	};
	return get;
}
