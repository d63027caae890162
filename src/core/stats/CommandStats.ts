import { DEFAULT_SAMPLE_WINDOW, HandlerStats } from '#core/router/stats';

export interface CommandStatsSnapshot {
	name: string;
	/** Runs that finished, successful or not. */
	runs: number;
	/** Runs that threw. */
	errors: number;
	/** Runs the latency figures come from (the successful ones); 0 means there is no latency to show yet. */
	timed: number;
	/** Over successful runs only: Sapphire reports no duration for a run that threw. */
	meanMs: number;
	p95Ms: number;
}

export interface CommandStatsTotals {
	runs: number;
	errors: number;
	/** Refused before running (preconditions, cooldowns, permissions). */
	denied: number;
}

export interface CommandStatsOptions {
	/** Timings kept per command for the p95. */
	sampleWindow?: number;
	/**
	 * Most distinct command names tracked. Commands are a fixed, small set, but names come from loaded pieces that can be
	 * reloaded and renamed; past the cap, new names are folded into one `(other)` row so memory stays bounded.
	 */
	maxCommands?: number;
}

interface Entry {
	/** Successful runs, with their timings. Reuses the router's ring buffer: O(1) per run, fixed memory. */
	readonly timings: HandlerStats;
	errors: number;
}

export const OTHER_COMMANDS = '(other)';

/** Commands run, errors and latency per command, fed by the command lifecycle listeners, read by /stats. */
export class CommandStats {
	readonly #entries = new Map<string, Entry>();
	readonly #window: number;
	readonly #maxCommands: number;
	#denied = 0;

	public constructor(options: CommandStatsOptions = {}) {
		this.#window = options.sampleWindow ?? DEFAULT_SAMPLE_WINDOW;
		this.#maxCommands = Math.max(1, Math.floor(options.maxCommands ?? 200));
	}

	/** A run finished: `durationMs` is Sapphire's duration, or -1 when the run threw. */
	public recordRun(command: string, success: boolean, durationMs: number): void {
		const entry = this.#entry(command);
		if (success && durationMs >= 0) entry.timings.record(durationMs, true);
		else entry.errors++;
	}

	public recordDenied(): void {
		this.#denied++;
	}

	public totals(): CommandStatsTotals {
		let runs = 0;
		let errors = 0;
		for (const entry of this.#entries.values()) {
			runs += entry.timings.calls + entry.errors;
			errors += entry.errors;
		}
		return { runs, errors, denied: this.#denied };
	}

	/** Per-command rows, most run first (ties by name so the order is stable); `limit` keeps the top N. */
	public snapshot(limit = Infinity): CommandStatsSnapshot[] {
		const rows = [...this.#entries].map(([name, { timings, errors }]) => ({
			name,
			runs: timings.calls + errors,
			errors,
			timed: timings.calls,
			meanMs: timings.meanMs,
			p95Ms: timings.percentile(95)
		}));
		rows.sort((a, b) => b.runs - a.runs || a.name.localeCompare(b.name));
		return rows.slice(0, limit);
	}

	/**
	 * Each command's recent successful timings (its window, up to `sampleWindow` runs), for percentiles over a group of
	 * commands (a plugin's): merge the windows, then sort once. Read-time work only.
	 */
	public timings(): { name: string; runs: number; samples: Float64Array }[] {
		return [...this.#entries].map(([name, { timings, errors }]) => ({ name, runs: timings.calls + errors, samples: timings.samples() }));
	}

	public reset(): void {
		this.#entries.clear();
		this.#denied = 0;
	}

	#entry(command: string): Entry {
		let entry = this.#entries.get(command);
		if (entry) return entry;
		const name = this.#entries.size >= this.#maxCommands - 1 && command !== OTHER_COMMANDS ? OTHER_COMMANDS : command;
		entry = this.#entries.get(name);
		if (!entry) this.#entries.set(name, (entry = { timings: new HandlerStats(this.#window), errors: 0 }));
		return entry;
	}
}
