import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deploy } from '#core/database/index';
import { REPO_ROOT } from '../support/process';

/** Every migration shipped for SQLite (a folder each); a fresh database has them all pending, a deployed one all applied. */
const MIGRATIONS = readdirSync(join(REPO_ROOT, 'prisma/sqlite/migrations'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;

function health(env: Record<string, string>, { cwd = REPO_ROOT, args = [] as string[] } = {}) {
	const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), resolve(REPO_ROOT, 'scripts/health-check.ts'), ...args], {
		cwd,
		env: {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? '/tmp',
			// tsx finds the subpath imports (#core/*) through the tsconfig, which it looks up from the working directory.
			TSX_TSCONFIG_PATH: resolve(REPO_ROOT, 'tsconfig.json'),
			TIKA_CONFIG: resolve(REPO_ROOT, 'config.yml'),
			...env
		},
		encoding: 'utf8',
		timeout: 30_000
	});
	return { code: result.status, lines: result.stdout.trim().split('\n') };
}

describe('npm run health', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-health-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('GIVEN a token, a valid config and a migrated database THEN every check passes and it exits 0', async () => {
		const url = `file:${join(dir, 'ok.db')}`;
		await deploy(url);
		const { code, lines } = health({ DISCORD_TOKEN: 'token', DATABASE_URL: url });
		expect(lines).toEqual([
			expect.stringMatching(/^✓ environment: /),
			'✓ token: DISCORD_TOKEN is set',
			expect.stringMatching(/^✓ config: .*config\.yml is valid/),
			expect.stringMatching(/^✓ database: sqlite at file:.*ok\.db answers$/),
			`✓ migrations: up to date (${MIGRATIONS} applied)`
		]);
		expect(code).toBe(0);
	}, 40_000);

	it('GIVEN no token, a broken config and an unmigrated database THEN each failing check says why and it exits 1', () => {
		// An empty SQLite file: a database that exists but was never migrated.
		new Database(join(dir, 'fresh.db')).close();
		const config = join(dir, 'bad.yml');
		writeFileSync(config, 'bot:\n  prefixx: "!"\n');
		const { code, lines } = health({ DATABASE_URL: `file:${join(dir, 'fresh.db')}`, TIKA_CONFIG: config });
		expect(code).toBe(1);
		expect(lines).toContainEqual(expect.stringMatching(/^✗ token: DISCORD_TOKEN is not set/));
		expect(lines).toContainEqual(expect.stringMatching(/^✗ config: .*unknown key bot\.prefixx/));
		writeFileSync(config, 'plugins:\n  settings:\n    progresion:\n      x: 1\n');
		expect(health({ DATABASE_URL: `file:${join(dir, 'fresh.db')}`, TIKA_CONFIG: config }).lines).toContainEqual(
			expect.stringMatching(/^✗ config: .*unknown plugin section plugins\.settings\.progresion \(did you mean progression\?\)/)
		);
		expect(lines).toContainEqual(
			expect.stringMatching(new RegExp(`^✗ migrations: ${MIGRATIONS} pending migration\\(s\\) .*Run npm run db:migrate`))
		);
	}, 40_000);

	it('GIVEN a clean clone (no data/ folder) THEN the database check fails with a hint and nothing is created', () => {
		const clone = mkdtempSync(join(tmpdir(), 'tika-health-clone-'));
		try {
			// The default DATABASE_URL (file:./data/tika.db) resolved against a working directory with no data/ at all.
			const { code, lines } = health({ DISCORD_TOKEN: 'token' }, { cwd: clone });
			expect(code).toBe(1);
			expect(lines).toContainEqual(
				`✗ database: no SQLite database at ${join(clone, 'data/tika.db')}. Check DATABASE_URL (a typo points at a file that does not exist), or create it with npm run db:migrate (npm start does too)`
			);
			expect(lines).toContainEqual('✗ migrations: not checked (no database)');
			expect(existsSync(join(clone, 'data'))).toBe(false);
			expect(readdirSync(clone)).toEqual([]);
		} finally {
			rmSync(clone, { recursive: true, force: true });
		}
	}, 40_000);

	it('GIVEN an existing database THEN the health check leaves its bytes as they were', async () => {
		const url = `file:${join(dir, 'untouched.db')}`;
		await deploy(url);
		const before = readFileSync(join(dir, 'untouched.db'));
		expect(health({ DISCORD_TOKEN: 'token', DATABASE_URL: url }).code).toBe(0);
		expect(readFileSync(join(dir, 'untouched.db')).equals(before)).toBe(true);
	}, 40_000);

	it('GIVEN --help THEN it prints its usage and exits 0 without checking anything', () => {
		const { code, lines } = health({ DATABASE_URL: `file:${join(dir, 'never.db')}` }, { args: ['--help'] });
		expect(code).toBe(0);
		expect(lines[0]).toBe('Usage: npm run health');
		expect(existsSync(join(dir, 'never.db'))).toBe(false);
	});

	it('GIVEN an unreachable PostgreSQL THEN the database check fails without showing the password', () => {
		const { code, lines } = health({ DISCORD_TOKEN: 'token', DATABASE_URL: 'postgresql://tika:hunter2@127.0.0.1:1/tika' });
		expect(code).toBe(1);
		expect(lines).toContainEqual(expect.stringMatching(/^✗ database: .*127\.0\.0\.1:1/));
		expect(lines.join('\n')).not.toContain('hunter2');
	}, 40_000);
});
