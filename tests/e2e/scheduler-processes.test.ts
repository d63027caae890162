/**
 * The durable scheduler across real processes (node src/index.ts, as in production), against one Discord double:
 * - two Tika processes on one PostgreSQL database share 1,000 reminders due in the same second, and each is posted
 *   exactly once (every POST counted at the double);
 * - a process SIGKILLed in the middle of a burst, while Discord has created messages it never got an answer for:
 *   after a restart nothing is lost and nothing is posted twice (the retry's nonce gets the first message back).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { DiscordDouble, type ChannelHandle, type GuildHandle, type UserHandle } from '../../src/playground/double';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { botEnv, REPO_ROOT, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

jest.setTimeout(240_000);

let double: DiscordDouble;
let guild: GuildHandle;
let general: ChannelHandle;
let owners: UserHandle[];
let configDir: string;
let configPath: string;
const running: BotProcess[] = [];

beforeAll(async () => {
	double = await new DiscordDouble().start();
	const serverOwner = double.createUser({ username: 'owner' });
	guild = double.createGuild({ name: 'Scheduler Test', ownerId: serverOwner });
	general = guild.createChannel('general');
	owners = Array.from({ length: 20 }, (_, index) => double.createUser({ username: `member${index}` }));
	for (const user of owners) guild.addMember(user);
	// A short lease (a dead process's tasks are taken over after 3 s) and a 1 s poll (tasks added by the test, like
	// tasks added by another process, are seen within a second). Logs go to the temporary folder.
	configDir = mkdtempSync(join(tmpdir(), 'tika-sched-'));
	configPath = join(configDir, 'config.yml');
	writeFileSync(
		configPath,
		readFileSync(join(REPO_ROOT, 'config.yml'), 'utf8')
			.replace(/^ {2}poll_interval: \d+/m, '  poll_interval: 1')
			.replace(/^ {2}lease: \d+/m, '  lease: 3')
	);
});

afterEach(async () => {
	await Promise.all(running.splice(0).map((bot) => stopBotProcess(bot, 'SIGKILL')));
	double.slowResponses(null);
});

afterAll(async () => {
	await double.stop();
	rmSync(configDir, { recursive: true, force: true });
});

/** `count` reminders in #general, text `<tag> #<n>`, spread over the owners, all due at `dueAt` (rows + their tasks). */
async function seedReminders(db: TikaDatabase, tag: string, count: number, dueAt: Date): Promise<void> {
	await db.prisma.reminderEntry.createMany({
		data: Array.from({ length: count }, (_, index) => ({
			ownerId: owners[index % owners.length]!.id,
			guildId: guild.id,
			channelId: general.id,
			target: 'here',
			kind: 'reminder',
			text: `${tag} #${index}`,
			zone: 'UTC',
			dueAt
		}))
	});
	const rows = await db.prisma.reminderEntry.findMany({ where: { text: { startsWith: `${tag} #` } }, select: { id: true } });
	await db.prisma.scheduledTask.createMany({
		data: rows.map((row) => ({
			kind: 'reminderDue',
			key: `reminder:${row.id}`,
			guildId: guild.id,
			runAt: dueAt,
			dueAt,
			payload: { reminderId: row.id }
		}))
	});
}

/** How many messages in #general carry each reminder of `tag` (by its `#n`). */
function deliveredCounts(tag: string): Map<number, number> {
	const counts = new Map<number, number>();
	const pattern = new RegExp(`${tag} #(\\d+)\\b`);
	for (const message of double.messagesIn(general.id)) {
		const text = [message.content, ...(message.embeds ?? []).map((embed) => `${embed.title ?? ''} ${embed.description ?? ''}`)].join(' ');
		const match = pattern.exec(text);
		if (match) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1);
	}
	return counts;
}

/** POSTs to #general whose body carries a reminder of `tag`, counted as they arrive (clearRequests cannot hide them). */
function countPosts(tag: string): { count: () => number; stop: () => void } {
	let count = 0;
	const stop = double.onRequest((request) => {
		if (request.method === 'POST' && request.path === `/channels/${general.id}/messages` && JSON.stringify(request.body).includes(`${tag} #`))
			count++;
	});
	return { count: () => count, stop };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function withDatabase(provider: 'postgresql' | undefined, run: (db: TikaDatabase, test: TestDatabase) => Promise<void>) {
	const test = await createTestDatabase(provider);
	const db = await openDatabase(test.url, { migrate: true });
	try {
		await run(db, test);
	} finally {
		await db.disconnect();
		await test.cleanup();
	}
}

test('two Tika processes on one PostgreSQL database deliver 1,000 reminders due in the same second exactly once each', async () => {
	await withDatabase('postgresql', async (db, test) => {
		const env = botEnv(double, test.url, { TIKA_CONFIG: configPath });
		const [a, b] = await Promise.all([startBotProcess(double, env, 90_000), startBotProcess(double, env, 90_000)]);
		running.push(a, b);
		const posts = countPosts('two-proc');
		const dueAt = new Date(Date.now() + 3_000);
		await seedReminders(db, 'two-proc', 1_000, dueAt);

		await until(() => deliveredCounts('two-proc').size === 1_000, 'all 1,000 reminders to be posted');
		await until(async () => (await db.prisma.scheduledTask.count()) === 0, 'the task table to empty');
		// Time for a second delivery to show up, if there were one.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		posts.stop();

		const counts = deliveredCounts('two-proc');
		expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
		expect(posts.count()).toBe(1_000);
		expect(await db.prisma.reminderEntry.count({ where: { text: { startsWith: 'two-proc #' }, status: 'delivered' } })).toBe(1_000);
		expect(a.stdout() + b.stdout()).not.toMatch(/dead letter/);
	});
});

test('a process killed in the middle of a burst loses nothing and posts nothing twice after its restart', async () => {
	await withDatabase(undefined, async (db, test) => {
		const env = botEnv(double, test.url, { TIKA_CONFIG: configPath });
		const first = await startBotProcess(double, env, 90_000);
		running.push(first);
		// Discord creates each message at once but answers 400 ms later: when the process dies, the messages it was
		// sending exist although it never learnt so. Its retries must not create them again.
		double.slowResponses({ method: 'POST', path: `/channels/${general.id}/messages`, ms: 400 });
		const posts = countPosts('crash');
		await seedReminders(db, 'crash', 300, new Date(Date.now() + 2_000));

		await until(() => deliveredCounts('crash').size >= 60, 'a fifth of the burst to be posted');
		first.child.kill('SIGKILL');
		await first.exited;
		const beforeRestart = deliveredCounts('crash').size;
		expect(beforeRestart).toBeLessThan(300);

		double.slowResponses(null);
		const second = await startBotProcess(double, env, 90_000);
		running.push(second);
		await until(() => deliveredCounts('crash').size === 300, 'the whole burst to be posted after the restart');
		await until(async () => (await db.prisma.scheduledTask.count()) === 0, 'the task table to empty');
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		posts.stop();

		const counts = deliveredCounts('crash');
		expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
		// Some requests were sent twice (those in flight at the kill) and Discord returned the first message for them.
		expect(posts.count()).toBeGreaterThan(300);
		expect(await db.prisma.reminderEntry.count({ where: { text: { startsWith: 'crash #' }, status: 'delivered' } })).toBe(300);
	});
});
