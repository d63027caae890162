import { container } from '@sapphire/framework';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBackupName } from '#core/backup/index';
import { startTestBot, type TestBot } from '../support/harness';

/** Polls `probe` until it returns something other than undefined. */
async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** What the backup file says about the GuildData row the test wrote, whichever the provider's format. */
function backedUpDocument(file: string): unknown {
	if (file.endsWith('.db')) {
		const snapshot = new Database(file, { readonly: true });
		try {
			const row = snapshot.prepare("SELECT data FROM GuildData WHERE plugin = 'backup_e2e'").get() as { data: string } | undefined;
			return row && JSON.parse(row.data);
		} finally {
			snapshot.close();
		}
	}
	if (file.endsWith('.dump')) {
		// pg_dump's custom format: pg_restore prints the table's rows as COPY text (tab-separated, JSON column as text).
		const sql = execFileSync('pg_restore', ['--data-only', '--table=GuildData', '--file=-', file], { encoding: 'utf8' });
		const line = sql.split('\n').find((row) => row.split('\t')[1] === 'backup_e2e');
		return line && JSON.parse(line.split('\t')[2]!);
	}
	const backup = JSON.parse(readFileSync(file, 'utf8')) as { models: Record<string, { plugin: string; data: unknown }[]> };
	return backup.models.GuildData!.find((row) => row.plugin === 'backup_e2e')?.data;
}

// One bot per file, like every e2e suite: the steps below run in order against it.
describe('automatic backups (performance.auto_backup_interval: 1, TIKA_BACKUP_DIR set)', () => {
	let bot: TestBot;
	let dir: string;
	// The folder does not exist until the first backup creates it.
	const backups = () => (existsSync(dir) ? readdirSync(dir).filter(isBackupName).sort() : []);

	beforeAll(async () => {
		dir = join(mkdtempSync(join(tmpdir(), 'tika-e2e-backups-')), 'backups');
		bot = await startTestBot({
			config: (config) => {
				config.performance.autoBackupInterval = 1;
			},
			env: { backupDir: dir }
		});
		await container.data.setGuildData(bot.guild.id, 'backup_e2e', { written: 'before the backup' });
	});
	afterAll(async () => {
		await bot?.stop();
		rmSync(join(dir, '..'), { recursive: true, force: true });
	});

	test('GIVEN the bot runs THEN a backup holding the data written before it appears in the folder within seconds', async () => {
		// Boot may outlast the first interval, so the first backup can predate the write: wait for one that follows it.
		const name = await until(
			() => backups().find((file) => JSON.stringify(backedUpDocument(join(dir, file))) === JSON.stringify({ written: 'before the backup' })),
			`a backup in ${dir} holding the document`
		);

		// pg_dump is on PATH on these machines: PostgreSQL backups are pg_dump files.
		expect(name).toMatch(bot.databaseUrl.startsWith('file:') ? /\.db$/ : /\.dump$/);
		// The file is renamed into place a moment before the line is logged.
		await until(() => bot.logs.find((line) => line.includes(`Backup: wrote ${join(dir, name)}`)), 'the log line of that backup');
	});

	test('GIVEN the backup folder becomes unusable THEN the failure is logged, the bot keeps answering, and backups resume once it is fixed', async () => {
		// A file where the folder should be: every backup now fails until it is removed.
		rmSync(dir, { recursive: true, force: true });
		writeFileSync(dir, 'not a folder');

		// Every tick from now on fails this way (a backup already running when the folder was swapped may fail otherwise).
		const failure = await until(
			() => bot.logs.find((line) => /Backup failed: Cannot create the backup folder/.test(line)),
			'a logged backup failure'
		);
		expect(failure).toMatch(/ERROR - Backup failed: .*The bot keeps running/);
		const ping = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'ping' });
		expect(await ping.reply()).toBeDefined();

		rmSync(dir, { force: true });
		mkdirSync(dir);
		await until(() => backups()[0], 'a backup after the folder was fixed');
	});
});
