import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploy, status } from '#core/database/migrate';
import { DEFAULT_LAYOUT, migrationNames, migrationsDir, PROVIDER_DIRS, type PrismaLayout } from '#core/database/schema';
import type { DatabaseProvider } from '#core/database/url';
import { createTestDatabase, rawExec, type TestDatabase } from '../../support/database';

const PROVIDERS = ['sqlite', 'postgresql'] as const;

/** A copy of prisma/ so a test can add migrations without touching the repository. */
function copyLayout(): PrismaLayout & { remove(): void } {
	const root = mkdtempSync(join(tmpdir(), 'tika-prisma-'));
	cpSync(DEFAULT_LAYOUT.prismaDir, join(root, 'prisma'), { recursive: true });
	return { prismaDir: join(root, 'prisma'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

function addMigration(layout: PrismaLayout, provider: DatabaseProvider, name: string, sql: string): void {
	const dir = join(migrationsDir(layout, provider), name);
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'migration.sql'), sql);
}

describe.each(PROVIDERS)('migrations on %s', (provider) => {
	let database: TestDatabase;
	beforeEach(async () => {
		database = await createTestDatabase(provider);
	});
	afterEach(() => database.cleanup());

	test('deploy applies every migration to a fresh database, and a second deploy applies nothing', async () => {
		const all = migrationNames(DEFAULT_LAYOUT, provider);
		expect(all.length).toBeGreaterThan(0);
		await expect(deploy(database.url)).resolves.toEqual(all);
		await expect(deploy(database.url)).resolves.toEqual([]);
	});

	test('status lists every migration as pending on a fresh database', async () => {
		const report = await status(database.url);
		expect(report.upToDate).toBe(false);
		expect(report.pending).toEqual(migrationNames(DEFAULT_LAYOUT, provider));
		expect(report.applied).toEqual([]);
		expect(report.drift).toBeUndefined();
	});

	test('status reports up to date, without drift, after deploy', async () => {
		await deploy(database.url);
		const report = await status(database.url);
		expect(report).toMatchObject({ provider, upToDate: true, pending: [], failed: [], edited: [], unknown: [], drift: null });
		expect(report.applied).toEqual(migrationNames(DEFAULT_LAYOUT, provider));
	});

	test('a migration added later shows as pending and the next deploy applies only it', async () => {
		const layout = copyLayout();
		try {
			await deploy(database.url, { layout });
			addMigration(
				layout,
				provider,
				'99990101000000_add_notes',
				'CREATE TABLE "Note" ("id" TEXT NOT NULL PRIMARY KEY, "body" TEXT NOT NULL);\n'
			);
			const before = await status(database.url, { layout });
			expect(before.pending).toEqual(['99990101000000_add_notes']);
			expect(before.upToDate).toBe(false);
			await expect(deploy(database.url, { layout })).resolves.toEqual(['99990101000000_add_notes']);
			await expect(status(database.url, { layout })).resolves.toMatchObject({ upToDate: true, pending: [] });
		} finally {
			layout.remove();
		}
	});

	test('a table created by hand is reported as drift', async () => {
		await deploy(database.url);
		await rawExec(database, 'CREATE TABLE "Intruder" ("id" INTEGER PRIMARY KEY)');
		const report = await status(database.url);
		expect(report.upToDate).toBe(false);
		expect(report.drift).toContain('"Intruder"');
	});

	test('an applied migration edited afterwards is reported by name', async () => {
		const layout = copyLayout();
		try {
			await deploy(database.url, { layout });
			const [first] = migrationNames(layout, provider);
			const file = join(migrationsDir(layout, provider), first!, 'migration.sql');
			writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited\n`);
			const report = await status(database.url, { layout, checkDrift: false });
			expect(report.edited).toEqual([first]);
			expect(report.upToDate).toBe(false);
		} finally {
			layout.remove();
		}
	});

	test('a migration that fails is reported in one line naming the database and the SQL error', async () => {
		const layout = copyLayout();
		try {
			addMigration(layout, provider, '99990101000000_broken', 'CREATE TABLE "GuildSettings" ("x" INTEGER);\n');
			const error = (await deploy(database.url, { layout }).catch((caught: unknown) => caught)) as Error;
			expect(error.name).toBe('DatabaseError');
			expect(error.message).toMatch(/^Applying migrations failed on .*: .*/);
			expect(error.message).not.toContain('\n');
			const report = await status(database.url, { layout, checkDrift: false });
			expect(report.failed).toEqual(['99990101000000_broken']);
		} finally {
			layout.remove();
		}
	});
});

test('both providers have migrations with the same names and a lockfile per provider', () => {
	expect(migrationNames(DEFAULT_LAYOUT, 'sqlite')).toEqual(migrationNames(DEFAULT_LAYOUT, 'postgresql'));
	for (const provider of PROVIDERS) {
		const lock = readFileSync(join(DEFAULT_LAYOUT.prismaDir, PROVIDER_DIRS[provider], 'migrations', 'migration_lock.toml'), 'utf8');
		expect(lock).toContain(`provider = "${provider}"`);
	}
});
