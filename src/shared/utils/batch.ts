/**
 * Gathers the calls made in the same turn of the event loop and hands them to `write` together, which answers one
 * result per item, in order. For the writes a burst makes at once (a reminder's status after each of 1,000
 * deliveries): one transaction for the calls of a turn instead of one per call. When `write` fails, every call of its
 * batch fails with that error (a transaction's all-or-nothing).
 */
export function batched<T, R>(write: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
	let pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
	const flush = () => {
		const batch = pending;
		pending = [];
		write(batch.map(({ item }) => item))
			.then(
				(results) => {
					if (results.length !== batch.length) throw new Error(`batched: ${results.length} results for ${batch.length} items`);
					batch.forEach(({ resolve }, index) => resolve(results[index]!));
				},
				(error: unknown) => batch.forEach(({ reject }) => reject(error))
			)
			.catch((error: unknown) => batch.forEach(({ reject }) => reject(error)));
	};
	return (item) =>
		new Promise<R>((resolve, reject) => {
			if (pending.length === 0) setImmediate(flush);
			pending.push({ item, resolve, reject });
		});
}
