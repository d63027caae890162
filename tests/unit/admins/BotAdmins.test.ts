import { BotAdminError, BotAdmins, type BotAdminEntry, type BotAdminRepository } from '#core/admins/BotAdmins';

const OWNER = '100000000000000001';
const ALICE = '100000000000000002';
const BOB = '100000000000000003';

/** The BotAdmin table as an array, counting reads so the cache can be checked. */
function memoryRepository(initial: BotAdminEntry[] = []) {
	const rows = [...initial];
	const calls = { findAll: 0, create: 0, delete: 0 };
	const repository: BotAdminRepository = {
		findAll: async () => {
			calls.findAll++;
			return rows.map((row) => ({ ...row }));
		},
		create: async ({ userId, addedBy }) => {
			calls.create++;
			const row = { userId, addedBy, createdAt: new Date(Date.UTC(2025, 0, rows.length + 1)) };
			rows.push(row);
			return row;
		},
		delete: async (userId) => {
			calls.delete++;
			rows.splice(
				rows.findIndex((row) => row.userId === userId),
				1
			);
		}
	};
	return { rows, calls, repository };
}

describe('BotAdmins', () => {
	it('treats BOT_OWNERS as owners and as admins, and nobody else as either', async () => {
		const admins = new BotAdmins(() => [OWNER], memoryRepository().repository);
		expect(admins.isOwner(OWNER)).toBe(true);
		expect(await admins.isAdmin(OWNER)).toBe(true);
		expect(admins.isOwner(ALICE)).toBe(false);
		expect(await admins.isAdmin(ALICE)).toBe(false);
	});

	it('GIVEN an owner adds alice THEN she is an admin (not an owner) and the row names who added her', async () => {
		const { rows, repository } = memoryRepository();
		const admins = new BotAdmins(() => [OWNER], repository);
		await admins.add(ALICE, OWNER);
		expect(await admins.isAdmin(ALICE)).toBe(true);
		expect(admins.isOwner(ALICE)).toBe(false);
		expect(rows).toEqual([expect.objectContaining({ userId: ALICE, addedBy: OWNER })]);
	});

	it('reads the table once and then answers from memory, writing changes through', async () => {
		const { calls, repository } = memoryRepository([{ userId: ALICE, addedBy: OWNER, createdAt: new Date() }]);
		const admins = new BotAdmins(() => [OWNER], repository);
		await Promise.all([admins.isAdmin(ALICE), admins.isAdmin(BOB), admins.isAdmin(ALICE)]);
		await admins.add(BOB, OWNER);
		expect(await admins.isAdmin(BOB)).toBe(true);
		await admins.remove(ALICE, OWNER);
		expect(await admins.isAdmin(ALICE)).toBe(false);
		expect(calls).toEqual({ findAll: 1, create: 1, delete: 1 });
	});

	it('refuses to add someone twice, and refuses to add an owner (they outrank admins already)', async () => {
		const admins = new BotAdmins(() => [OWNER], memoryRepository().repository);
		await admins.add(ALICE, OWNER);
		await expect(admins.add(ALICE, OWNER)).rejects.toMatchObject({ code: 'already-admin' });
		await expect(admins.add(OWNER, OWNER)).rejects.toMatchObject({ code: 'already-owner' });
	});

	it('never removes an owner, whoever asks, and says where owners come from', async () => {
		const { calls, repository } = memoryRepository();
		const admins = new BotAdmins(() => [OWNER], repository);
		const error = await admins.remove(OWNER, OWNER).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(BotAdminError);
		expect(error).toMatchObject({ code: 'owner-not-removable', message: expect.stringContaining('BOT_OWNERS') });
		expect(admins.isOwner(OWNER)).toBe(true);
		expect(calls.delete).toBe(0);
	});

	it('GIVEN bob is not an admin WHEN he is removed THEN the error says there is nothing to remove', async () => {
		const admins = new BotAdmins(() => [OWNER], memoryRepository().repository);
		await expect(admins.remove(BOB, OWNER)).rejects.toMatchObject({ code: 'not-admin', message: expect.stringContaining('not a bot admin') });
	});

	it('GIVEN the database write fails THEN the cache does not pretend the admin was added', async () => {
		const { repository } = memoryRepository();
		repository.create = () => Promise.reject(new Error('database is gone'));
		const admins = new BotAdmins(() => [OWNER], repository);
		await expect(admins.add(ALICE, OWNER)).rejects.toThrow('database is gone');
		expect(await admins.isAdmin(ALICE)).toBe(false);
	});

	it('GIVEN the first read fails THEN the next check reads again instead of failing forever', async () => {
		const { repository } = memoryRepository([{ userId: ALICE, addedBy: OWNER, createdAt: new Date() }]);
		const findAll = repository.findAll;
		repository.findAll = jest.fn().mockRejectedValueOnce(new Error('timeout')).mockImplementation(findAll);
		const admins = new BotAdmins(() => [OWNER], repository);
		await expect(admins.isAdmin(ALICE)).rejects.toThrow('timeout');
		expect(await admins.isAdmin(ALICE)).toBe(true);
	});

	it('lists owners as configured and admins oldest first', async () => {
		const { repository } = memoryRepository([
			{ userId: BOB, addedBy: OWNER, createdAt: new Date('2025-02-01') },
			{ userId: ALICE, addedBy: OWNER, createdAt: new Date('2025-01-01') }
		]);
		const admins = new BotAdmins(() => [OWNER], repository);
		const list = await admins.list();
		expect(list.owners).toEqual([OWNER]);
		expect(list.admins.map((admin) => admin.userId)).toEqual([ALICE, BOB]);
	});

	it('reads BOT_OWNERS on every check, so a changed environment applies at once', async () => {
		let owners = [OWNER];
		const admins = new BotAdmins(() => owners, memoryRepository().repository);
		owners = [ALICE];
		expect(admins.isOwner(ALICE)).toBe(true);
		expect(await admins.isAdmin(OWNER)).toBe(false);
	});
});
