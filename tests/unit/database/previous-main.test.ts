import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { status } from '#core/database/migrate';
import { createTestDatabase, rawExec, type TestDatabase } from '../../support/database';

/**
 * Models moved out of prisma/models.prisma into each plugin's own models.prisma. The joined schema must describe the
 * very same database, so a bot that upgrades keeps every row: these dumps were taken from a database that the previous
 * main created and filled (see the fixture's header), and the current code must take them over as they are.
 */
const FIXTURES = join(__dirname, '../../support/fixtures/previous-main');
const GUILD = '100000000000000001';
const USER = '200000000000000001';

describe.each([
	['sqlite', 'sqlite.sql'],
	['postgresql', 'postgres.sql']
] as const)('a %s database created by the previous main', (provider, dump) => {
	let target: TestDatabase;
	let database: TikaDatabase | undefined;
	beforeEach(async () => {
		target = await createTestDatabase(provider);
		await rawExec(target, readFileSync(join(FIXTURES, dump), 'utf8'));
	});
	afterEach(async () => {
		await database?.disconnect();
		database = undefined;
		await target.cleanup();
	});

	test('GIVEN the upgrade THEN the bot starts on it with no migration to repeat, no drift and every row intact', async () => {
		database = await openDatabase(target.url, { migrate: true });
		const prisma = database.prisma;

		// Core tables.
		await expect(prisma.guildSettings.findUnique({ where: { guildId: GUILD } })).resolves.toMatchObject({
			sassLevel: 'mild',
			data: { note: 'kept' }
		});
		await expect(prisma.featureOverride.count({ where: { guildId: GUILD, enabled: false } })).resolves.toBe(1);
		await expect(prisma.guildData.findUnique({ where: { guildId_plugin: { guildId: GUILD, plugin: 'progression' } } })).resolves.toMatchObject({
			data: { announce: 'dm', cooldown: 30 }
		});
		// Plugin tables, now declared in src/plugins/<name>/models.prisma.
		await expect(prisma.memberXp.findUnique({ where: { guildId_userId: { guildId: GUILD, userId: USER } } })).resolves.toMatchObject({
			xp: 12345,
			level: 7,
			messages: 321
		});
		await expect(prisma.userProfile.findUnique({ where: { userId: USER } })).resolves.toMatchObject({
			bio: 'Héllo 世界 👋',
			accentColor: 0xff66aa
		});
		await expect(prisma.customRole.findFirst({ where: { guildId: GUILD } })).resolves.toMatchObject({ name: 'Sparkle', color: 0x123456 });
		await expect(prisma.gameStat.findFirst({ where: { guildId: GUILD } })).resolves.toMatchObject({
			game: 'connect4',
			wins: 3,
			losses: 2,
			draws: 1
		});
		await expect(prisma.wordChainWord.count({ where: { channelId: '400000000000000001' } })).resolves.toBe(1);
		await expect(prisma.detention.findFirst({ where: { guildId: GUILD } })).resolves.toMatchObject({
			savedRoles: ['300000000000000003'],
			releaseAt: new Date('2026-12-31T00:00:00.000Z'),
			releasedAt: null
		});
		await expect(prisma.modCase.findFirst({ where: { guildId: GUILD } })).resolves.toMatchObject({ number: 2, details: { roles: ['1'] } });
		await expect(prisma.wordFilterRule.findFirst({ where: { guildId: GUILD } })).resolves.toMatchObject({ pattern: 'b[a4]d', match: 'regex' });
		await expect(prisma.channelActivity.findFirst({ where: { guildId: GUILD } })).resolves.toMatchObject({ messages: 99 });

		// New rows still work next to the old ones (sequences and defaults survived).
		await expect(prisma.detention.create({ data: { guildId: GUILD, userId: '2', moderatorId: USER, savedRoles: [] } })).resolves.toMatchObject({
			id: 2
		});
		await database.disconnect();
		database = undefined;

		const report = await status(target.url);
		expect(report).toMatchObject({ pending: [], failed: [], edited: [], unknown: [], drift: null, upToDate: true });
	});
});
