/**
 * Database backups: `createBackup` (one now; also `npm run db:backup`) and the automatic ones
 * `startTika` schedules from config.yml's `performance.auto_backup_interval`.
 */
import type { TikaDatabase } from '../database/index';
import type { Lifecycle } from '../lifecycle';
import { createBackup, type BackupOptions } from './create';
import { BackupScheduler, type BackupLogger, type BackupTimers } from './scheduler';

export {
	BACKUP_EXTENSIONS,
	backupFileName,
	createBackup,
	defaultBackupDirectory,
	DEFAULT_BACKUP_KEEP,
	formatBytes,
	isBackupName,
	modelNames,
	pruneBackups,
	type BackupFormat,
	type BackupOptions,
	type BackupResult
} from './create';
export {
	BackupFileError,
	countRows,
	describeBackup,
	restoreBackup,
	verifyBackup,
	type BackupInfo,
	type RestoreOptions,
	type RestoreResult
} from './restore';
export { BackupScheduler, type BackupLogger, type BackupSchedulerOptions, type BackupTimers } from './scheduler';

export interface AutoBackupOptions extends Pick<BackupOptions, 'directory' | 'keep' | 'rawUrl'> {
	/** performance.auto_backup_interval, in seconds; 0 turns automatic backups off. */
	intervalSeconds: number;
	logger: BackupLogger;
	/** Where the scheduler's stop is registered, so shutdown waits for a backup in progress. */
	lifecycle: Pick<Lifecycle, 'onShutdown'>;
	timers?: BackupTimers;
}

/** Starts automatic backups of `database`, or does nothing (null) when the interval is 0. */
export function startAutoBackups(database: TikaDatabase, options: AutoBackupOptions): BackupScheduler | null {
	if (options.intervalSeconds <= 0) return null;
	const backupOptions: BackupOptions = {
		...(options.directory ? { directory: options.directory } : {}),
		...(options.keep ? { keep: options.keep } : {}),
		...(options.rawUrl ? { rawUrl: options.rawUrl } : {})
	};
	const scheduler = new BackupScheduler({
		intervalMs: options.intervalSeconds * 1000,
		backup: () => createBackup(database, backupOptions),
		logger: options.logger,
		...(options.timers ? { timers: options.timers } : {})
	}).start();
	options.lifecycle.onShutdown('backups', () => scheduler.stop());
	return scheduler;
}
