import { MessageRouter, type MessageRouterOptions } from '#core/router/MessageRouter';
import type { FeatureGate, HandlerResult, RoutableMessage, RouteContext, RouteEntry, RouterLogger } from '#core/router/types';

interface FakeMessage extends RoutableMessage {
	readonly id: string;
}

const message = (overrides: Partial<RoutableMessage> = {}): FakeMessage => ({
	id: 'm1',
	guildId: 'g1',
	content: 'hello there',
	author: { bot: false },
	webhookId: null,
	system: false,
	partial: false,
	...overrides
});

type Run = (message: FakeMessage, context: RouteContext) => HandlerResult | Promise<HandlerResult>;

const entry = (name: string, overrides: Partial<Omit<RouteEntry<FakeMessage>, 'run'>> & { run?: Run } = {}): RouteEntry<FakeMessage> => ({
	name,
	plugin: 'games',
	priority: 50,
	edits: false,
	dms: false,
	run: () => undefined,
	...overrides
});

/** A handler that writes its name into `calls` so a test can see who ran, in which order. */
const recording = (calls: string[], name: string, overrides: Partial<Omit<RouteEntry<FakeMessage>, 'run'>> = {}, result: HandlerResult = undefined) =>
	entry(name, {
		...overrides,
		run: () => {
			calls.push(name);
			return result;
		}
	});

const silentLogger = (): RouterLogger & { error: jest.Mock } => ({ error: jest.fn() });

function makeRouter(entries: RouteEntry<FakeMessage>[], options: Partial<MessageRouterOptions<FakeMessage>> = {}) {
	const logger = silentLogger();
	const router = new MessageRouter<FakeMessage>({ source: () => entries, logger: () => logger, ...options });
	return { router, logger };
}

