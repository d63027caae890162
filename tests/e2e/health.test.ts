import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deploy } from '#core/database/index';
import { REPO_ROOT } from '../support/process';

/** Every migration shipped for SQLite (a folder each); a fresh database has them all pending, a deployed one all applied. */
const MIGRATIONS = readdirSync(join(REPO_ROOT, 'prisma/sqlite/migrations'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;

function health(env: Record<string, string>) {
	const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', resolve(REPO_ROOT, 'scripts/health-check.ts')], {
		cwd: REPO_ROOT,
		env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TIKA_CONFIG: resolve(REPO_ROOT, 'config.yml'), ...env },
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

	it('GIVEN an unreachable PostgreSQL THEN the database check fails without showing the password', () => {
		const { code, lines } = health({ DISCORD_TOKEN: 'token', DATABASE_URL: 'postgresql://tika:hunter2@127.0.0.1:1/tika' });
		expect(code).toBe(1);
		expect(lines).toContainEqual(expect.stringMatching(/^✗ database: .*127\.0\.0\.1:1/));
		expect(lines.join('\n')).not.toContain('hunter2');
	}, 40_000);
});
