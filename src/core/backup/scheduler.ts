/**
 * Automatic backups every `performance.auto_backup_interval` seconds while the bot runs.
 *
 * A backup is a convenience, not a reason to stop serving Discord: every failure is logged and the
 * next interval tries again. The first backup comes one interval after start (a restart loop must not
 * write, and prune with, a backup per restart), runs never overlap (a slow backup makes the next tick
 * skip instead of piling up), and stop() waits for a running backup so the database is not closed under it.
 */
import { firstLine } from '../database/errors';
import { formatBytes, type BackupResult } from './create';

export interface BackupLogger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

/** The timer functions the scheduler needs; tests inject fakes to fire ticks by hand. */
export interface BackupTimers {
	setInterval(callback: () => void, ms: number): unknown;
	clearInterval(handle: unknown): void;
}

export interface BackupSchedulerOptions {
	intervalMs: number;
	/** Takes one backup (createBackup with its options bound). */
	backup: () => Promise<BackupResult>;
	logger: BackupLogger;
	timers?: BackupTimers;
}

const REAL_TIMERS: BackupTimers = {
	setInterval: (callback, ms) => setInterval(callback, ms).unref(),
	clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout)
};

export class BackupScheduler {
	private handle: unknown = null;
	private running: Promise<void> | null = null;
	private readonly timers: BackupTimers;

	public constructor(private readonly options: BackupSchedulerOptions) {
		if (!(options.intervalMs > 0)) throw new RangeError(`backup interval must be positive (got ${options.intervalMs} ms)`);
		this.timers = options.timers ?? REAL_TIMERS;
	}

	public get started(): boolean {
		return this.handle !== null;
	}

	public start(): this {
		// The real timer is unref'd: a pending backup must never be what keeps a finished process alive.
		this.handle ??= this.timers.setInterval(() => void this.tick(), this.options.intervalMs);
		return this;
	}

	/**
	 * One scheduled run: skipped while the previous one is still going. Resolves when the run ends and
	 * never rejects (a rejection from a timer callback would be an unhandled rejection and end the process).
	 */
	public tick(): Promise<void> {
		if (this.running) {
			this.options.logger.warn('Backup: the previous backup is still running; skipping this one.');
			return this.running;
		}
		const run = this.run().finally(() => {
			this.running = null;
		});
		this.running = run;
		return run;
	}

	/** Stops scheduling and waits for a backup in progress (shutdown hook). */
	public async stop(): Promise<void> {
		if (this.handle !== null) this.timers.clearInterval(this.handle);
		this.handle = null;
		await this.running;
	}

	private async run(): Promise<void> {
		try {
			const result = await this.options.backup();
			const pruned = result.deleted.length ? `; deleted ${result.deleted.length} old backup(s)` : '';
			this.options.logger.info(`Backup: wrote ${result.file} (${formatBytes(result.bytes)}, ${result.ms} ms)${pruned}`);
			if (result.note) this.options.logger.warn(`Backup: ${result.note}.`);
		} catch (error) {
			this.options.logger.error(`Backup failed: ${firstLine(error)}. The bot keeps running; the next backup is in one interval.`);
		}
	}
}
