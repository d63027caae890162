/** Discord's epoch (2015-01-01T00:00:00.000Z): every snowflake counts milliseconds from here. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Generates real-looking snowflakes (timestamp << 22 | worker | increment).
 *
 * Ids come from the wall clock plus a counter so that they are unique, strictly increasing and
 * 18–19 digits long like Discord's (discord.js rejects shorter ids in places, and bulk-delete
 * age checks need a meaningful timestamp). `at()` builds ids for a chosen moment, which lets a
 * test create "old" messages.
 */
export class SnowflakeGenerator {
	#lastMs = 0n;
	#increment = 0n;
	readonly #worker: bigint;

	public constructor(worker = 1) {
		this.#worker = BigInt(worker & 0x3ff);
	}

	/** A fresh id, strictly greater than every id this generator produced before. */
	public next(): string {
		let ms = BigInt(Date.now()) - DISCORD_EPOCH;
		if (ms <= this.#lastMs) {
			// Same (or earlier, if the clock stepped back) millisecond: keep ordering via the counter.
			ms = this.#lastMs;
			this.#increment++;
			if (this.#increment > 0xfffn) {
				ms++;
				this.#increment = 0n;
			}
		} else {
			this.#increment = 0n;
		}
		this.#lastMs = ms;
		return ((ms << 22n) | (this.#worker << 12n) | this.#increment).toString();
	}

	/** An id whose embedded timestamp is `date` (unique among ids made by this method). */
	public at(date: Date | number): string {
		const ms = BigInt(typeof date === 'number' ? date : date.getTime()) - DISCORD_EPOCH;
		this.#atCounter = (this.#atCounter + 1n) & 0xfffn;
		// Worker bit pattern differs from next() so both kinds never collide.
		return ((ms << 22n) | ((this.#worker ^ 0x3ffn) << 12n) | this.#atCounter).toString();
	}

	#atCounter = 0n;
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
	return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Numeric comparison of two snowflakes (string comparison is wrong across lengths). */
export function compareSnowflakes(a: string, b: string): number {
	const x = BigInt(a);
	const y = BigInt(b);
	return x < y ? -1 : x > y ? 1 : 0;
}
