import { XpBuffer } from '../../../src/plugins/progression/lib/buffer';

function fakeDb(rows: { guildId: string; userId: string; xp: number; level: number; messages: number }[] = []) {
	const statements: { sql: string; params: unknown[] }[] = [];
	const finds: string[][] = [];
	const db = {
		$executeRawUnsafe: jest.fn(async (sql: string, ...params: unknown[]) => {
			statements.push({ sql, params });
			return params.length / 6;
		}),
		memberXp: {
			findMany: jest.fn(async ({ where }: { where: { guildId: string; userId: { in: string[] } } }) => {
				finds.push(where.userId.in);
				return rows.filter((row) => row.guildId === where.guildId && where.userId.in.includes(row.userId));
			})
		}
	};
	return { db, statements, finds };
}

describe('XP buffer', () => {
	it('GIVEN 1,200 members changed WHEN the buffer flushes with batches of 500 THEN it writes 3 INSERT … ON CONFLICT statements', async () => {
		const { db, statements, finds } = fakeDb();
		const buffer = new XpBuffer(db as never, { provider: 'sqlite', batchSize: 500 });
		await Promise.all(Array.from({ length: 1200 }, (_, index) => buffer.update('g', `u${index}`, (entry) => (entry.xp += 10))));
		expect(finds).toHaveLength(3); // misses of one turn are loaded together, 500 ids a query
		await buffer.flush();
		expect(statements).toHaveLength(3);
		expect(statements[0]!.sql).toMatch(/^INSERT INTO "MemberXp" .* ON CONFLICT \("guildId", "userId"\) DO UPDATE SET "xp" = excluded."xp"/);
		expect(statements.map((statement) => statement.params.length / 6)).toEqual([500, 500, 200]);
		expect(buffer.dirtyCount).toBe(0);
	});

	it('GIVEN nothing changed since the last flush THEN a flush writes nothing', async () => {
		const { db, statements } = fakeDb();
		const buffer = new XpBuffer(db as never, { provider: 'sqlite' });
		await buffer.update('g', 'u', (entry) => (entry.xp = 5));
		await buffer.flush();
		await buffer.flush();
		expect(statements).toHaveLength(1);
	});

	it('GIVEN a stored row THEN the buffer starts from its XP, and PostgreSQL gets numbered placeholders', async () => {
		const { db, statements } = fakeDb([{ guildId: 'g', userId: 'u', xp: 90, level: 0, messages: 3 }]);
		const buffer = new XpBuffer(db as never, { provider: 'postgresql' });
		const entry = await buffer.update('g', 'u', (current) => {
			current.xp += 20;
			current.messages++;
		});
		expect(entry).toMatchObject({ xp: 110, messages: 4, exists: true });
		await buffer.flush();
		expect(statements[0]!.sql).toContain('($1, $2, $3, $4, $5, $6)');
		expect(statements[0]!.params.slice(0, 5)).toEqual(['g', 'u', 110, 0, 4]);
	});

	it('GIVEN a write fails THEN the entries stay dirty and the next flush retries them', async () => {
		const { db, statements } = fakeDb();
		const buffer = new XpBuffer(db as never, { provider: 'sqlite' });
		await buffer.update('g', 'u', (entry) => (entry.xp = 5));
		db.$executeRawUnsafe.mockRejectedValueOnce(new Error('database is locked'));
		await expect(buffer.flush()).rejects.toThrow('locked');
		expect(buffer.dirtyCount).toBe(1);
		await buffer.flush();
		expect(statements).toHaveLength(1);
		expect(buffer.dirtyCount).toBe(0);
	});
});
