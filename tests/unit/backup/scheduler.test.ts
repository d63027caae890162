import { BackupScheduler, startAutoBackups, type BackupResult, type BackupTimers } from '#core/backup/index';
import type { TikaDatabase } from '#core/database/index';

/** Timers the test fires by hand: one tick per `fire()`, no real waiting. */
function fakeTimers() {
	const scheduled: { callback: () => void; ms: number; cleared: boolean }[] = [];
	const timers: BackupTimers = {
		setInterval: (callback, ms) => {
			const entry = { callback, ms, cleared: false };
			scheduled.push(entry);
			return entry;
		},
		clearInterval: (handle) => {
			(handle as { cleared: boolean }).cleared = true;
		}
	};
	const fire = () => {
		for (const entry of scheduled) if (!entry.cleared) entry.callback();
	};
	return { timers, scheduled, fire };
}

function logger() {
	return { info: jest.fn<void, [string]>(), warn: jest.fn<void, [string]>(), error: jest.fn<void, [string]>() };
}

/** A backup that finishes only when the test says so. */
function deferredBackup() {
	const pending: { resolve: (result: BackupResult) => void; reject: (error: unknown) => void }[] = [];
	const backup = jest.fn(() => new Promise<BackupResult>((resolve, reject) => pending.push({ resolve, reject })));
	return { backup, pending };
}

const RESULT: BackupResult = { file: '/b/tika-2025-06-01T12-00-00-000Z.db', format: 'sqlite', bytes: 49_357, ms: 12, deleted: [] };
const flushPromises = () => new Promise((resolve) => setImmediate(resolve));

describe('BackupScheduler', () => {
	test('nothing runs at start: the first backup comes one interval later', () => {
		const { timers, scheduled } = fakeTimers();
		const { backup } = deferredBackup();

		new BackupScheduler({ intervalMs: 60_000, backup, logger: logger(), timers }).start();

		expect(backup).not.toHaveBeenCalled();
		expect(scheduled.map((entry) => entry.ms)).toEqual([60_000]);
	});

	test('a tick while a backup is still running is skipped, so runs never overlap', async () => {
		const { timers, fire } = fakeTimers();
		const { backup, pending } = deferredBackup();
		const log = logger();
		new BackupScheduler({ intervalMs: 1000, backup, logger: log, timers }).start();

		fire();
		fire();
		fire();
		expect(backup).toHaveBeenCalledTimes(1);
		expect(log.warn).toHaveBeenCalledTimes(2);

		pending[0]!.resolve(RESULT);
		await flushPromises();
		fire();
		expect(backup).toHaveBeenCalledTimes(2);
	});

	test('a finished backup is logged with its file, size and time', async () => {
		const log = logger();
		const scheduler = new BackupScheduler({
			intervalMs: 1000,
			backup: () => Promise.resolve({ ...RESULT, deleted: ['/b/old.db'] }),
			logger: log
		});

		await scheduler.tick();

		expect(log.info).toHaveBeenCalledWith('Backup: wrote /b/tika-2025-06-01T12-00-00-000Z.db (48.2 KB, 12 ms); deleted 1 old backup(s)');
	});

	test('a failed backup is logged as an error in one line, and the next tick tries again', async () => {
		const { timers, fire } = fakeTimers();
		const { backup, pending } = deferredBackup();
		const log = logger();
		new BackupScheduler({ intervalMs: 1000, backup, logger: log, timers }).start();

		fire();
		pending[0]!.reject(new Error('SQLITE_FULL: database or disk is full\n    at VACUUM'));
		await flushPromises();

		expect(log.error).toHaveBeenCalledWith(
			expect.stringMatching(/^Backup failed: SQLITE_FULL: database or disk is full\. The bot keeps running/)
		);
		fire();
		expect(backup).toHaveBeenCalledTimes(2);
	});

	test('a backup that throws synchronously is logged too, never an unhandled rejection', async () => {
		const log = logger();
		const scheduler = new BackupScheduler({
			intervalMs: 1000,
			backup: () => {
				throw new Error('boom');
			},
			logger: log
		});

		await expect(scheduler.tick()).resolves.toBeUndefined();
		expect(log.error).toHaveBeenCalledWith(expect.stringContaining('Backup failed: boom'));
	});

	test('stop clears the timer and waits for the backup in progress', async () => {
		const { timers, scheduled, fire } = fakeTimers();
		const { backup, pending } = deferredBackup();
		const scheduler = new BackupScheduler({ intervalMs: 1000, backup, logger: logger(), timers }).start();
		fire();

		let stopped = false;
		const stopping = scheduler.stop().then(() => (stopped = true));
		await flushPromises();
		expect(scheduled[0]!.cleared).toBe(true);
		expect(stopped).toBe(false);

		pending[0]!.resolve(RESULT);
		await stopping;
		expect(stopped).toBe(true);
		expect(scheduler.started).toBe(false);
	});

	test('the real timer is unref’d so a pending backup never keeps the process alive', async () => {
		const scheduler = new BackupScheduler({ intervalMs: 3_600_000, backup: () => Promise.resolve(RESULT), logger: logger() }).start();
		const handle = (scheduler as unknown as { handle: NodeJS.Timeout }).handle;

		expect(handle.hasRef()).toBe(false);
		await scheduler.stop();
	});
});

describe('startAutoBackups', () => {
	const database = { provider: 'sqlite', url: 'file:/nowhere/tika.db' } as TikaDatabase;

	test('an interval of 0 starts nothing and registers no shutdown hook', () => {
		const lifecycle = { onShutdown: jest.fn() };

		expect(startAutoBackups(database, { intervalSeconds: 0, logger: logger(), lifecycle })).toBeNull();
		expect(lifecycle.onShutdown).not.toHaveBeenCalled();
	});

	test('a positive interval schedules backups in seconds and stops them on shutdown', async () => {
		const { timers, scheduled } = fakeTimers();
		const lifecycle = { onShutdown: jest.fn<() => void, [string, () => unknown]>() };

		const scheduler = startAutoBackups(database, { intervalSeconds: 3600, logger: logger(), lifecycle, timers });

		expect(scheduled.map((entry) => entry.ms)).toEqual([3_600_000]);
		expect(lifecycle.onShutdown).toHaveBeenCalledWith('backups', expect.any(Function));
		await lifecycle.onShutdown.mock.calls[0]![1]();
		expect(scheduler!.started).toBe(false);
	});
});
