/**
 * Frustration shared between shards through a Redis stream.
 *
 * Tika reads a user's frustration synchronously, while she words a reply, so every process keeps its own
 * FrustrationTracker and they are kept in step: each thing a user does is appended to one stream (`XADD`), and every
 * process reads the stream (`XREAD BLOCK`) and applies what the others recorded. A process that starts (a respawned
 * shard) first replays the last ten minutes, which is longer than any score lasts (it halves every minute and is
 * capped at 6), so it knows the same users as the others. The stream is trimmed to that window as it is written.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { FrustrationEvent, FrustrationKind, FrustrationTracker } from '#shared/personality/FrustrationTracker';
import type { SharedState } from './redis';

/** How far back a starting process replays, and what the stream keeps. */
export const FRUSTRATION_WINDOW_MS = 10 * 60_000;
const KINDS: readonly FrustrationKind[] = ['command', 'failure', 'cooldown'];
const BLOCK_MS = 1_000;

type StreamEntry = [id: string, fields: string[]];

export class FrustrationSync {
	/** Names this process in the stream, so it skips its own events (they were applied when recorded). */
	public readonly origin = randomBytes(6).toString('hex');
	readonly #shared: SharedState;
	readonly #tracker: FrustrationTracker;
	readonly #key: string;
	#reader: Redis | null = null;
	#lastId = '0';
	#loop: Promise<void> | null = null;
	#running = false;
	/** Events applied from other processes (tests read it). */
	public applied = 0;

	public constructor(shared: SharedState, tracker: FrustrationTracker) {
		this.#shared = shared;
		this.#tracker = tracker;
		this.#key = shared.key('frustration');
	}

	/** Replays the recent past, then follows the stream; every local record is published from now on. */
	public async start(): Promise<void> {
		this.#running = true;
		this.#reader = this.#shared.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
		this.#reader.on('error', () => undefined);
		const since = String(Date.now() - FRUSTRATION_WINDOW_MS);
		const recent = (await this.#shared.redis.xrange(this.#key, since, '+')) as StreamEntry[];
		this.#applyAll(recent);
		// From the last event replayed (or the start of the window): nothing written meanwhile is missed.
		this.#lastId = recent.at(-1)?.[0] ?? since;
		this.#tracker.onRecord = (event) => this.#publish(event);
		this.#loop = this.#follow();
	}

	public async stop(): Promise<void> {
		this.#running = false;
		if (this.#tracker.onRecord) this.#tracker.onRecord = null;
		// Ends the blocked XREAD at once.
		this.#reader?.disconnect();
		await this.#loop;
		this.#reader = null;
	}

	#publish(event: FrustrationEvent): void {
		const minId = String(event.at - FRUSTRATION_WINDOW_MS);
		this.#shared.redis
			.xadd(
				this.#key,
				'MINID',
				'~',
				minId,
				'*',
				'o',
				this.origin,
				'u',
				event.userId,
				'k',
				event.kind,
				'c',
				event.command ?? '',
				't',
				String(event.at)
			)
			.catch((error: Error) => this.#shared.warn(`could not share a frustration event: ${error.message}`));
	}

	async #follow(): Promise<void> {
		while (this.#running && this.#reader) {
			try {
				const answer = (await this.#reader.xread('BLOCK', BLOCK_MS, 'STREAMS', this.#key, this.#lastId)) as [string, StreamEntry[]][] | null;
				const entries = answer?.[0]?.[1] ?? [];
				if (entries.length) this.#lastId = entries.at(-1)![0];
				this.#applyAll(entries);
			} catch (error) {
				if (!this.#running) return;
				this.#shared.warn(`could not read shared frustration: ${(error as Error).message}`);
				await new Promise((resolve) => setTimeout(resolve, BLOCK_MS));
			}
		}
	}

	#applyAll(entries: StreamEntry[]): void {
		for (const [, fields] of entries) {
			const event = parseEvent(fields);
			if (!event || event.origin === this.origin) continue;
			this.#tracker.apply(event);
			this.applied++;
		}
	}
}

function parseEvent(fields: string[]): (FrustrationEvent & { origin: string }) | null {
	const map = new Map<string, string>();
	for (let index = 0; index + 1 < fields.length; index += 2) map.set(fields[index]!, fields[index + 1]!);
	const kind = KINDS.find((name) => name === map.get('k'));
	const at = Number(map.get('t'));
	const userId = map.get('u');
	if (!kind || !userId || !Number.isFinite(at)) return null;
	const command = map.get('c');
	return { origin: map.get('o') ?? '', userId, kind, at, ...(command ? { command } : {}) };
}