describe('MessageRouter', () => {
	describe('order and short-circuit', () => {
		it('runs handlers in ascending priority whatever order they were given in', async () => {
			const calls: string[] = [];
			const { router } = makeRouter([
				recording(calls, 'late', { priority: 90 }),
				recording(calls, 'early', { priority: 10 }),
				recording(calls, 'middle', { priority: 50 })
			]);
			expect(await router.route(message(), { edited: false })).toBeNull();
			expect(calls).toEqual(['early', 'middle', 'late']);
		});

		it('stops at the first handler that reports the message handled and names it', async () => {
			const calls: string[] = [];
			const { router } = makeRouter([recording(calls, 'filter', { priority: 10 }, true), recording(calls, 'xp', { priority: 90 })]);
			expect(await router.route(message(), { edited: false })).toBe('filter');
			expect(calls).toEqual(['filter']);
		});

		it('treats only a literal true as handled', async () => {
			const calls: string[] = [];
			const { router } = makeRouter([recording(calls, 'first', { priority: 1 }, false), recording(calls, 'second', { priority: 2 })]);
			await router.route(message(), { edited: false });
			expect(calls).toEqual(['first', 'second']);
		});

		it('answers synchronously when every handler is synchronous', () => {
			const { router } = makeRouter([entry('sync', { run: () => true })]);
			expect(router.route(message(), { edited: false })).toBe('sync');
		});

		it('waits for an async handler before running the next one', async () => {
			const calls: string[] = [];
			const { router } = makeRouter([
				entry('slow', {
					priority: 1,
					run: async () => {
						await new Promise((resolve) => setTimeout(resolve, 5));
						calls.push('slow');
					}
				}),
				recording(calls, 'next', { priority: 2 })
			]);
			await router.route(message(), { edited: false });
			expect(calls).toEqual(['slow', 'next']);
		});

		it('stops at an async handler that resolves to true', async () => {
			const calls: string[] = [];
			const { router } = makeRouter([entry('async', { priority: 1, run: async () => true }), recording(calls, 'after', { priority: 2 })]);
			expect(await router.route(message(), { edited: false })).toBe('async');
			expect(calls).toEqual([]);
		});

		it('picks up a new handler list as soon as the source returns a different array', async () => {
			const calls: string[] = [];
			let entries = [recording(calls, 'one')];
			const router = new MessageRouter<FakeMessage>({ source: () => entries, logger: silentLogger });
			await router.route(message(), { edited: false });
			entries = [recording(calls, 'two', { priority: 1 }), ...entries];
			await router.route(message(), { edited: false });
			expect(calls).toEqual(['one', 'two', 'one']);
		});
	});

	describe('error isolation', () => {
		it('logs and counts a throwing handler and still runs the next one', async () => {
			const calls: string[] = [];
			const boom = new Error('boom');
			const { router, logger } = makeRouter([
				entry('broken', {
					priority: 1,
					plugin: 'levels',
					run: () => {
						throw boom;
					}
				}),
				recording(calls, 'next', { priority: 2 })
			]);
			await router.route(message({ id: 'm42', guildId: 'g7' }), { edited: false });
			expect(calls).toEqual(['next']);
			expect(logger.error).toHaveBeenCalledTimes(1);
			const [text, error] = logger.error.mock.calls[0]!;
			expect(text).toContain('"broken"');
			expect(text).toContain('levels');
			expect(text).toContain('m42');
			expect(text).toContain('g7');
			expect(error).toBe(boom);
			expect(router.stats().find((row) => row.name === 'broken')).toMatchObject({ calls: 1, errors: 1, handled: 0 });
		});

		it('logs and counts a rejecting handler and still runs the next one', async () => {
			const calls: string[] = [];
			const { router, logger } = makeRouter([
				entry('rejects', { priority: 1, run: () => Promise.reject(new Error('nope')) }),
				recording(calls, 'next', { priority: 2 })
			]);
			await router.route(message(), { edited: false });
			expect(calls).toEqual(['next']);
			expect(logger.error).toHaveBeenCalledTimes(1);
			expect(router.stats()[0]).toMatchObject({ name: 'rejects', calls: 1, errors: 1 });
		});
	});

	describe('feature toggles', () => {
		const gate = (disabled: Record<string, string[]>): FeatureGate => ({
			isEnabled: (guildId, plugin) => !(disabled[guildId] ?? []).includes(plugin)
		});

		it('skips handlers of a plugin disabled in this guild and counts the skip', async () => {
			const calls: string[] = [];
			const { router } = makeRouter(
				[recording(calls, 'xp', { plugin: 'levels', priority: 1 }), recording(calls, 'chain', { plugin: 'games', priority: 2 })],
				{ features: () => gate({ g1: ['levels'] }) }
			);
			await router.route(message({ guildId: 'g1' }), { edited: false });
			await router.route(message({ guildId: 'g2' }), { edited: false });
			expect(calls).toEqual(['chain', 'xp', 'chain']);
			expect(router.stats().find((row) => row.name === 'xp')).toMatchObject({ calls: 1, skipped: 1 });
		});

		it('reads the states the gate has at hand once per message, and asks isEnabled only about plugins missing from them', async () => {
			const calls: string[] = [];
			const isEnabled = jest.fn((_guild: string, plugin: string) => plugin !== 'extra');
			const statesNow = jest.fn((guildId: string) =>
				guildId === 'g1'
					? new Map([
							['levels', false],
							['games', true]
						])
					: undefined
			);
			const { router } = makeRouter(
				[
					recording(calls, 'xp', { plugin: 'levels', priority: 1 }),
					recording(calls, 'chain', { plugin: 'games', priority: 2 }),
					recording(calls, 'more', { plugin: 'games', priority: 3 }),
					recording(calls, 'extra', { plugin: 'extra', priority: 4 })
				],
				{ features: () => ({ isEnabled, statesNow }) }
			);
			await router.route(message({ guildId: 'g1' }), { edited: false });
			expect(calls).toEqual(['chain', 'more']);
			expect(statesNow).toHaveBeenCalledTimes(1);
			expect(isEnabled.mock.calls).toEqual([['g1', 'extra']]);
			// Nothing at hand for g2: every plugin is asked about, as without statesNow.
			calls.length = 0;
			await router.route(message({ guildId: 'g2' }), { edited: false });
			expect(calls).toEqual(['xp', 'chain', 'more']);
			expect(isEnabled).toHaveBeenCalledTimes(5);
		});

		it('waits for a feature check that answers with a promise', async () => {
			const calls: string[] = [];
			const { router } = makeRouter(
				[recording(calls, 'xp', { plugin: 'levels', priority: 1 }), recording(calls, 'chain', { plugin: 'games', priority: 2 })],
				{ features: () => ({ isEnabled: async (_guild, plugin) => plugin !== 'levels' }) }
			);
			await router.route(message(), { edited: false });
			expect(calls).toEqual(['chain']);
		});

		it('skips the handler when its feature check fails, and logs why', async () => {
			const calls: string[] = [];
			const { router, logger } = makeRouter([recording(calls, 'xp', { plugin: 'levels' })], {
				features: () => ({
					isEnabled: () => {
						throw new Error('database down');
					}
				})
			});
			await router.route(message(), { edited: false });
			expect(calls).toEqual([]);
			expect(logger.error).toHaveBeenCalledTimes(1);
			expect(router.stats()[0]).toMatchObject({ skipped: 1, calls: 0 });
		});

		it('never asks the gate about handlers outside any plugin', async () => {
			const isEnabled = jest.fn(() => false);
			const calls: string[] = [];
			const { router } = makeRouter([recording(calls, 'core', { plugin: null })], { features: () => ({ isEnabled }) });
			await router.route(message(), { edited: false });
			expect(calls).toEqual(['core']);
			expect(isEnabled).not.toHaveBeenCalled();
		});

		it('runs everything when no feature manager is installed', async () => {
			const calls: string[] = [];
			const { router } = makeRouter([recording(calls, 'xp', { plugin: 'levels' })], { features: () => undefined });
			await router.route(message(), { edited: false });
			expect(calls).toEqual(['xp']);
		});
	});

	describe('which messages are routed', () => {
		it.each([
			['a bot', { author: { bot: true } }],
			['a webhook', { webhookId: 'w1' }],
			['a system message', { system: true }],
			['a partial message', { partial: true }],
			['a message without an author', { author: null }]
		])('ignores %s', async (_label, overrides) => {
			const calls: string[] = [];
			const { router } = makeRouter([recording(calls, 'any', { dms: true, edits: true })]);
			expect(await router.route(message(overrides as Partial<RoutableMessage>), { edited: false })).toBeNull();
			expect(calls).toEqual([]);
		});

		it('routes nothing once shutdown has begun', async () => {
			const calls: string[] = [];
			let closing = false;
			const { router } = makeRouter([recording(calls, 'any')], { isClosing: () => closing });
			await router.route(message(), { edited: false });
			closing = true;
			await router.route(message(), { edited: false });
			expect(calls).toEqual(['any']);
			expect(router.acceptsEdits).toBe(false);
		});

		it('stops between async handlers when shutdown begins mid-route', async () => {
			const calls: string[] = [];
			let closing = false;
			const { router } = makeRouter(
				[
					entry('first', {
						priority: 1,
						run: async () => {
							closing = true;
						}
					}),
					recording(calls, 'second', { priority: 2 })
				],
				{ isClosing: () => closing }
			);
			await router.route(message(), { edited: false });
			expect(calls).toEqual([]);
		});

		it('gives direct messages only to handlers that accept DMs', async () => {
			const calls: string[] = [];
			const { router } = makeRouter([recording(calls, 'guildOnly', { priority: 1 }), recording(calls, 'dmToo', { priority: 2, dms: true })]);
			await router.route(message({ guildId: null }), { edited: false });
			expect(calls).toEqual(['dmToo']);
		});

		it('does not consult the feature gate in DMs, where there is no guild to toggle', async () => {
			const isEnabled = jest.fn(() => false);
			const calls: string[] = [];
			const { router } = makeRouter([recording(calls, 'dmToo', { dms: true })], { features: () => ({ isEnabled }) });
			await router.route(message({ guildId: null }), { edited: false });
			expect(calls).toEqual(['dmToo']);
			expect(isEnabled).not.toHaveBeenCalled();
		});

		it('gives edits only to handlers that opted in, and DM edits only to those that accept both', async () => {
			const calls: string[] = [];
			const { router } = makeRouter([
				recording(calls, 'plain', { priority: 1 }),
				recording(calls, 'edits', { priority: 2, edits: true }),
				recording(calls, 'dmEdits', { priority: 3, edits: true, dms: true })
			]);
			await router.route(message(), { edited: true });
			expect(calls).toEqual(['edits', 'dmEdits']);
			calls.length = 0;
			await router.route(message({ guildId: null }), { edited: true });
			expect(calls).toEqual(['dmEdits']);
		});

		it('says whether any handler wants edits', () => {
			expect(makeRouter([entry('plain')]).router.acceptsEdits).toBe(false);
			expect(makeRouter([entry('edits', { edits: true })]).router.acceptsEdits).toBe(true);
		});
	});

	describe('route context', () => {
		it('tells each handler its own plugin, the guild, whether it is an edit and whether it is a command', async () => {
			const contexts: RouteContext[] = [];
			const capture = (name: string, plugin: string, priority: number) =>
				entry(name, { plugin, priority, edits: true, run: (_message, context) => void contexts.push(context) });
			const { router } = makeRouter([capture('a', 'games', 1), capture('b', 'levels', 2)], { isCommand: (content) => content.startsWith('!') });
			await router.route(message({ content: '!help', guildId: 'g9' }), { edited: true });
			expect(contexts).toEqual([
				{ edited: true, isCommand: true, guildId: 'g9', plugin: 'games' },
				{ edited: true, isCommand: true, guildId: 'g9', plugin: 'levels' }
			]);
		});

		it('GIVEN messages alternating guilds, edits and commands THEN every handler gets the context of the message it runs for, frozen', async () => {
			const seen: RouteContext[] = [];
			const { router } = makeRouter([entry('a', { plugin: 'games', edits: true, run: (_message, context) => void seen.push(context) })], {
				isCommand: (content) => content.startsWith('!')
			});
			const sent: [string, string, boolean][] = [
				['g1', 'hi', false],
				['g1', 'again', false],
				['g2', 'hi', false],
				['g2', '!cmd', false],
				['g2', '!cmd', true],
				['g1', 'hi', true],
				['g1', 'hi', false]
			];
			for (const [guildId, content, edited] of sent) await router.route(message({ content, guildId }), { edited });
			expect(seen.map(({ guildId, isCommand, edited }) => [guildId, isCommand, edited])).toEqual(
				sent.map(([guildId, content, edited]) => [guildId, content.startsWith('!'), edited])
			);
			// The same guild and kind twice in a row share one (immutable) object.
			expect(seen[1]).toBe(seen[0]);
			expect(Object.isFrozen(seen[0])).toBe(true);
		});

		it('treats missing content as an empty string when checking for a command', async () => {
			const isCommand = jest.fn(() => false);
			const { router } = makeRouter([entry('any')], { isCommand });
			await router.route(message({ content: null }), { edited: false });
			expect(isCommand).toHaveBeenCalledWith('');
		});
	});

	describe('stats', () => {
		/** A clock that advances by the given durations, one per reading pair (start, end). */
		const steppingClock = (durations: number[]) => {
			let now = 0;
			let reading = 0;
			return () => {
				// Even readings start a handler, odd ones end it after the next scripted duration.
				if (reading++ % 2 === 1) now += durations.shift() ?? 0;
				return now;
			};
		};

		it('computes mean and p95 from known timings', async () => {
			const timings = Array.from({ length: 100 }, (_, index) => index + 1);
			const { router } = makeRouter([entry('timed')], { clock: steppingClock([...timings]), timeEvery: 1 });
			for (let index = 0; index < 100; index++) await router.route(message(), { edited: false });
			const [row] = router.stats();
			expect(row).toMatchObject({ name: 'timed', plugin: 'games', priority: 50, calls: 100, handled: 0, errors: 0, skipped: 0, samples: 100 });
			expect(row!.totalMs).toBe(5050);
			expect(row!.meanMs).toBeCloseTo(50.5);
			expect(row!.p50Ms).toBe(50);
			expect(row!.p95Ms).toBe(95);
		});

		it('computes p95 over the most recent window only', async () => {
			// 10 slow calls then 10 fast ones with a window of 10: only the fast ones count for p95, but all for the mean.
			const { router } = makeRouter([entry('timed')], {
				clock: steppingClock([...Array<number>(10).fill(100), ...Array<number>(10).fill(1)]),
				sampleWindow: 10,
				timeEvery: 1
			});
			for (let index = 0; index < 20; index++) await router.route(message(), { edited: false });
			const [row] = router.stats();
			expect(row).toMatchObject({ calls: 20, p95Ms: 1, samples: 10 });
			expect(row!.meanMs).toBeCloseTo(50.5);
		});

		it('by default times one message in 8, keeps every counter exact and estimates the total from the timed ones', async () => {
			const clock = jest.fn(steppingClock(Array<number>(3).fill(4)));
			let calls = 0;
			const { router } = makeRouter([entry('sampled', { run: () => ++calls % 2 === 0 })], { clock, latencyBuckets: [1, 5, 10] });
			for (let index = 0; index < 20; index++) await router.route(message(), { edited: false });
			// Messages 1, 9 and 17 were timed: two clock readings each.
			expect(clock).toHaveBeenCalledTimes(6);
			const [row] = router.stats();
			expect(row).toMatchObject({ calls: 20, handled: 10, samples: 3, meanMs: 4, totalMs: 80, p95Ms: 4 });
			// Each timing stands for 8 calls in the metrics histogram.
			const { histogram } = router.histograms()[0]!;
			expect(histogram!.count).toBe(24);
			expect(histogram!.sumMs).toBe(96);
		});

		it('rejects a timeEvery that is not a positive integer', () => {
			expect(() => makeRouter([entry('x')], { timeEvery: 0 })).toThrow(RangeError);
			expect(() => makeRouter([entry('x')], { timeEvery: 2.5 })).toThrow(RangeError);
		});

		it('counts the errors of untimed calls too', async () => {
			const { router } = makeRouter(
				[
					entry('throws', {
						run: () => {
							throw new Error('nope');
						}
					})
				],
				{ timeEvery: 4 }
			);
			for (let index = 0; index < 6; index++) await router.route(message(), { edited: false });
			expect(router.stats()[0]).toMatchObject({ calls: 6, errors: 6, samples: 2 });
		});

		it('counts handled messages and times async handlers until they settle', async () => {
			const { router } = makeRouter([entry('async', { run: async () => true })], { clock: steppingClock([7]) });
			await router.route(message(), { edited: false });
			expect(router.stats()[0]).toMatchObject({ calls: 1, handled: 1, totalMs: 7, p95Ms: 7 });
		});

		it('reports zeros before the first call', () => {
			const { router } = makeRouter([entry('idle')]);
			expect(router.stats()[0]).toMatchObject({ calls: 0, meanMs: 0, p95Ms: 0, samples: 0 });
		});

		it('starts from zero again after resetStats', async () => {
			const { router } = makeRouter([entry('timed', { run: () => true })]);
			await router.route(message(), { edited: false });
			router.resetStats();
			expect(router.stats()[0]).toMatchObject({ calls: 0, handled: 0, totalMs: 0, samples: 0 });
		});

		it('keeps a handler’s stats when it is reloaded under the same name', async () => {
			let entries = [entry('xp')];
			const router = new MessageRouter<FakeMessage>({ source: () => entries, logger: silentLogger });
			await router.route(message(), { edited: false });
			entries = [entry('xp')];
			await router.route(message(), { edited: false });
			expect(router.stats()[0]).toMatchObject({ name: 'xp', calls: 2 });
		});

		it('returns plain rows in routing order', () => {
			const { router } = makeRouter([entry('b', { priority: 2 }), entry('a', { priority: 1 })]);
			const rows = router.stats();
			expect(rows.map((row) => row.name)).toEqual(['a', 'b']);
			expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
		});
	});
});
