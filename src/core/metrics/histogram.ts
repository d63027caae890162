/**
 * A fixed-bucket latency histogram kept in plain counters: observing is a short linear scan and two additions, with no
 * allocation and no label lookup, so it can sit on the message router's path. prom-client's Histogram hashes its labels
 * on every observation; here each handler owns its histogram and the labels are only attached at scrape time.
 */

/** Upper bounds in milliseconds for router handlers: most handlers answer in microseconds, a slow one in tens of ms. */
export const HANDLER_BUCKETS_MS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000];

/** Upper bounds in milliseconds for database queries (a SQLite read takes ~0.1 ms, a PostgreSQL round trip ~1 ms). */
export const QUERY_BUCKETS_MS: readonly number[] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

export class LatencyHistogram {
	/** Ascending upper bounds, in milliseconds; the last, implicit bucket is +Inf. */
	public readonly bounds: Float64Array;
	/** Observations per bucket (not cumulative; index `bounds.length` is +Inf). */
	readonly #counts: Float64Array;
	/** Observations so far; never reset, as Prometheus counters are monotonic. */
	public count = 0;
	/** Sum of the observations, in milliseconds. */
	public sumMs = 0;

	public constructor(boundsMs: readonly number[]) {
		for (let index = 1; index < boundsMs.length; index++) {
			if (!(boundsMs[index]! > boundsMs[index - 1]!)) throw new RangeError('Histogram bounds must be strictly ascending');
		}
		this.bounds = Float64Array.from(boundsMs);
		this.#counts = new Float64Array(boundsMs.length + 1);
	}

	/** One observation, or `weight` identical ones (a timing that stands for several calls when timings are sampled). */
	public observe(ms: number, weight = 1): void {
		const { bounds } = this;
		let index = 0;
		while (index < bounds.length && ms > bounds[index]!) index++;
		this.#counts[index]! += weight;
		this.count += weight;
		this.sumMs += ms * weight;
	}

	/** Cumulative counts per bound (Prometheus `le` semantics), the +Inf bucket last (equal to `count`). */
	public cumulative(): number[] {
		const out: number[] = [];
		let running = 0;
		for (const value of this.#counts) out.push((running += value));
		return out;
	}
}
