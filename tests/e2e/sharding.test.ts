/**
 * Tika over two gateway shards (`src/shard.ts`: discord.js's ShardingManager, one process per shard), on one PostgreSQL
 * database (even in the SQLite run) with user state in the Redis on 127.0.0.1:6379, against one Discord double that
 * routes each guild's events to the shard Discord would ((guild_id >> 22) % 2), with 10 guilds:
 * - every guild's messages reach exactly one shard, and a command in each guild is answered once;
 * - XP is counted once per message, and a reminder set in each guild is delivered once, by the shard owning the guild;
 * - a user's cooldown holds on both shards (Redis), and /stats totals both shards;
 * - a shard process killed with SIGKILL is started again by the manager, and nothing is lost: its guilds' reminders
 *   wait for it (the other shard never takes them), XP already counted stays, and it serves its guilds again.
 * Also: SQLite with more than one shard process is refused with one line.
 */
import { Redis } from 'ioredis';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, type TikaDatabase } from '#core/database/index';
import { DiscordDouble, type ChannelHandle, type GuildHandle, type UserHandle } from '../../src/playground/double';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { botEnv, REPO_ROOT, spawnBot, stopBotProcess, type BotProcess } from '../support/process';

jest.setTimeout(180_000);

const FIXTURES = resolve(__dirname, '../support/fixtures/plugins');
const DISCORD_EPOCH = 1_420_070_400_000n;
const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);

let double: DiscordDouble;
let database: TestDatabase;
let db: TikaDatabase;
let configDir: string;
let configPath: string;
let redis: Redis;
const prefix = `tika-test-${process.pid}-${Date.now()}:`;
let owner: UserHandle;
let alice: UserHandle;
let chatters: UserHandle[];
const guilds: { guild: GuildHandle; general: ChannelHandle; shard: number }[] = [];
let manager: BotProcess | null = null;

beforeAll(async () => {
	double = await new DiscordDouble({ shards: 2, timeout: 20_000 }).start();
	owner = double.createUser({ username: 'owner' });
	alice = double.createUser({ username: 'alice' });
	chatters = Array.from({ length: 4 }, (_, index) => double.createUser({ username: `chatter${index}` }));
	// Guild ids one millisecond apart: shards alternate, five guilds each.
	const base = BigInt(Date.now()) - DISCORD_EPOCH;
	for (let index = 0; index < 10; index++) {
		const id = (((base + BigInt(index)) << 22n) | BigInt(index + 1)).toString();
		const guild = double.createGuild({ name: `Shard Test ${index}`, ownerId: owner, id });
		for (const user of [alice, ...chatters]) guild.addMember(user);
		guilds.push({ guild, general: guild.createChannel('general'), shard: shardOf(id) });
	}
	configDir = mkdtempSync(join(tmpdir(), 'tika-shards-'));
	configPath = join(configDir, 'config.yml');
	writeFileSync(
		configPath,
		readFileSync(join(REPO_ROOT, 'config.yml'), 'utf8')
			.replace(/^ {2}poll_interval: \d+/m, '  poll_interval: 1')
			.replace(/^ {2}lease: \d+/m, '  lease: 3')
			.replace(/^ {2}file: .*$/m, `  file: '${join(configDir, 'bot.log')}'`)
	);
	database = await createTestDatabase('postgresql');
	db = await openDatabase(database.url, { migrate: true });
	redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
	await redis.connect();
});

