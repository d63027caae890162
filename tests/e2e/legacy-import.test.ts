/**
 * `npm run migrate-old-data` on the fixture tree (tests/support/fixtures/legacy), as an operator runs it: the dry
 * run writes nothing, the real run imports the good files whole and the bad ones not at all, a second run changes
 * nothing, unknown keys can be let through on request, a running Tika is refused, and a bot started on the imported
 * database schedules the imported detention's release by itself.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { countRows } from '#core/backup/restore';
import { startHeartbeat } from '#core/database/heartbeat';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { REPO_ROOT } from '../support/process';
import { startTestBot, type TestBot } from '../support/harness';

const FIXTURE = resolve(__dirname, '../support/fixtures/legacy');
const GUILD = '111111111111111111';

function migrate(url: string, ...args: string[]) {
	const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', resolve(REPO_ROOT, 'scripts/migrate-old-data.ts'), FIXTURE, ...args], {
		cwd: REPO_ROOT,
		env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: url },
		encoding: 'utf8',
		timeout: 120_000
	});
	return { code: result.status, lines: result.stdout.trim().split('\n'), stderr: result.stderr };
}

/** Every row of every table, for "nothing changed" (updatedAt included: a second run must not even touch a row). */
async function everything(db: TikaDatabase): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const model of Object.keys(await countRows(db))) {
		const delegate = (db.prisma as unknown as Record<string, { findMany(): Promise<unknown[]> }>)[
			model.charAt(0).toLowerCase() + model.slice(1)
		]!;
		out[model] = (await delegate.findMany()).map((row) => JSON.stringify(row)).sort();
	}
	return out;
}

const BAD_FILES = [
	'✗ users/400000000000000005.json: in progression: bio: Invalid input: expected string, received number',
	'✗ users/400000000000000006.json: reminders.timezone: "Mars/Olympus_Mons" is not a time zone (use a name like Europe/Paris); nothing from this file was imported',
	'✗ users/notes.txt: not a .json file: users/ holds <user id>.json files',
	'✗ guilds/222222222222222222/customization.json: custom_roles.400000000000000001.color: Invalid input',
	'✗ guilds/222222222222222222/economy.json: no importer for "economy.json" (known: customization, features, interactive_games, moderation, progression, quick_games, reminders)',
	'✗ guilds/222222222222222222/interactive_games.json: unknown key(s) chess_ratings',
	'✗ guilds/222222222222222222/moderation.json: the regex pattern "(?<=free)nitro" is refused: Lookbehind (`(?<=` / `(?<!`) is not allowed: it makes matching expensive; nothing from this file was imported',
	expect.stringMatching(/^✗ guilds\/222222222222222222\/progression\.json: not valid JSON \(.+\)$/),
	'✗ guilds/333333333333333333/customization.json: the database refused it (a row with the same guildId, roleId already exists); nothing from this file was imported',
	'✗ guilds/not-a-guild/features.json: the folder name "not-a-guild" is not a guild id (17–20 digits)'
];

