import { DataManager } from '#core/database/DataManager';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const GUILD = '123456789012345678';
const OTHER_GUILD = '223456789012345678';
const USER = '323456789012345678';

describe.each(['sqlite', 'postgresql'] as const)('DataManager on %s', (provider) => {
	let testDb: TestDatabase;
	let db: TikaDatabase;
	let clock: { now: number };
	let data: DataManager;
	let queries: number;

	beforeAll(async () => {
		testDb = await createTestDatabase(provider);
		db = await openDatabase(testDb.url);
	});
	afterAll(async () => {
		await db.disconnect();
		await testDb.cleanup();
	});
	beforeEach(async () => {
		await db.prisma.guildData.deleteMany();
		await db.prisma.userData.deleteMany();
		clock = { now: 1_000_000 };
		queries = 0;
		// Count the database reads the manager makes, to tell cache hits from misses.
		const prisma = db.prisma.$extends({
			query: {
				$allOperations({ args, query, operation }) {
					if (operation === 'findUnique') queries++;
					return query(args);
				}
			}
		}) as unknown as TikaDatabase['prisma'];
		data = new DataManager(prisma, { ttlSeconds: 60, maxSize: 100, now: () => clock.now });
	});

	test('a guild without data reads as a copy of the fallback, and the miss is cached', async () => {
		const fallback = { xp: 0 };
		const first = await data.getGuildData(GUILD, 'levels', fallback);
		first.xp = 99;
		expect(await data.getGuildData(GUILD, 'levels', fallback)).toEqual({ xp: 0 });
		expect(queries).toBe(1);
		expect(data.cacheStats()).toMatchObject({ hits: 1, misses: 1 });
	});

	test('writes go to the database and the cache, so the next read needs no query', async () => {
		await data.setGuildData(GUILD, 'levels', { xp: 10, roles: ['a'] });
		expect(await data.getGuildData(GUILD, 'levels', {})).toEqual({ xp: 10, roles: ['a'] });
		expect(queries).toBe(0);
		const row = await db.prisma.guildData.findUniqueOrThrow({ where: { guildId_plugin: { guildId: GUILD, plugin: 'levels' } } });
		expect(row.data).toEqual({ xp: 10, roles: ['a'] });
	});

	test('a cached document expires after cache_ttl seconds and is read again from the database', async () => {
		await data.setGuildData(GUILD, 'levels', { xp: 1 });
		// Another process changes the row behind this manager's back.
		await db.prisma.guildData.update({ where: { guildId_plugin: { guildId: GUILD, plugin: 'levels' } }, data: { data: { xp: 2 } } });
		clock.now += 59_999;
		expect(await data.getGuildData(GUILD, 'levels', {})).toEqual({ xp: 1 });
		clock.now += 1;
		expect(await data.getGuildData(GUILD, 'levels', {})).toEqual({ xp: 2 });
		expect(queries).toBe(1);
	});

	test('mutating a returned document does not change the cached copy', async () => {
		await data.setGuildData(GUILD, 'levels', { xp: 1 });
		const doc = await data.getGuildData<{ xp: number }>(GUILD, 'levels', { xp: 0 });
		doc.xp = 500;
		expect(await data.getGuildData(GUILD, 'levels', { xp: 0 })).toEqual({ xp: 1 });
	});

	test('the read-only view is the cached document itself, synchronous once cached, frozen, and follows writes', async () => {
		const fallback = Object.freeze({ xp: 0, roles: Object.freeze([] as string[]) });
		// Not cached yet: a promise (one query), then the fallback itself for a guild without data.
		const loading = data.viewGuildData(GUILD, 'levels', fallback);
		expect(loading).toBeInstanceOf(Promise);
		expect(await loading).toBe(fallback);
		expect(data.viewGuildData(GUILD, 'levels', fallback)).toBe(fallback);
		expect(queries).toBe(1);

		await data.setGuildData(GUILD, 'levels', { xp: 5, roles: ['a'] });
		const view = data.viewGuildData(GUILD, 'levels', fallback) as { xp: number; roles: string[] };
		expect(view).toEqual({ xp: 5, roles: ['a'] });
		// The same object for every reader until the next write: no clone per message.
		expect(data.viewGuildData(GUILD, 'levels', fallback)).toBe(view);
		expect(queries).toBe(1);
		// Frozen all the way down: a reader cannot change what the others see.
		expect(() => {
			view.xp = 6;
		}).toThrow(/read.only/);
		expect(() => view.roles.push('b')).toThrow(/not extensible/);
		// The cloning reads still hand out copies the caller may change.
		const copy = await data.getGuildData<{ xp: number; roles: string[] }>(GUILD, 'levels', { xp: 0, roles: [] });
		copy.roles.push('b');
		expect(data.viewGuildData(GUILD, 'levels', fallback)).toEqual({ xp: 5, roles: ['a'] });

		await data.updateGuildData<{ xp: number; roles: string[] }>(GUILD, 'levels', (current) => ({ ...current!, xp: 7 }));
		expect(data.viewGuildData(GUILD, 'levels', fallback)).toEqual({ xp: 7, roles: ['a'] });
	});

	test('concurrent updates of one document are applied one after another, none lost', async () => {
		await Promise.all(
			Array.from({ length: 20 }, () =>
				data.updateGuildData<{ count: number }>(GUILD, 'counter', (current) => ({ count: (current?.count ?? 0) + 1 }))
			)
		);
		expect(await data.getGuildData(GUILD, 'counter', { count: 0 })).toEqual({ count: 20 });
	});

	test('user documents are kept apart from guild documents and per plugin', async () => {
		await data.setUserData(USER, 'profile', { bio: 'hi' });
		await data.updateUserData<{ bio: string; badges?: string[] }>(USER, 'profile', (current) => ({ ...current!, badges: ['early'] }));
		expect(await data.getUserData(USER, 'profile', {})).toEqual({ bio: 'hi', badges: ['early'] });
		expect(await data.getUserData(USER, 'economy', { coins: 0 })).toEqual({ coins: 0 });
		expect(await data.getGuildData(USER, 'profile', null)).toBeNull();
	});

	test('deleteGuild removes the guild from the database and the cache, other guilds stay', async () => {
		await data.setGuildData(GUILD, 'levels', { xp: 1 });
		await data.setGuildData(GUILD, 'welcome', { on: true });
		await data.setGuildData(OTHER_GUILD, 'levels', { xp: 7 });
		await db.prisma.guildSettings.create({ data: { guildId: GUILD } });
		await data.deleteGuild(GUILD);
		expect(await data.getGuildData(GUILD, 'levels', 'none')).toBe('none');
		expect(await data.getGuildData(OTHER_GUILD, 'levels', {})).toEqual({ xp: 7 });
		expect(await db.prisma.guildData.count({ where: { guildId: GUILD } })).toBe(0);
		expect(await db.prisma.guildSettings.count({ where: { guildId: GUILD } })).toBe(0);
	});

	test('undefined is refused as a document instead of being stored as nothing', async () => {
		await expect(data.setGuildData(GUILD, 'levels', undefined)).rejects.toThrow('DataManager documents must be JSON values');
	});
});

test('a cache_ttl of 0 disables caching: every read queries the database', async () => {
	const testDb = await createTestDatabase('sqlite');
	const db = await openDatabase(testDb.url);
	try {
		const data = new DataManager(db.prisma, { ttlSeconds: 0, maxSize: 100 });
		await data.setGuildData(GUILD, 'levels', { xp: 1 });
		await data.getGuildData(GUILD, 'levels', {});
		await data.getGuildData(GUILD, 'levels', {});
		expect(data.cacheStats()).toMatchObject({ hits: 0, misses: 2, size: 0 });
	} finally {
		await db.disconnect();
		await testDb.cleanup();
	}
});
