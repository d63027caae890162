import type { LatencyHistogram } from '#core/metrics/histogram';

/** Enough samples for a stable p95 while staying a fixed 4 KiB per handler, whatever the traffic. */
export const DEFAULT_SAMPLE_WINDOW = 512;

/**
 * Counters and recent timings of one handler. Recording is O(1) with no allocation (a ring buffer);
 * the percentile is only computed when someone asks, because /stats is rare and messages are not.
 */
export class HandlerStats {
	public calls = 0;
	public handled = 0;
	public errors = 0;
	public skipped = 0;
	/** Calls that were timed: all of them, or one in N when the router samples (MessageRouterOptions.timeEvery). */
	public timedCalls = 0;
	/** The sum of the timed calls' durations. */
	public timedMs = 0;
	/**
	 * Every timing also lands here when the metrics endpoint is on (config.yml `metrics.enabled`); null otherwise, so
	 * the router pays one null check. Never reset: Prometheus wants monotonic counts.
	 */
	public readonly histogram: LatencyHistogram | null;
	readonly #samples: Float64Array;
	#next = 0;
	#filled = 0;

	public constructor(window = DEFAULT_SAMPLE_WINDOW, histogram: LatencyHistogram | null = null) {
		if (!Number.isInteger(window) || window < 1) throw new RangeError(`The stats window must be a positive integer, got ${window}`);
		this.#samples = new Float64Array(window);
		this.histogram = histogram;
	}

	/**
	 * A timed call. `weight` is how many calls this timing stands for when only one in N is timed: the histogram
	 * counts it that many times, so its count and sum still estimate every call.
	 */
	public record(ms: number, handled: boolean, weight = 1): void {
		this.histogram?.observe(ms, weight);
		this.count(handled);
		this.timedCalls++;
		this.timedMs += ms;
		this.#samples[this.#next] = ms;
		if (++this.#next === this.#samples.length) this.#next = 0;
		if (this.#filled < this.#samples.length) this.#filled++;
	}

	/** A call that was not timed. */
	public count(handled: boolean): void {
		this.calls++;
		if (handled) this.handled++;
	}

	/** A call that threw (or rejected); `ms` is null when it was not timed. */
	public fail(ms: number | null, weight = 1): void {
		this.errors++;
		if (ms === null) this.count(false);
		else this.record(ms, false, weight);
	}

	/** Time spent in every call: exact when every call was timed, otherwise the timed calls' mean times the calls. */
	public get totalMs(): number {
		return this.timedCalls === this.calls ? this.timedMs : this.meanMs * this.calls;
	}

	public get meanMs(): number {
		return this.timedCalls === 0 ? 0 : this.timedMs / this.timedCalls;
	}

	public get sampleCount(): number {
		return this.#filled;
	}

	/** A copy of the recent timings (the window's filled part, oldest order not kept): for merging several handlers' windows. */
	public samples(): Float64Array {
		return this.#samples.slice(0, this.#filled);
	}

	/** Nearest-rank percentile (0 < p <= 100) over the window; 0 when nothing was recorded. */
	public percentile(p: number): number {
		if (this.#filled === 0) return 0;
		return percentileOfSorted(this.#samples.slice(0, this.#filled).sort(), p);
	}

	public reset(): void {
		this.calls = 0;
		this.handled = 0;
		this.errors = 0;
		this.skipped = 0;
		this.timedCalls = 0;
		this.timedMs = 0;
		this.#next = 0;
		this.#filled = 0;
	}
}

/** Nearest-rank percentile (0 < p <= 100) of ascending `sorted`; 0 when it is empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return 0;
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
	return sorted[rank - 1]!;
}
