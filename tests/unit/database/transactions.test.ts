import { openDatabase, type TikaDatabase } from '#core/database/index';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * An interactive transaction keeps to itself on both providers: a statement sent outside it while it is open neither
 * sees its uncommitted rows nor is undone when it rolls back. (SQLite's adapter holds one connection, so Tika makes
 * such statements wait: src/core/database/sqliteTransactions.ts.)
 */
describe.each(['sqlite', 'postgresql'] as const)('interactive transactions on %s', (provider) => {
	let testDb: TestDatabase;
	let db: TikaDatabase;
	beforeAll(async () => {
		testDb = await createTestDatabase(provider);
		db = await openDatabase(testDb.url);
	});
	afterAll(async () => {
		await db.disconnect();
		await testDb.cleanup();
	});

	test('GIVEN a write outside a transaction that then rolls back THEN the outside write is kept and never saw the rolled-back row', async () => {
		let insideWritten!: () => void;
		const written = new Promise<void>((resolve) => (insideWritten = resolve));
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const transaction = db.prisma
			.$transaction(async (tx) => {
				await tx.botAdmin.create({ data: { userId: 'inside', addedBy: 'test' } });
				insideWritten();
				await held;
				throw new Error('changed my mind');
			})
			.catch((error: Error) => error.message);

		await written;
		// Sent while the transaction is open (Prisma's queries are lazy: `then` sends them).
		const outside = db.prisma.botAdmin.create({ data: { userId: 'outside', addedBy: 'test' } }).then((row) => row);
		const seen = db.prisma.botAdmin.findMany({ select: { userId: true } }).then((rows) => rows);
		await new Promise((resolve) => setTimeout(resolve, 50));
		release();

		expect(await transaction).toBe('changed my mind');
		await outside;
		expect((await seen).map((row) => row.userId)).not.toContain('inside');
		expect((await db.prisma.botAdmin.findMany({ select: { userId: true } })).map((row) => row.userId)).toEqual(['outside']);
	});
});
