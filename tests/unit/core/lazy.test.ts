import { execFileSync } from 'node:child_process';
import { lazy, lazyAsync } from '../../../src/core/lazy';

describe('lazy', () => {
	it('GIVEN a lazy value THEN nothing loads until the first call, and it loads once', () => {
		const load = jest.fn(() => ({ heavy: true }));
		const value = lazy(load);
		expect(load).not.toHaveBeenCalled();
		expect(value.loaded).toBe(false);
		expect(value.peek()).toBeUndefined();
		const first = value();
		expect(value()).toBe(first);
		expect(load).toHaveBeenCalledTimes(1);
		expect(value.loaded).toBe(true);
		expect(value.peek()).toBe(first);
	});

	it('GIVEN a load that throws THEN the error reaches the caller and the next call tries again', () => {
		let attempts = 0;
		const value = lazy(() => {
			if (++attempts === 1) throw new Error('not yet');
			return attempts;
		});
		expect(() => value()).toThrow('not yet');
		expect(value.loaded).toBe(false);
		expect(value()).toBe(2);
		expect(value()).toBe(2);
	});

	it('GIVEN reset THEN the value is forgotten and the next call loads afresh', () => {
		let count = 0;
		const value = lazy(() => ++count);
		expect(value()).toBe(1);
		value.reset();
		expect(value.loaded).toBe(false);
		expect(value()).toBe(2);
	});
});

describe('lazyAsync', () => {
	it('GIVEN concurrent first calls THEN they share one load, and settled holds the value once it resolved', async () => {
		let resolve!: (value: string) => void;
		const load = jest.fn(() => new Promise<string>((done) => (resolve = done)));
		const value = lazyAsync(load);
		const [a, b] = [value(), value()];
		expect(a).toBe(b);
		expect(load).toHaveBeenCalledTimes(1);
		expect(value.loaded).toBe(true);
		expect(value.settled).toBeUndefined();
		resolve('words');
		await expect(a).resolves.toBe('words');
		expect(value.settled).toBe('words');
	});

	it('GIVEN a load that rejects THEN every waiting caller sees the error and the next call loads again', async () => {
		let attempts = 0;
		const value = lazyAsync(async () => {
			if (++attempts === 1) throw new Error('disk away');
			return attempts;
		});
		await expect(Promise.all([value(), value()])).rejects.toThrow('disk away');
		expect(value.loaded).toBe(false);
		expect(value.settled).toBeUndefined();
		await expect(value()).resolves.toBe(2);
		expect(attempts).toBe(2);
	});

	it('GIVEN reset while a load is in flight THEN its late result does not come back as the value', async () => {
		let resolveFirst!: (value: number) => void;
		let calls = 0;
		const value = lazyAsync(() => (++calls === 1 ? new Promise<number>((done) => (resolveFirst = done)) : Promise.resolve(2)));
		const first = value();
		value.reset();
		resolveFirst(1);
		await expect(first).resolves.toBe(1);
		expect(value.settled).toBeUndefined();
		await expect(value()).resolves.toBe(2);
		expect(value.settled).toBe(2);
	});
});

describe('heavy dependencies are paid for on first use', () => {
	it('GIVEN every module that draws, parses times, talks to the AI or holds the dictionary is loaded THEN none of their heavy dependencies is, until used', () => {
		const script = `
			for (const m of ['./src/shared/images/rankCard', './src/shared/images/backgrounds', './src/shared/images/avatar', './src/shared/images/fonts',
				'./src/plugins/server_tools/lib/chart', './src/plugins/social/lib/image', './src/plugins/progression/lib/card/leaderboard',
				'./src/plugins/reminders/lib/when', './src/plugins/reminders/lib/repeat', './src/plugins/ai_chat/lib/provider', './src/plugins/word_games/lib/dictionary']) require(m);
			const loaded = (name) => Object.keys(require.cache).some((key) => key.includes('/node_modules/' + name + '/'));
			const before = ['@napi-rs/canvas', 'chrono-node', 'rrule', 'openai'].filter(loaded);
			require('./src/shared/images/canvas').createCanvas(2, 2);
			process.stdout.write(JSON.stringify({ before, canvasAfterDraw: loaded('@napi-rs/canvas'), dictionary: require('./src/plugins/word_games/lib/dictionary').loadDictionary.loaded }));`;
		const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: `${__dirname}/../../..`, encoding: 'utf8' });
		expect(JSON.parse(out)).toEqual({ before: [], canvasAfterDraw: true, dictionary: false });
	});
});

describe('what a single process without metrics never loads', () => {
	it('GIVEN the metrics registry (endpoint off) and the Redis link module are loaded THEN neither prom-client nor ioredis is, until metrics are on', () => {
		const script = `
			const { MetricsRegistry } = require('./src/core/metrics/registry');
			require('./src/core/sharding/redis');
			const loaded = (name) => Object.keys(require.cache).some((key) => key.includes('/node_modules/' + name + '/'));
			const off = new MetricsRegistry({ enabled: false });
			off.add({ name: 'tika_probe', help: 'probe', type: 'gauge', collect: () => [{ value: 1 }] });
			const before = ['prom-client', 'ioredis'].filter(loaded);
			new MetricsRegistry({ enabled: true });
			off.registry.metrics().then((text) => process.stdout.write(JSON.stringify({ before, promClientWhenOn: loaded('prom-client'), offStillServes: text.includes('tika_probe 1') })));`;
		const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: `${__dirname}/../../..`, encoding: 'utf8' });
		expect(JSON.parse(out)).toEqual({ before: [], promClientWhenOn: true, offStillServes: true });
	});
});
