/**
 * Soak on PostgreSQL (the real server on 127.0.0.1:5432, in the SQLite run too): Tika runs as a real process
 * (node src/index.ts) while the Discord double pushes about 1,000 messages a second from 100 members with progression's
 * XP on, and reminders fall due (Discord answering their posts slowly, so runs are in flight). SIGTERM arrives in the
 * middle of the flow.
 *
 * The invariant, exactly:
 * - Tika stops routing the moment shutdown begins, so the messages that count are those that reached progression's
 *   XP handler before that. Tika logs that number at exit ("Router totals at shutdown: … progressionXp N"); every one
 *   of them must be in the database: Σ MemberXp.messages = N (minus handler errors, which must be 0) and, with XP per
 *   message fixed at 10 (xp-min = xp-max = 10, no cooldown), every member's xp = 10 × their messages, and no member
 *   has more counted than they sent. (Shutdown begins when the signal handler runs, which on a loaded event loop can
 *   be after some of the messages sent after the signal; what counts is Tika's own cut, which it reports.)
 * - No scheduler task is left half-done: no row is 'running' (this was the only process), every reminder is either
 *   delivered (posted exactly once, its task gone) or still pending with its task pending, to run at the next start.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { botEnv, REPO_ROOT, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

jest.setTimeout(110_000);

const MEMBERS = 100;
const RATE_PER_SECOND = 1_000;
const XP_PER_MESSAGE = 10;
const REMINDERS = 150;

let double: DiscordDouble;
let general: ChannelHandle;
let owner: UserHandle;
let members: UserHandle[];
let guildId: string;
let dir: string;
let database: TestDatabase;
let db: TikaDatabase | null = null;
let bot: BotProcess | null = null;

beforeAll(async () => {
	double = await new DiscordDouble().start();
	owner = double.createUser({ username: 'owner' });
	const guild = double.createGuild({ name: 'Soak', ownerId: owner });
	guildId = guild.id;
	general = guild.createChannel('general');
	members = Array.from({ length: MEMBERS }, (_, index) => double.createUser({ username: `member${index}` }));
	for (const member of members) guild.addMember(member);
	dir = mkdtempSync(join(tmpdir(), 'tika-soak-'));
	database = await createTestDatabase('postgresql');
});

afterAll(async () => {
	if (bot) await stopBotProcess(bot, 'SIGKILL');
	await db?.disconnect();
	await double?.stop();
	await database?.cleanup();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function configure(option: string, value: string): Promise<void> {
	const handle = await double.slashCommand({
		channel: general,
		user: owner,
		name: 'levels',
		subcommandGroup: 'config',
		subcommand: 'set',
		options: { option, value }
	});
	await handle.reply();
}

/** Reminders in #general due over the next `spreadMs`, written as the reminders plugin writes them (row + task). */
async function seedReminders(spreadMs: number): Promise<void> {
	const start = Date.now() + 500;
	for (let index = 0; index < REMINDERS; index++) {
		const dueAt = new Date(start + Math.floor((index / REMINDERS) * spreadMs));
		const row = await db!.prisma.reminderEntry.create({
			data: {
				ownerId: members[index % MEMBERS]!.id,
				guildId,
				channelId: general.id,
				target: 'here',
				kind: 'reminder',
				text: `soak #${index}`,
				zone: 'UTC',
				dueAt
			}
		});
		await db!.prisma.scheduledTask.create({
			data: { kind: 'reminderDue', key: `reminder:${row.id}`, guildId, runAt: dueAt, dueAt, payload: { reminderId: row.id } }
		});
	}
}

