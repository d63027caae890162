import { cpSync, mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '#core/database/index';
import { deploy, isUpToDate } from '#core/database/migrate';
import { DEFAULT_LAYOUT, migrationNames, migrationsDir, type PrismaLayout } from '#core/database/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database';

describe.each(['sqlite', 'postgresql'] as const)('the start-up migration fast path on %s', (provider) => {
	let database: TestDatabase;
	beforeEach(async () => {
		database = await createTestDatabase(provider);
	});
	afterEach(async () => {
		await database.cleanup();
	});

	const check = async (layout: PrismaLayout = DEFAULT_LAYOUT) => {
		const opened = await openDatabase(database.url, { migrate: false });
		try {
			return await isUpToDate((sql) => opened.prisma.$queryRawUnsafe(sql), provider, layout);
		} finally {
			await opened.disconnect();
		}
	};

	it('GIVEN a fresh database THEN it is not up to date (the engine must run)', async () => {
		expect(await check()).toBe(false);
	});

	it('GIVEN every migration applied THEN it is up to date without loading the engine', async () => {
		await deploy(database.url);
		expect(await check()).toBe(true);
	});

	it('GIVEN a migration file edited after it was applied THEN it is not up to date', async () => {
		await deploy(database.url);
		const root = mkdtempSync(join(tmpdir(), 'tika-prisma-'));
		try {
			cpSync(DEFAULT_LAYOUT.prismaDir, join(root, 'prisma'), { recursive: true });
			const layout = { prismaDir: join(root, 'prisma') };
			const first = migrationNames(layout, provider)[0]!;
			appendFileSync(join(migrationsDir(layout, provider), first, 'migration.sql'), '\n-- edited\n');
			expect(await check(layout)).toBe(false);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});

	it('GIVEN an up-to-date database THEN openDatabase still answers queries', async () => {
		await deploy(database.url);
		const opened = await openDatabase(database.url);
		try {
			await expect(opened.prisma.botAdmin.count()).resolves.toBe(0);
		} finally {
			await opened.disconnect();
		}
	});
});
