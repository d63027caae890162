/**
 * What a user just did that may try Tika's patience:
 * - `command`: any command; it only counts when it is part of a burst (more than `burstCount` within `burstWindowMs`),
 *   so steady, ordinary use never makes Tika grumpy
 * - `failure`: a command that failed; failing the *same* command again weighs more
 * - `cooldown`: running into a cooldown, the clearest sign of spamming, so it weighs most
 */
export type FrustrationKind = 'command' | 'failure' | 'cooldown';

export interface FrustrationWeights {
	/** Added for a command that is part of a burst. */
	burst: number;
	/** Added for a failed command. */
	failure: number;
	/** Added instead of `failure` when the same command failed last time too. */
	repeatedFailure: number;
	/** Added when the user hits a cooldown. */
	cooldown: number;
}

export interface FrustrationTrackerOptions {
	/** Time for a score to halve, in ms. Default 60 s: a minute of calm takes a frustrated user back towards base. */
	halfLifeMs?: number;
	/** Most users remembered at once; the least recently active are forgotten first. Default 10,000. */
	maxUsers?: number;
	/** A command is part of a burst when more than this many commands ran within `burstWindowMs`. Default 4. */
	burstCount?: number;
	/** Default 10 s. */
	burstWindowMs?: number;
	weights?: Partial<FrustrationWeights>;
	/** Milliseconds clock, injectable so tests can move time without timers. Default `Date.now`. */
	now?: () => number;
}

export interface RecordDetails {
	/** The command concerned, so a repeated failure of the same command can be told from two unrelated ones. */
	command?: string;
}

/** One thing a user did, as recorded by a tracker: what another process's tracker applies to stay in step. */
export interface FrustrationEvent {
	userId: string;
	kind: FrustrationKind;
	command?: string;
	/** Milliseconds since the epoch. */
	at: number;
}

interface Entry {
	/** Score as of `at`; the current score is derived on read by decaying from there. */
	score: number;
	at: number;
	/** Ring buffer of the last `burstCount` command times, oldest at `head` once full. */
	commands: number[];
	head: number;
	lastFailedCommand: string | null;
}

export const MAX_FRUSTRATION_LEVEL = 5;

const DEFAULT_WEIGHTS: FrustrationWeights = { burst: 1, failure: 1, repeatedFailure: 1.5, cooldown: 2 };

/**
 * Scores are capped just above the top level so that a user who spams for five minutes calms down as fast as one who
 * spammed for ten seconds: without a cap, recovery time would grow with the length of the tantrum.
 */
const MAX_SCORE = MAX_FRUSTRATION_LEVEL + 1;

/** Below this a score is indistinguishable from zero, so its entry can be forgotten. */
const NEGLIGIBLE_SCORE = 0.01;

/** Oldest entries inspected per `record` when looking for ones that decayed to nothing: constant work per call. */
const SWEEP_PER_RECORD = 2;

/**
 * Per-user frustration: a score that rises with spammy behaviour and decays exponentially, read as a level 0–5.
 *
 * Every operation is O(1): decay is computed from the time of the last update (no timers, per user or otherwise), a
 * `Map`'s insertion order doubles as the LRU list, and each `record` looks at no more than a couple of the oldest
 * entries to drop those that decayed to nothing. Memory is bounded by `maxUsers` whatever the traffic.
 */
export class FrustrationTracker {
	private readonly entries = new Map<string, Entry>();
	private readonly halfLifeMs: number;
	private readonly maxUsers: number;
	private readonly burstCount: number;
	private readonly burstWindowMs: number;
	private readonly weights: FrustrationWeights;
	private readonly now: () => number;
	/**
	 * Called after every {@link record} (not after {@link apply}): how shards share what users did, so a user who spams
	 * Tika in a server on one shard finds her just as tired of it in a server on another (core/sharding/frustration.ts).
	 */
	public onRecord: ((event: FrustrationEvent) => void) | null = null;

	public constructor(options: FrustrationTrackerOptions = {}) {
		this.halfLifeMs = positive(options.halfLifeMs ?? 60_000, 'halfLifeMs');
		this.maxUsers = Math.floor(positive(options.maxUsers ?? 10_000, 'maxUsers'));
		this.burstCount = Math.floor(positive(options.burstCount ?? 4, 'burstCount'));
		this.burstWindowMs = positive(options.burstWindowMs ?? 10_000, 'burstWindowMs');
		this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
		this.now = options.now ?? Date.now;
	}

