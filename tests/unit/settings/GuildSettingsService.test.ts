import type { PrismaClient } from '#core/database/index';
import { GuildSettingsService, InvalidSassLevelError } from '#core/settings/GuildSettingsService';

interface Row {
	guildId: string;
	sassLevel: string;
	locale: string | null;
	updatedAt: Date;
}

/** Just the two GuildSettings calls the service makes, over a Map, counting reads. */
function fakePrisma(rows = new Map<string, Row>()) {
	const calls = { findUnique: 0, upsert: 0 };
	const prisma = {
		guildSettings: {
			findUnique: async ({ where }: { where: { guildId: string } }) => {
				calls.findUnique++;
				return rows.get(where.guildId) ?? null;
			},
			upsert: async ({ where, create, update }: { where: { guildId: string }; create: Row; update: Partial<Row> }) => {
				calls.upsert++;
				const row = { ...(rows.get(where.guildId) ?? { ...create, locale: null }), ...update, updatedAt: new Date() };
				rows.set(where.guildId, row);
				return row;
			}
		}
	} as unknown as PrismaClient;
	return { prisma, calls, rows };
}

describe('GuildSettingsService', () => {
	it('GIVEN a guild that never chose THEN its sass level is full, and DMs are full without asking the database', async () => {
		const { prisma, calls } = fakePrisma();
		const settings = new GuildSettingsService(prisma, { ttlMs: 60_000, maxSize: 10 });
		expect(settings.sassLevel(null)).toBe('full');
		expect(calls.findUnique).toBe(0);
		expect(await settings.sassLevel('g1')).toBe('full');
	});

	it('answers synchronously once the guild is cached, and loads it once for concurrent callers', async () => {
		const { prisma, calls } = fakePrisma();
		const settings = new GuildSettingsService(prisma, { ttlMs: 60_000, maxSize: 10 });
		const first = settings.sassLevel('g1');
		const second = settings.sassLevel('g1');
		expect(first).toBeInstanceOf(Promise);
		await Promise.all([first, second]);
		expect(calls.findUnique).toBe(1);
		expect(settings.sassLevel('g1')).toBe('full');
	});

	it('GIVEN an admin sets the sass level THEN it is stored and served from the cache right away', async () => {
		const { prisma, calls, rows } = fakePrisma();
		const logs: string[] = [];
		const settings = new GuildSettingsService(prisma, {
			ttlMs: 60_000,
			maxSize: 10,
			logger: { info: (line) => logs.push(line), warn: () => undefined }
		});
		await settings.setSassLevel('g1', 'off', 'u1');
		expect(rows.get('g1')!.sassLevel).toBe('off');
		expect(settings.sassLevel('g1')).toBe('off');
		expect(calls.findUnique).toBe(0);
		expect(logs).toEqual(['[settings] guild g1: sass level set to off by user u1']);
	});

	it('refuses a level that does not exist', async () => {
		const settings = new GuildSettingsService(fakePrisma().prisma, { ttlMs: 60_000, maxSize: 10 });
		await expect(settings.setSassLevel('g1', 'loud', 'u1')).rejects.toThrow(InvalidSassLevelError);
	});

	it('GIVEN a hand-edited row with an unknown level THEN replies fall back to full and the problem is logged', async () => {
		const rows = new Map([['g1', { guildId: 'g1', sassLevel: 'spicy', locale: null, updatedAt: new Date() }]]);
		const warnings: string[] = [];
		const settings = new GuildSettingsService(fakePrisma(rows).prisma, {
			ttlMs: 60_000,
			maxSize: 10,
			logger: { info: () => undefined, warn: (line) => warnings.push(line) }
		});
		expect(await settings.sassLevel('g1')).toBe('full');
		expect(warnings[0]).toContain('"spicy"');
	});

	it('GIVEN the TTL passed THEN the guild is read again (another shard may have changed it)', async () => {
		let now = 0;
		const { prisma, calls } = fakePrisma();
		const settings = new GuildSettingsService(prisma, { ttlMs: 1_000, maxSize: 10, now: () => now });
		await settings.sassLevel('g1');
		now = 1_500;
		await settings.sassLevel('g1');
		expect(calls.findUnique).toBe(2);
		expect(settings.stats()).toMatchObject({ hits: 0, misses: 2 });
	});
});