test('GIVEN 1,000 messages a second with XP on and reminders falling due WHEN SIGTERM arrives mid-flow THEN no XP is lost and no task is left half-done', async () => {
	const configPath = join(dir, 'config.yml');
	// A 1 s poll so the seeded tasks (added behind the scheduler's back, like another process would) are seen at once.
	writeFileSync(configPath, readFileSync(join(REPO_ROOT, 'config.yml'), 'utf8').replace(/^ {2}poll_interval: \d+/m, '  poll_interval: 1'));
	bot = await startBotProcess(double, botEnv(double, database.url, { TIKA_CONFIG: configPath }), 60_000);
	db = await openDatabase(database.url, { migrate: false });
	for (const [option, value] of [
		['xp-min', String(XP_PER_MESSAGE)],
		['xp-max', String(XP_PER_MESSAGE)],
		['cooldown', '0'],
		['announce', 'none']
	] as const) {
		await configure(option, value);
	}

	// Discord answers reminder posts 300 ms late, so deliveries are in flight when the signal comes.
	double.slowResponses({ method: 'POST', path: `/channels/${general.id}/messages`, ms: 300 });
	const posts = new Map<string, number>();
	const stopCounting = double.onRequest((request) => {
		if (request.method !== 'POST' || request.path !== `/channels/${general.id}/messages`) return;
		const match = /soak #(\d+)\b/.exec(JSON.stringify(request.body));
		if (match) posts.set(match[1]!, (posts.get(match[1]!) ?? 0) + 1);
	});
	await seedReminders(4_000);

	// The flow: every 10 ms, as many messages as it takes to stay on 1,000 a second (a busy machine gets bigger batches),
	// round-robin over the members, for 4 s; SIGTERM after 2.5 s.
	const sentBy = new Map<string, number>();
	let sentBeforeSignal = 0;
	let sent = 0;
	let signalled = false;
	const started = Date.now();
	let exited: ReturnType<typeof stopBotProcess> | null = null;
	while (Date.now() - started < 4_000) {
		const tickStarted = Date.now();
		const due = Math.ceil(((tickStarted - started + 10) / 1000) * RATE_PER_SECOND);
		const batch = [];
		for (; sent < due; sent++) {
			const author = members[sent % MEMBERS]!;
			batch.push(double.sendMessage({ channel: general, author, content: `soak message ${sent} from ${author.id}` }));
			sentBy.set(author.id, (sentBy.get(author.id) ?? 0) + 1);
			if (!signalled) sentBeforeSignal++;
		}
		await Promise.all(batch);
		if (!signalled && Date.now() - started >= 2_500) {
			signalled = true;
			exited = stopBotProcess(bot, 'SIGTERM');
		}
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10 - (Date.now() - tickStarted))));
	}
	const seconds = (Date.now() - started) / 1000;
	const { code } = await exited!;
	stopCounting();
	double.slowResponses(null);
	expect(code).toBe(0);

	// What Tika says reached the XP handler before the shutdown began.
	const totals = /Router totals at shutdown: (.*)/.exec(bot.stdout())?.[1] ?? '';
	const xpLine = /progressionXp (\d+)(?: \((\d+) errors\))?/.exec(totals);
	expect(xpLine).not.toBeNull();
	const routed = Number(xpLine![1]);
	const errors = Number(xpLine![2] ?? 0);

	const rows = await db.prisma.memberXp.findMany({ where: { guildId } });
	const countedMessages = rows.reduce((sum, row) => sum + row.messages, 0);
	const countedXp = rows.reduce((sum, row) => sum + row.xp, 0);
	console.log(
		`soak: sent ${sent} messages in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s), ${sentBeforeSignal} before SIGTERM was sent; ` +
			`routed to XP before shutdown ${routed}; in the database ${countedMessages} messages, ${countedXp} XP over ${rows.length} members; ` +
			`reminders posted ${posts.size}`
	);

	// A real flow, cut in the middle (the sender keeps to 1,000 a second unless the machine is saturated).
	expect(sent / seconds).toBeGreaterThan(RATE_PER_SECOND * 0.6);
	expect(routed).toBeGreaterThan(1_000);
	expect(routed).toBeLessThan(sent);
	// No XP lost, none invented.
	expect(errors).toBe(0);
	expect(countedMessages).toBe(routed);
	expect(countedXp).toBe(XP_PER_MESSAGE * routed);
	for (const row of rows) {
		expect(row.xp).toBe(XP_PER_MESSAGE * row.messages);
		expect(row.messages).toBeLessThanOrEqual(sentBy.get(row.userId) ?? 0);
	}

	// No task half-done.
	const tasks = await db.prisma.scheduledTask.findMany({ where: { kind: 'reminderDue' } });
	expect(tasks.filter((task) => task.status !== 'pending')).toEqual([]);
	const reminders = await db.prisma.reminderEntry.findMany({ where: { guildId } });
	const pendingKeys = new Set(tasks.map((task) => task.key));
	for (const reminder of reminders) {
		const index = reminder.text.replace('soak #', '');
		if (reminder.status === 'delivered') {
			expect([reminder.text, posts.get(index)]).toEqual([reminder.text, 1]);
			expect(pendingKeys.has(`reminder:${reminder.id}`)).toBe(false);
		} else {
			expect([reminder.text, pendingKeys.has(`reminder:${reminder.id}`)]).toEqual([reminder.text, true]);
		}
	}
	// Some were delivered before the signal, some wait for the next start.
	const delivered = reminders.filter((reminder) => reminder.status === 'delivered').length;
	expect(delivered).toBeGreaterThan(0);
	expect(delivered).toBeLessThan(REMINDERS);
});