describe('npm run migrate-old-data on the fixture tree', () => {
	let testDb: TestDatabase;
	let db: TikaDatabase;
	let bot: TestBot | undefined;

	beforeAll(async () => {
		testDb = await createTestDatabase();
		db = await openDatabase(testDb.url);
	});
	afterAll(async () => {
		await db?.disconnect();
		if (bot) await bot.stop();
		else await testDb?.cleanup();
	});

	it('GIVEN --dry-run THEN it prints every row it would write and every bad file with its reason, and writes nothing', async () => {
		const { code, lines } = migrate(testDb.url, '--dry-run');
		expect(code).toBe(1); // Some files are bad.
		expect(lines[0]).toMatch(/^Dry run: importing .*fixtures\/legacy into /);
		expect(lines).toContain(
			'✓ guilds/111111111111111111/progression.json: would create 5, would update 0, 0 unchanged (MemberXp ×3, LevelReward ×2)'
		);
		expect(lines).toContain('    would create MemberXp 400000000000000003 (5000 XP, level 10)');
		expect(lines).toContain('    would create ScheduledTask reminderDue for reminder 1');
		expect(lines).toContain(
			"- guilds/111111111111111111/quick_games.json: skipped: Tika's quick games keep no statistics (coinflip, /roll and /rps answer on the spot), so there is nothing to import"
		);
		expect(lines).toEqual(expect.arrayContaining(BAD_FILES));
		expect(lines.at(-1)).toBe('Dry run, nothing written: 18 file(s): 7 would be imported, 0 already up to date, 1 skipped, 10 failed.');
		expect(Object.values(await countRows(db)).every((rows) => rows === 0)).toBe(true);
	}, 120_000);

	it('GIVEN a Tika process running on the database THEN a real run is refused and writes nothing', async () => {
		const heartbeat = await startHeartbeat(db.prisma);
		try {
			const { code, stderr } = migrate(testDb.url);
			expect(code).toBe(1);
			expect(stderr).toMatch(/^migrate-old-data: Tika is running on this database \(pid \d+ on .+\)\. Stop it first/);
		} finally {
			await heartbeat.stop();
		}
		expect(Object.values(await countRows(db)).every((rows) => rows === 0)).toBe(true);
	}, 120_000);

	it('GIVEN the real run THEN the good files are imported whole, with every plugin’s rows, and the bad files not at all', async () => {
		const { code, lines } = migrate(testDb.url);
		expect(code).toBe(1);
		expect(lines).toEqual(expect.arrayContaining(BAD_FILES));
		expect(lines.at(-1)).toBe('18 file(s): 7 imported, 0 already up to date, 1 skipped, 10 failed.');

		// Feature toggles (core).
		expect(
			(await db.prisma.featureOverride.findMany({ orderBy: { feature: 'asc' } })).map((row) => [row.guildId, row.feature, row.enabled])
		).toEqual([
			[GUILD, 'ai_chat', false],
			[GUILD, 'chapel', true],
			[GUILD, 'progression', true]
		]);
		// XP, levels from XP on the default curve, role rewards.
		expect(
			(await db.prisma.memberXp.findMany({ orderBy: { userId: 'asc' } })).map((row) => [row.userId, row.xp, row.level, row.messages])
		).toEqual([
			['400000000000000001', 1200, 5, 340],
			['400000000000000002', 99, 0, 12],
			['400000000000000003', 5000, 10, 0]
		]);
		expect((await db.prisma.levelReward.findMany({ orderBy: { level: 'asc' } })).map((row) => [row.level, row.roleId])).toEqual([
			[5, '500000000000000005'],
			[10, '500000000000000010']
		]);
		// Custom roles, with colours from hex and numbers.
		expect((await db.prisma.customRole.findMany({ orderBy: { userId: 'asc' } })).map((row) => [row.guildId, row.name, row.color])).toEqual([
			[GUILD, 'Night Owl', 0x8a2be2],
			[GUILD, 'Sunflower', 16766720]
		]);
		// Game stats.
		expect(
			(await db.prisma.gameStat.findMany({ orderBy: [{ userId: 'asc' }, { game: 'asc' }] })).map((row) => [
				row.game,
				row.wins,
				row.losses,
				row.draws
			])
		).toEqual([
			['connect4', 1, 4, 0],
			['tictactoe', 3, 1, 2],
			['hangman', 7, 2, 0]
		]);
		// Word filter: only guild 1's rules; guild 2's valid words were rolled back with its refused pattern.
		expect((await db.prisma.wordFilterRule.findMany({ orderBy: { id: 'asc' } })).map((row) => [row.guildId, row.match, row.pattern])).toEqual([
			[GUILD, 'word', 'darn'],
			[GUILD, 'word', 'heck'],
			[GUILD, 'wildcard', 'sp*m'],
			[GUILD, 'regex', 'fr[e3]{2}\\s*nitro']
		]);
		// Detentions: active, roles saved, one timed.
		expect(
			(await db.prisma.detention.findMany({ orderBy: { userId: 'asc' } })).map((row) => [
				row.userId,
				row.savedRoles,
				row.releaseAt?.toISOString() ?? null,
				row.releasedAt
			])
		).toEqual([
			['400000000000000002', ['600000000000000002', '600000000000000003'], '2030-05-02T10:00:00.000Z', null],
			['400000000000000003', [], null, null]
		]);
		// Reminders, each with its delivery task; the repeat read in the member's zone from their user file.
		const reminders = await db.prisma.reminderEntry.findMany({ orderBy: { id: 'asc' } });
		expect(reminders.map((row) => [row.ownerId, row.text, row.target, row.zone, row.wallClock, row.dueAt.toISOString()])).toEqual([
			['400000000000000001', 'water the plants', 'here', 'UTC', false, '2030-01-05T09:00:00.000Z'],
			['400000000000000004', 'stand-up', 'dm', 'Europe/Paris', true, '2030-01-07T08:00:00.000Z']
		]);
		expect(reminders[1]!.rule).toMatch(/^DTSTART:20300107T090000\nRRULE:FREQ=WEEKLY;.*BYDAY=MO,TU,WE,TH,FR/);
		const tasks = await db.prisma.scheduledTask.findMany({ where: { kind: 'reminderDue' }, orderBy: { id: 'asc' } });
		expect(tasks.map((task) => [task.key, task.guildId, task.status, task.runAt.toISOString(), task.payload])).toEqual(
			reminders.map((row) => [`reminder:${row.id}`, GUILD, 'pending', row.dueAt.toISOString(), { reminderId: row.id }])
		);
		// User files: profile and time zone.
		expect(await db.prisma.userProfile.findUnique({ where: { userId: '400000000000000004' } })).toMatchObject({
			bio: 'Plant person.',
			pronouns: 'she/her',
			accentColor: 0xff8800,
			cardBackground: 'default'
		});
		expect(
			(await db.prisma.userData.findUnique({ where: { userId_plugin: { userId: '400000000000000004', plugin: 'reminders' } } }))?.data
		).toEqual({
			timezone: 'Europe/Paris'
		});
		// Nothing from the bad files.
		expect(await db.prisma.customRole.count({ where: { guildId: { in: ['222222222222222222', '333333333333333333'] } } })).toBe(0);
		expect(await db.prisma.memberXp.count({ where: { guildId: '222222222222222222' } })).toBe(0);
		expect(await db.prisma.userProfile.count({ where: { userId: '400000000000000005' } })).toBe(0);
		expect(await db.prisma.userData.count({ where: { userId: '400000000000000006' } })).toBe(0);
	}, 120_000);

	it('GIVEN a second run THEN every good file is already imported and not one row (not even updatedAt) changes', async () => {
		const before = await everything(db);
		const { code, lines } = migrate(testDb.url);
		expect(code).toBe(1);
		expect(lines).toContain('= guilds/111111111111111111/reminders.json: already imported (4 row(s) unchanged)');
		expect(lines.at(-1)).toBe('18 file(s): 0 imported, 7 already up to date, 1 skipped, 10 failed.');
		expect(await everything(db)).toEqual(before);
	}, 120_000);

	it('GIVEN --allow-unknown THEN a file with unknown keys imports its known part and lists what it left out', async () => {
		const { lines } = migrate(testDb.url, '--allow-unknown');
		expect(lines).toContain(
			'✓ guilds/222222222222222222/interactive_games.json: create 1, update 0, 0 unchanged (GameStat ×1); ignored unknown key(s): chess_ratings'
		);
		expect(
			await db.prisma.gameStat.findUnique({
				where: { guildId_game_userId: { guildId: '222222222222222222', game: 'tictactoe', userId: '400000000000000001' } }
			})
		).toMatchObject({
			wins: 1,
			losses: 0
		});
	}, 120_000);

	it('GIVEN Tika starts on the imported database THEN the timed detention gets its release task, at its release time', async () => {
		await db.disconnect();
		bot = await startTestBot({ databaseUrl: testDb.url });
		const detention = await bot.instance.database.prisma.detention.findFirstOrThrow({ where: { userId: '400000000000000002' } });
		const deadline = Date.now() + 10_000;
		let task = null;
		while (!task && Date.now() < deadline) {
			task = await bot.instance.database.prisma.scheduledTask.findFirst({ where: { kind: 'detentionRelease' } });
			if (!task) await new Promise((wait) => setTimeout(wait, 100));
		}
		expect(task).toMatchObject({ guildId: GUILD, status: 'pending', payload: { detentionId: detention.id } });
		expect(task!.runAt.toISOString()).toBe('2030-05-02T10:00:00.000Z');
		// The indefinite one has none.
		expect(await bot.instance.database.prisma.scheduledTask.count({ where: { kind: 'detentionRelease' } })).toBe(1);
		db = await openDatabase(testDb.url, { migrate: false });
	}, 120_000);
});