	/** Users currently remembered. */
	public get size(): number {
		return this.entries.size;
	}

	/** Notes something the user did; returns the level afterwards. */
	public record(userId: string, kind: FrustrationKind, details: RecordDetails = {}): number {
		const now = this.now();
		const level = this.update(userId, kind, details.command ?? null, now);
		this.onRecord?.({ userId, kind, ...(details.command === undefined ? {} : { command: details.command }), at: now });
		return level;
	}

	/** Notes something the user did that another process saw, at the time it happened (never later than now). */
	public apply(event: FrustrationEvent): number {
		return this.update(event.userId, event.kind, event.command ?? null, Math.min(event.at, this.now()));
	}

	private update(userId: string, kind: FrustrationKind, command: string | null, at: number): number {
		let entry = this.entries.get(userId);
		// Events from elsewhere may arrive a little out of order: time never runs backwards for an entry.
		const now = Math.max(at, entry?.at ?? at);
		if (entry) {
			entry.score = this.decayed(entry, now);
			entry.at = now;
			// Re-inserting moves the user to the young end of the Map, which is what makes it an LRU.
			this.entries.delete(userId);
		} else {
			entry = { score: 0, at: now, commands: [], head: 0, lastFailedCommand: null };
		}
		this.entries.set(userId, entry);

		switch (kind) {
			case 'command':
				if (this.pushCommand(entry, now)) entry.score += this.weights.burst;
				break;
			case 'failure': {
				const repeated = command !== null && command === entry.lastFailedCommand;
				entry.score += repeated ? this.weights.repeatedFailure : this.weights.failure;
				entry.lastFailedCommand = command;
				break;
			}
			case 'cooldown':
				entry.score += this.weights.cooldown;
				break;
		}
		entry.score = Math.min(entry.score, MAX_SCORE);

		this.sweep(now);
		return toLevel(entry.score);
	}

	/** The user's frustration right now, 0 (calm) to 5 (fed up). */
	public level(userId: string): number {
		return toLevel(this.score(userId));
	}

	/** The raw decayed score behind {@link level}. */
	public score(userId: string): number {
		const entry = this.entries.get(userId);
		if (!entry) return 0;
		const now = this.now();
		const score = this.decayed(entry, now);
		if (this.isForgettable(entry, score, now)) {
			this.entries.delete(userId);
			return 0;
		}
		return score;
	}

	/** Forgets one user, e.g. after they apologise. */
	public reset(userId: string): void {
		this.entries.delete(userId);
	}

	public clear(): void {
		this.entries.clear();
	}

	/** Records a command time; true when it makes more than `burstCount` commands within the window. */
	private pushCommand(entry: Entry, now: number): boolean {
		const { commands } = entry;
		if (commands.length < this.burstCount) {
			commands.push(now);
			return false;
		}
		// Full ring: the slot at `head` is the oldest of the last `burstCount` commands, about to be overwritten.
		const oldest = commands[entry.head]!;
		commands[entry.head] = now;
		entry.head = (entry.head + 1) % this.burstCount;
		return now - oldest <= this.burstWindowMs;
	}

	private decayed(entry: Entry, now: number): number {
		// A clock that steps backwards (NTP) must not make scores grow.
		const elapsed = Math.max(0, now - entry.at);
		return entry.score * 2 ** (-elapsed / this.halfLifeMs);
	}

	private isForgettable(entry: Entry, score: number, now: number): boolean {
		if (score >= NEGLIGIBLE_SCORE) return false;
		// Recent commands still matter for burst detection even while the score is zero.
		const newest = entry.commands.length ? entry.commands[(entry.head + entry.commands.length - 1) % entry.commands.length]! : -Infinity;
		return now - newest > this.burstWindowMs;
	}

	private sweep(now: number): void {
		let inspected = 0;
		for (const [userId, entry] of this.entries) {
			if (inspected++ >= SWEEP_PER_RECORD) break;
			if (this.isForgettable(entry, this.decayed(entry, now), now)) this.entries.delete(userId);
		}
		while (this.entries.size > this.maxUsers) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}
}

function toLevel(score: number): number {
	return Math.min(MAX_FRUSTRATION_LEVEL, Math.max(0, Math.floor(score)));
}

function positive(value: number, name: string): number {
	if (!Number.isFinite(value) || value <= 0) throw new RangeError(`FrustrationTracker: ${name} must be a positive number (got ${value})`);
	return value;
}