afterAll(async () => {
	if (manager) await stopBotProcess(manager, 'SIGKILL');
	await double?.stop();
	const keys = await redis.keys(`${prefix}*`);
	if (keys.length) await redis.del(...keys);
	redis.disconnect();
	await db?.disconnect();
	await database?.cleanup();
	rmSync(configDir, { recursive: true, force: true });
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${manager?.stdout() ?? ''}\n${manager?.stderr() ?? ''}`);
		await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
	}
}

/** Guild ids of the MESSAGE_CREATE events each live gateway session was sent, by the session's shard id. */
function messageGuildsByShard(): Map<number, string[]> {
	const byShard = new Map<number, string[]>();
	for (const session of double.gateway.sessions) {
		const seen = byShard.get(session.shard[0]) ?? [];
		for (const { frame } of session.buffer) {
			const { t, d } = JSON.parse(frame) as { t?: string; d?: { guild_id?: string; author?: { bot?: boolean } } };
			if (t === 'MESSAGE_CREATE' && d?.guild_id && !d.author?.bot) seen.push(d.guild_id);
		}
		byShard.set(session.shard[0], seen);
	}
	return byShard;
}

const text = (message: { content?: string; embeds?: { title?: string; description?: string }[] }) =>
	[message.content ?? '', ...(message.embeds ?? []).map((embed) => `${embed.title ?? ''} ${embed.description ?? ''}`)].join(' ');

/** When each reminder `marker-<n>` was posted (not the /remind replies, which carry interaction_metadata). */
const deliveries = new Map<string, number[]>();

test('GIVEN SQLite THEN more than one shard process is refused with one line, whether the count is given, auto, or set on a shard', async () => {
	const sqlite = `file:${join(configDir, 'refused.db')}`;
	const refused = [
		spawnBot(botEnv(double, sqlite, { TIKA_CONFIG: configPath, TIKA_SHARDS: '2' }), { script: 'shard.ts' }),
		// The double recommends 2 shards.
		spawnBot(botEnv(double, sqlite, { TIKA_CONFIG: configPath, TIKA_SHARDS: 'auto' }), { script: 'shard.ts' }),
		// A shard process started by hand as the manager would start it.
		spawnBot(botEnv(double, sqlite, { TIKA_CONFIG: configPath, SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' }))
	];
	for (const bot of refused) {
		expect((await bot.exited).code).toBe(1);
		const lines = bot.stderr().trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^tika: SQLite cannot be shared by 2 shard processes\. Set DATABASE_URL to a PostgreSQL database/);
	}
});

test('two shards over one PostgreSQL database and Redis: routing, commands, XP, reminders, shared cooldowns, /stats, and a killed shard started again with no loss', async () => {
	double.events.on('message', (message) => {
		const marker = /marker-(\d+)/.exec(text(message))?.[1];
		if (marker && message.author.id === double.bot.id && !message.interaction_metadata)
			deliveries.set(marker, [...(deliveries.get(marker) ?? []), Date.now()]);
	});
	manager = spawnBot(
		botEnv(double, database.url, {
			TIKA_CONFIG: configPath,
			TIKA_SHARDS: 'auto',
			BOT_OWNERS: owner.id,
			TIKA_PLUGIN_PATHS: FIXTURES,
			REDIS_URL: 'redis://127.0.0.1:6379',
			TIKA_REDIS_PREFIX: prefix
		}),
		{ script: 'shard.ts' }
	);
	await manager.waitForOutput(/All 2 shards ready\./, 150_000);
	await until(() => double.requestsTo('PUT', '/applications/:id/commands').length >= 2, 'both shards to register their commands');
	const live = double.gateway.liveSessions.map((session) => session.shard);
	expect(live.sort()).toEqual([
		[0, 2],
		[1, 2]
	]);
	expect(guilds.filter((entry) => entry.shard === 0)).toHaveLength(5);

	// A command in each guild, answered once: /remind, due a little after the moment shard 1 is killed below.
	for (const [index, { general }] of guilds.entries()) {
		const remind = await double.slashCommand({
			channel: general,
			user: alice,
			name: 'remind',
			options: { when: 'in 12s', what: `marker-${index}` }
		});
		expect(text(await remind.reply())).toContain('set');
	}
	// Messages: three chatters in each guild, and a prefix command.
	for (const { general } of guilds) {
		for (const user of chatters.slice(0, 3)) await general.send(user, `hello from ${user.id}`);
		await general.send(chatters[3]!, '!tika ping');
	}
	await until(async () => (await db.prisma.memberXp.count()) === 30, 'the XP of 30 messages to be written');

	const byShard = messageGuildsByShard();
	for (const { guild, shard } of guilds) {
		expect(byShard.get(shard)!.filter((id) => id === guild.id)).toHaveLength(4);
		expect(byShard.get(1 - shard)!.filter((id) => id === guild.id)).toHaveLength(0);
	}
	const callbacks = double.requests.filter((request) => request.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(request.path));
	expect(new Set(callbacks.map((request) => request.path)).size).toBe(callbacks.length);
	expect(callbacks.filter((request) => request.status >= 400)).toEqual([]);
	for (const { general } of guilds) {
		const pongs = double.messagesIn(general).filter((message) => message.author.id === double.bot.id && !message.interaction_metadata);
		expect(pongs).toHaveLength(1);
	}
	const xp = await db.prisma.memberXp.findMany();
	expect(xp.every((row) => row.messages === 1 && row.xp >= 15 && row.xp <= 25)).toBe(true);

	// A cooldown belongs to the user: used in a guild of shard 0, it holds in a guild of shard 1.
	const onZero = guilds.find((entry) => entry.shard === 0)!;
	const onOne = guilds.find((entry) => entry.shard === 1)!;
	expect((await (await double.slashCommand({ channel: onZero.general, user: alice, name: 'fxlifecooldown' })).reply()).content).toBe('cooled');
	const again = await double.slashCommand({ channel: onOne.general, user: alice, name: 'fxlifecooldown' });
	expect((await again.reply()).embeds?.[0]?.description).toMatch(/You can use `\/fxlifecooldown` again in (59|60) seconds\./);

	// /stats totals both shards.
	const stats = await double.slashCommand({ channel: onOne.general, user: owner, name: 'stats' });
	const fields = (await stats.reply()).embeds![0]!.fields!;
	expect(fields.find((field) => field.name === 'Reach')?.value).toMatch(/^10 servers\n/);
	expect(fields.find((field) => field.name.startsWith('Shards'))?.name).toBe('Shards (2, all answering)');
	const publicStats = await double.slashCommand({ channel: onZero.general, user: alice, name: 'stats' });
	expect((await publicStats.reply()).embeds![0]!.fields!.find((field) => field.name === 'Servers')?.value).toBe('10');

	// SIGKILL shard 1; the manager starts it again. While it is down, reminders of its guilds fall due (written straight to
	// the database, due at once): shard 0 keeps polling but never takes them, since their guilds are not in its cache.
	const pid = Number(/\[shards\] shard 1 started \(pid (\d+)\)/.exec(manager.stdout())![1]);
	process.kill(pid, 'SIGKILL');
	const killedAt = Date.now();
	await until(() => /shard 1 exited \(signal SIGKILL\); starting it again\./.test(manager!.stderr()), 'the manager to see shard 1 die');
	const downtime = guilds.filter((entry) => entry.shard === 1);
	for (const [index, { guild, general }] of downtime.entries()) {
		const reminder = await db.prisma.reminderEntry.create({
			data: {
				ownerId: alice.id,
				guildId: guild.id,
				channelId: general.id,
				target: 'here',
				kind: 'reminder',
				text: `marker-${100 + index}`,
				zone: 'UTC',
				dueAt: new Date()
			}
		});
		await db.prisma.scheduledTask.create({
			data: {
				kind: 'reminderDue',
				key: `reminder:${reminder.id}`,
				guildId: guild.id,
				runAt: reminder.dueAt,
				dueAt: reminder.dueAt,
				payload: { reminderId: reminder.id }
			}
		});
	}
	await until(() => (manager!.stdout().match(/\[shards\] shard 1 ready\./g) ?? []).length === 2, 'shard 1 to be ready again', 90_000);
	const backAt = Date.now();

	await until(() => deliveries.size === 15, 'every reminder to be delivered');
	await new Promise((resolvePromise) => setTimeout(resolvePromise, 2_000));
	expect([...deliveries.values()].filter((times) => times.length !== 1)).toEqual([]);
	for (const [index, { shard }] of guilds.entries()) {
		// Shard 0 never delivered shard 1's reminders while it was down.
		const [at] = deliveries.get(String(index))!;
		if (shard === 1) expect(at! < killedAt || at! >= backAt - 1_000).toBe(true);
	}
	for (const index of downtime.keys()) expect(deliveries.get(String(100 + index))![0]).toBeGreaterThanOrEqual(backAt - 1_000);
	expect(await db.prisma.reminderEntry.count({ where: { status: 'delivered' } })).toBe(15);
	expect(await db.prisma.scheduledTask.count()).toBe(0);

	// After the respawn: every guild's messages are counted once more, on its own shard; nothing counted before is lost.
	for (const { general } of guilds) await general.send(chatters[3]!, 'back again');
	await until(async () => (await db.prisma.memberXp.count()) === 40, 'the XP of 10 more messages to be written');
	expect((await db.prisma.memberXp.findMany()).every((row) => row.messages === 1)).toBe(true);
	// The cooldown lives in Redis: the new shard 1 process still holds alice to it.
	const stillCooling = await double.slashCommand({ channel: onOne.general, user: alice, name: 'fxlifecooldown' });
	expect((await stillCooling.reply()).embeds?.[0]?.description).toMatch(/You can use `\/fxlifecooldown` again in \d+ seconds\./);

	// SIGTERM to the manager: every shard shuts down gracefully, the manager exits 0.
	const exited = await stopBotProcess(manager);
	expect(exited.code).toBe(0);
	expect(manager.stdout()).toMatch(/shard 0 stopped \(code 0\)/);
	expect(manager.stdout()).toMatch(/shard 1 stopped \(code 0\)/);
	manager = null;
});
