/**
 * "Is a Tika running on this database?" Each process writes a row in `TikaProcess` at start, refreshes its `seenAt`
 * every {@link HEARTBEAT_INTERVAL_MS} while it runs and deletes it when it stops. Tools that replace data
 * (`npm run db:restore`, `npm run migrate-old-data`) refuse while a row is fresh.
 *
 * Why a row rather than a pid file or the server's connection list: it works the same on SQLite and PostgreSQL, across
 * machines (several shards on several hosts share one PostgreSQL database), and a process that crashed stops
 * refreshing, so its row goes stale after {@link HEARTBEAT_STALE_MS} and no longer blocks anyone. A process frozen
 * for longer than that (SIGSTOP, a debugger) would look stopped: stop Tika properly before restoring.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { firstLine } from './errors';
import type { PrismaClient } from './index';

export const HEARTBEAT_INTERVAL_MS = 15_000;
/** Four missed refreshes: long enough for a slow disk or a busy event loop, short enough to restore soon after a crash. */
export const HEARTBEAT_STALE_MS = 4 * HEARTBEAT_INTERVAL_MS;

export interface RunningProcess {
	id: string;
	host: string;
	pid: number;
	startedAt: Date;
	seenAt: Date;
}

export interface Heartbeat {
	readonly id: string;
	/** Stops refreshing and deletes the row (the process no longer counts as running). Never throws. */
	stop(): Promise<void>;
}

export interface HeartbeatOptions {
	intervalMs?: number;
	now?: () => Date;
	/** Told when a refresh fails (the bot keeps running; the next refresh tries again). */
	onError?: (message: string) => void;
}

/** Writes this process's row and keeps it fresh until `stop()`. */
export async function startHeartbeat(prisma: PrismaClient, options: HeartbeatOptions = {}): Promise<Heartbeat> {
	const now = options.now ?? (() => new Date());
	const id = randomUUID();
	const startedAt = now();
	await prisma.tikaProcess.create({ data: { id, host: hostname(), pid: process.pid, startedAt, seenAt: startedAt } });
	const refresh = () =>
		prisma.tikaProcess
			.upsert({ where: { id }, create: { id, host: hostname(), pid: process.pid, startedAt, seenAt: now() }, update: { seenAt: now() } })
			.then(
				() => undefined,
				(error: unknown) => options.onError?.(`Heartbeat: could not refresh this process's row (${firstLine(error)}); trying again.`)
			);
	let pending: Promise<void> = Promise.resolve();
	// unref: the heartbeat must never be what keeps a finished process alive.
	const timer = setInterval(() => {
		pending = refresh();
	}, options.intervalMs ?? HEARTBEAT_INTERVAL_MS).unref();
	let stopped = false;
	return {
		id,
		async stop() {
			if (stopped) return;
			stopped = true;
			clearInterval(timer);
			await pending;
			await prisma.tikaProcess.deleteMany({ where: { id } }).catch(() => undefined);
		}
	};
}

/**
 * The processes whose heartbeat is fresh: seen within {@link HEARTBEAT_STALE_MS}. An empty list when the table does
 * not exist yet (a database from before heartbeats, or an empty one): nothing can be running on it.
 */
export async function runningProcesses(prisma: PrismaClient, now = new Date(), staleAfterMs = HEARTBEAT_STALE_MS): Promise<RunningProcess[]> {
	try {
		return await prisma.tikaProcess.findMany({
			where: { seenAt: { gt: new Date(now.getTime() - staleAfterMs) } },
			orderBy: { startedAt: 'asc' }
		});
	} catch (error) {
		// P2021: the table does not exist.
		if ((error as { code?: string }).code === 'P2021') return [];
		throw error;
	}
}

/** "pid 4242 on host-a (seen 3 s ago)", for refusals. */
export function describeProcesses(processes: readonly RunningProcess[], now = new Date()): string {
	return processes
		.map((row) => `pid ${row.pid} on ${row.host} (seen ${Math.max(0, Math.round((now.getTime() - row.seenAt.getTime()) / 1000))} s ago)`)
		.join(', ');
}
