import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '#core/database/index';
import { parseEnv } from '#core/env';

const REPO_ROOT = resolve(__dirname, '../../..');

/** `npm run db:backup -- <args>` without npm: the same script, from the repo root, in a clean environment. */
function dbBackup(env: Record<string, string>, ...args: string[]) {
	const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'scripts/db/backup.ts', ...args], {
		cwd: REPO_ROOT,
		// A clean environment; an empty TIKA_BACKUP_DIR also shadows one a developer's .env might set.
		env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TIKA_BACKUP_DIR: '', ...env },
		encoding: 'utf8',
		timeout: 30_000
	});
	return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

describe('npm run db:backup', () => {
	let dir: string;
	let url: string;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'tika-backup-cli-'));
		url = pathToFileURL(join(dir, 'tika.db')).href;
		const db = await openDatabase(url);
		await db.prisma.botAdmin.create({ data: { userId: '123456789012345678', addedBy: 'cli test' } });
		await db.disconnect();
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	test('GIVEN a SQLite database THEN it prints one line naming the database, the snapshot, its size and time', () => {
		const run = dbBackup({ DATABASE_URL: url });

		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(
			new RegExp(`^Backed up ${url} to ${join(dir, 'backups')}/tika-[\\dTZ-]+\\.db \\(\\d+(\\.\\d)? (B|KB|MB), \\d+ ms\\)$`)
		);
	});

	test('GIVEN --json --dir --keep THEN the JSON snapshot goes to that folder and only the newest are kept', () => {
		const out = join(dir, 'out');
		for (let i = 0; i < 3; i++) expect(dbBackup({ DATABASE_URL: url }, '--json', '--dir', out, '--keep', '2').code).toBe(0);

		expect(readdirSync(out).filter((name) => name.endsWith('.json'))).toHaveLength(2);
	});

	test('GIVEN TIKA_BACKUP_DIR THEN backups go there', () => {
		const out = join(dir, 'from-env');

		expect(dbBackup({ DATABASE_URL: url, TIKA_BACKUP_DIR: out }).code).toBe(0);
		expect(readdirSync(out)).toHaveLength(1);
	});

	test.each([
		[['--keep', '0'], /^db:backup: --keep must be a whole number of backups, at least 1 \(got "0"\)/],
		[['--bogus'], /^db:backup: Unknown option '--bogus'/]
	])('GIVEN %j THEN it exits 1 with one line saying why', (args, message) => {
		const run = dbBackup({ DATABASE_URL: url }, ...args);

		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(message);
		expect(run.stderr.split('\n')).toHaveLength(1);
	});

	test('GIVEN a SQLite path with no database THEN it exits 1 instead of creating and backing up an empty one', () => {
		const missing = join(dir, 'nope', 'tika.db');
		const run = dbBackup({ DATABASE_URL: pathToFileURL(missing).href });

		expect(run.code).toBe(1);
		expect(run.stderr).toBe(`db:backup: no SQLite database at ${missing}. Check DATABASE_URL (or run the bot once to create it).`);
		expect(existsSync(missing)).toBe(false);
	});

	test('GIVEN an unreachable PostgreSQL server THEN it exits 1 with the database layer’s one-line reason', () => {
		const run = dbBackup({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/tika' });

		expect(run.code).toBe(1);
		expect(run.stderr).toBe('db:backup: Cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED). Is the server running? Check DATABASE_URL.');
	});
});

describe('TIKA_BACKUP_DIR', () => {
	test('is read trimmed, and empty means the default folder', () => {
		expect(parseEnv({ TIKA_BACKUP_DIR: ' /srv/tika/backups ' }, { requireToken: false }).backupDir).toBe('/srv/tika/backups');
		expect(parseEnv({ TIKA_BACKUP_DIR: '' }, { requireToken: false }).backupDir).toBeUndefined();
	});
});
