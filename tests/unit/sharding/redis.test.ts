/**
 * User state shared through Redis (the server on 127.0.0.1:6379; every key under a prefix unique to this run, removed
 * at the end): cooldown buckets, frustration kept in step between two processes' trackers, and the AI limits.
 * Two SharedState connections stand for two shard processes.
 */
import { Redis } from 'ioredis';
import { FrustrationSync } from '#core/sharding/frustration';
import { SharedState } from '#core/sharding/redis';
import { perProcessLogFile, shardOfGuild, shardsOf } from '#core/sharding/shards';
import { FrustrationTracker } from '#shared/personality/FrustrationTracker';
import { MemoryLimiter, type LimitSettings } from '#plugins/ai_chat/lib/limiter';
import { RedisLimiter } from '#plugins/ai_chat/lib/redisLimiter';

const URL = 'redis://127.0.0.1:6379';
const prefix = `tika-unit-${process.pid}-${Date.now()}:`;
const logger = { warn: () => undefined };
let a: SharedState;
let b: SharedState;

beforeAll(async () => {
	a = await SharedState.open(URL, prefix, logger);
	b = await SharedState.open(URL, prefix, logger);
});

afterAll(async () => {
	const cleanup = new Redis(URL);
	const keys = await cleanup.keys(`${prefix}*`);
	if (keys.length) await cleanup.del(...keys);
	cleanup.disconnect();
	await a.close();
	await b.close();
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('connecting', () => {
	test('GIVEN nothing listens at REDIS_URL THEN start-up fails with one line naming the address (password hidden) and the fix', async () => {
		await expect(SharedState.open('redis://:hunter2@127.0.0.1:1', prefix, logger)).rejects.toThrow(
			/^Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 \(ECONNREFUSED\)/
		);
	});
});

describe('cooldowns', () => {
	test('GIVEN a one-use bucket taken on one shard THEN the other shard is refused with the time left, and it frees after the delay', async () => {
		expect(await a.takeCooldown('command:x:alice', 300, 1)).toEqual({ limited: false });
		const refused = await b.takeCooldown('command:x:alice', 300, 1);
		expect(refused.limited).toBe(true);
		expect(refused.limited && refused.remainingMs).toBeGreaterThan(200);
		// Another user, another bucket.
		expect(await b.takeCooldown('command:x:bob', 300, 1)).toEqual({ limited: false });
		await new Promise((resolve) => setTimeout(resolve, 350));
		expect(await b.takeCooldown('command:x:alice', 300, 1)).toEqual({ limited: false });
	});

	test('GIVEN a limit of 3 THEN three uses pass across shards, the fourth is refused and not counted', async () => {
		const takes = [
			await a.takeCooldown('command:y:u', 60_000, 3),
			await b.takeCooldown('command:y:u', 60_000, 3),
			await a.takeCooldown('command:y:u', 60_000, 3)
		];
		expect(takes.every((take) => !take.limited)).toBe(true);
		expect((await b.takeCooldown('command:y:u', 60_000, 3)).limited).toBe(true);
		expect(await a.redis.get(a.key('cooldown', 'command:y:u'))).toBe('3');
	});
});

describe('frustration', () => {
	test('GIVEN two processes WHEN a user keeps failing on one THEN the other sees the same level; a process started later replays it', async () => {
		const first = new FrustrationTracker();
		const second = new FrustrationTracker();
		const syncs = [new FrustrationSync(a, first), new FrustrationSync(b, second)];
		await Promise.all(syncs.map((sync) => sync.start()));
		try {
			for (let index = 0; index < 3; index++) first.record('spammer', 'cooldown');
			expect(first.level('spammer')).toBe(5);
			await until(() => second.level('spammer') === 5);
			// The event is not applied twice where it was recorded.
			expect(syncs[0]!.applied).toBe(0);
			expect(syncs[1]!.applied).toBe(3);

			second.record('spammer2', 'failure', { command: 'rank' });
			second.record('spammer2', 'failure', { command: 'rank' });
			await until(() => first.score('spammer2') > 2);
			expect(first.score('spammer2')).toBeCloseTo(second.score('spammer2'), 1);

			const late = new FrustrationTracker();
			const lateSync = new FrustrationSync(a, late);
			await lateSync.start();
			expect(late.level('spammer')).toBe(5);
			await lateSync.stop();
		} finally {
			await Promise.all(syncs.map((sync) => sync.stop()));
		}
		// Stopped: records stay local.
		first.record('quiet', 'cooldown');
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(second.level('quiet')).toBe(0);
	});
});

describe('AI limits', () => {
	const settings: LimitSettings = { windowMs: 60_000, memberRequests: 2, guildRequests: 3, memberDailyTokens: 100, guildDailyTokens: 150 };
	const limiter = (shared: SharedState, seed: Map<string, number> = new Map()) =>
		new RedisLimiter(
			shared,
			() => settings,
			async () => seed,
			new MemoryLimiter(() => settings)
		);

	test('GIVEN two shards THEN the member and guild request windows are one: the third request of a member is refused wherever it lands', async () => {
		const [one, two] = [limiter(a), limiter(b)];
		const now = Date.now();
		expect(await one.take('g1', 'alice', now)).toEqual({ allowed: true });
		expect(await two.take('g1', 'alice', now + 1)).toEqual({ allowed: true });
		const refused = await one.take('g1', 'alice', now + 2);
		expect(refused).toMatchObject({ allowed: false, reason: 'member_rate' });
		expect(!refused.allowed && refused.retryAfterMs).toBeGreaterThan(59_000);
		expect(await two.take('g1', 'bob', now + 3)).toEqual({ allowed: true });
		expect(await one.take('g1', 'carol', now + 4)).toMatchObject({ allowed: false, reason: 'guild_rate' });
		// After the window, room again.
		expect(await two.take('g1', 'alice', now + 60_001)).toEqual({ allowed: true });
	});

	test("GIVEN today's usage in the database THEN it seeds the shared budget once, and spending on either shard counts for both", async () => {
		const seed = new Map([['alice', 90]]);
		const [one, two] = [limiter(a, seed), limiter(b, seed)];
		expect(await one.spent('g2', 'alice')).toEqual({ guild: 90, member: 90 });
		expect(await two.spent('g2', 'alice')).toEqual({ guild: 90, member: 90 });
		await two.spend('g2', 'alice', 15);
		expect(await one.take('g2', 'alice')).toMatchObject({ allowed: false, reason: 'member_budget' });
		await one.spend('g2', 'bob', 50);
		expect(await two.take('g2', 'bob')).toMatchObject({ allowed: false, reason: 'guild_budget' });
		expect(await two.spent('g2', 'bob')).toEqual({ guild: 155, member: 50 });
	});

	test('GIVEN Redis stops answering THEN the in-memory limiter decides', async () => {
		const broken = await SharedState.open(URL, prefix, logger);
		const fallback = new MemoryLimiter(() => ({ ...settings, memberRequests: 1 }));
		const redisLimiter = new RedisLimiter(broken, () => settings, null, fallback);
		broken.redis.disconnect();
		expect(await redisLimiter.take('g3', 'alice')).toEqual({ allowed: true });
		expect(await redisLimiter.take('g3', 'alice')).toMatchObject({ allowed: false, reason: 'member_rate' });
	});
});

describe('shards', () => {
	test("a guild's shard is (id >> 22) % count, and a process knows its shards only when there are several", () => {
		const guild = ((300_000_000_001n << 22n) | 7n).toString();
		expect(shardOfGuild(guild, 2)).toBe(1);
		expect(shardOfGuild(guild, 1)).toBe(0);
		expect(shardsOf({ options: { shards: [1], shardCount: 2 } as never })).toEqual({ ids: [1], count: 2 });
		expect(shardsOf({ options: { shards: 'auto', shardCount: 1 } as never })).toBeNull();
	});

	test('each shard process writes its own log file; a single process keeps the configured one', () => {
		expect(perProcessLogFile('logs/bot.log', { SHARDING_MANAGER: 'true', SHARDS: '1' })).toBe('logs/bot.shard-1.log');
		expect(perProcessLogFile('logs/bot.log', {})).toBe('logs/bot.log');
		expect(perProcessLogFile('/var/log/tika', { SHARDING_MANAGER: 'true', SHARDS: '0' })).toBe('/var/log/tika.shard-0');
	});
});
