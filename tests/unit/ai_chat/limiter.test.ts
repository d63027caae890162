import { MemoryLimiter, untilNextDay, utcDay, type LimitSettings } from '../../../src/plugins/ai_chat/lib/limiter';

const NOON = Date.UTC(2026, 5, 15, 12, 0, 0);
const settings = (overrides: Partial<LimitSettings> = {}): LimitSettings => ({
	windowMs: 60_000,
	memberRequests: 2,
	guildRequests: 3,
	memberDailyTokens: 100,
	guildDailyTokens: 250,
	...overrides
});

describe('MemoryLimiter', () => {
	it('GIVEN a member over their requests per window THEN refused with the wait until the oldest leaves the window', async () => {
		const limiter = new MemoryLimiter(() => settings());
		expect(await limiter.take('g', 'a', NOON)).toEqual({ allowed: true });
		expect(await limiter.take('g', 'a', NOON + 10_000)).toEqual({ allowed: true });
		expect(await limiter.take('g', 'a', NOON + 20_000)).toEqual({ allowed: false, reason: 'member_rate', retryAfterMs: 40_000 });
		expect(await limiter.take('g', 'a', NOON + 60_001)).toEqual({ allowed: true });
	});

	it('GIVEN the guild over its requests per window THEN another member is refused for the guild', async () => {
		const limiter = new MemoryLimiter(() => settings());
		await limiter.take('g', 'a', NOON);
		await limiter.take('g', 'b', NOON);
		await limiter.take('g', 'c', NOON);
		expect(await limiter.take('g', 'd', NOON + 1000)).toMatchObject({ allowed: false, reason: 'guild_rate', retryAfterMs: 59_000 });
		// Another guild is not affected, and a refusal counted nothing.
		expect(await limiter.take('h', 'd', NOON + 1000)).toEqual({ allowed: true });
	});

	it('GIVEN 0 as a limit THEN there is no limit', async () => {
		const limiter = new MemoryLimiter(() => settings({ memberRequests: 0, guildRequests: 0, memberDailyTokens: 0, guildDailyTokens: 0 }));
		await limiter.spend('g', 'a', 1_000_000, NOON);
		for (let index = 0; index < 50; index++) expect((await limiter.take('g', 'a', NOON)).allowed).toBe(true);
	});

	it('GIVEN tokens spent up to the budgets THEN member and guild are refused until midnight UTC, and a new day starts afresh', async () => {
		const limiter = new MemoryLimiter(() => settings({ memberRequests: 0, guildRequests: 0 }));
		await limiter.spend('g', 'a', 100, NOON);
		expect(await limiter.take('g', 'a', NOON)).toEqual({ allowed: false, reason: 'member_budget', retryAfterMs: 12 * 3600_000 });
		await limiter.spend('g', 'b', 150, NOON);
		expect(await limiter.take('g', 'c', NOON)).toMatchObject({ allowed: false, reason: 'guild_budget' });
		expect(await limiter.spent('g', 'b', NOON)).toEqual({ guild: 250, member: 150 });
		expect(await limiter.take('g', 'a', NOON + 12 * 3600_000)).toEqual({ allowed: true });
	});

	it("GIVEN a seed (the database's usage of the day) THEN it is loaded once per guild and day and counts", async () => {
		const seed = jest.fn(async () => new Map([['a', 90]]));
		const limiter = new MemoryLimiter(() => settings({ memberRequests: 0, guildRequests: 0 }), seed);
		expect(await limiter.spent('g', 'a', NOON)).toEqual({ guild: 90, member: 90 });
		await limiter.spend('g', 'a', 10, NOON);
		expect((await limiter.take('g', 'a', NOON)).allowed).toBe(false);
		expect(seed).toHaveBeenCalledTimes(1);
		expect(seed).toHaveBeenCalledWith('g', '2026-06-15');
	});

	it('GIVEN a failing seed THEN it is retried on the next message', async () => {
		const seed = jest.fn().mockRejectedValueOnce(new Error('db down')).mockResolvedValue(new Map());
		const limiter = new MemoryLimiter(() => settings(), seed);
		await expect(limiter.take('g', 'a', NOON)).rejects.toThrow('db down');
		expect(await limiter.take('g', 'a', NOON)).toEqual({ allowed: true });
	});
});

describe('days', () => {
	it('GIVEN a time THEN its UTC day and the time to the next UTC midnight', () => {
		expect(utcDay(Date.UTC(2026, 0, 1, 23, 59))).toBe('2026-01-01');
		expect(untilNextDay(Date.UTC(2026, 0, 1, 23, 59))).toBe(60_000);
	});
});
