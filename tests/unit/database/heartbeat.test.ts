import { openDatabase, type TikaDatabase } from '#core/database/index';
import { describeProcesses, HEARTBEAT_STALE_MS, runningProcesses, startHeartbeat } from '#core/database/heartbeat';
import { createTestDatabase, rawExec, type TestDatabase } from '../../support/database';

describe('the running-process heartbeat', () => {
	let testDb: TestDatabase;
	let db: TikaDatabase;
	beforeAll(async () => {
		testDb = await createTestDatabase();
		db = await openDatabase(testDb.url);
	});
	afterAll(async () => {
		await db?.disconnect();
		await testDb?.cleanup();
	});

	it('GIVEN a started heartbeat THEN the process counts as running until it stops, then its row is gone', async () => {
		const heartbeat = await startHeartbeat(db.prisma);
		const running = await runningProcesses(db.prisma);
		expect(running).toEqual([expect.objectContaining({ id: heartbeat.id, pid: process.pid })]);
		expect(describeProcesses(running, running[0]!.seenAt)).toMatch(new RegExp(`^pid ${process.pid} on .+ \\(seen 0 s ago\\)$`));
		await heartbeat.stop();
		expect(await runningProcesses(db.prisma)).toEqual([]);
		expect(await db.prisma.tikaProcess.count()).toBe(0);
	});

	it('GIVEN a heartbeat that stopped refreshing (a crash) THEN it no longer counts once stale', async () => {
		const at = new Date('2026-01-01T00:00:00Z');
		await db.prisma.tikaProcess.create({ data: { id: 'crashed', host: 'h', pid: 1, startedAt: at, seenAt: at } });
		expect(await runningProcesses(db.prisma, new Date(at.getTime() + HEARTBEAT_STALE_MS - 1))).toHaveLength(1);
		expect(await runningProcesses(db.prisma, new Date(at.getTime() + HEARTBEAT_STALE_MS + 1))).toEqual([]);
		await db.prisma.tikaProcess.deleteMany();
	});

	it('GIVEN a short interval THEN the row is refreshed while the process runs', async () => {
		const heartbeat = await startHeartbeat(db.prisma, { intervalMs: 20 });
		const first = (await db.prisma.tikaProcess.findUniqueOrThrow({ where: { id: heartbeat.id } })).seenAt;
		await new Promise((resolve) => setTimeout(resolve, 120));
		const later = (await db.prisma.tikaProcess.findUniqueOrThrow({ where: { id: heartbeat.id } })).seenAt;
		await heartbeat.stop();
		expect(later.getTime()).toBeGreaterThan(first.getTime());
	});

	it('GIVEN a database without the table (older than heartbeats) THEN nothing is running on it', async () => {
		await rawExec(testDb, 'DROP TABLE "TikaProcess"');
		expect(await runningProcesses(db.prisma)).toEqual([]);
	});
});
