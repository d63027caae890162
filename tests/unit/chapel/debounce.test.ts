import { KeyedDebouncer, type DebounceTimers } from '../../../src/plugins/chapel/lib/debounce';

/** Hand-driven time: `advance(ms)` fires every timer that comes due, in order. */
function manualTimers() {
	let now = 0;
	let nextId = 0;
	const timers = new Map<number, { at: number; callback: () => void }>();
	const api: DebounceTimers = {
		setTimeout: (callback, ms) => {
			timers.set(++nextId, { at: now + ms, callback });
			return nextId;
		},
		clearTimeout: (handle) => void timers.delete(handle as number),
		now: () => now
	};
	const advance = async (ms: number) => {
		const end = now + ms;
		for (;;) {
			const due = [...timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
			if (!due) break;
			timers.delete(due[0]);
			now = due[1].at;
			due[1].callback();
			await new Promise((resolve) => setImmediate(resolve));
		}
		now = end;
		await new Promise((resolve) => setImmediate(resolve));
	};
	return { api, advance };
}

describe('chapel edit debouncing', () => {
	it('GIVEN a burst of 30 events within the wait THEN one run happens, after the burst went quiet', async () => {
		const { api, advance } = manualTimers();
		const runs: number[] = [];
		const debouncer = new KeyedDebouncer(async () => void runs.push(api.now()), { waitMs: 100, maxWaitMs: 1_000, timers: api });
		for (let index = 0; index < 30; index++) {
			debouncer.schedule('post');
			await advance(10);
		}
		await advance(200);
		expect(runs).toEqual([390]);
	});

	it('GIVEN events that never go quiet THEN runs still happen every maxWait', async () => {
		const { api, advance } = manualTimers();
		let runs = 0;
		const debouncer = new KeyedDebouncer(async () => void runs++, { waitMs: 100, maxWaitMs: 500, timers: api });
		for (let index = 0; index < 100; index++) {
			debouncer.schedule('post');
			await advance(50);
		}
		await advance(200);
		// 5 s of steady events: one run per 500 ms, plus the trailing one.
		expect(runs).toBeGreaterThanOrEqual(9);
		expect(runs).toBeLessThanOrEqual(11);
	});

	it('GIVEN two keys THEN each is debounced on its own', async () => {
		const { api, advance } = manualTimers();
		const runs: string[] = [];
		const debouncer = new KeyedDebouncer(async (key) => void runs.push(key), { waitMs: 100, maxWaitMs: 1_000, timers: api });
		debouncer.schedule('a');
		debouncer.schedule('b');
		debouncer.schedule('a');
		await advance(150);
		expect(runs.sort()).toEqual(['a', 'b']);
	});

	it('GIVEN a key that comes due while it runs THEN it runs once more afterwards, never concurrently', async () => {
		const { api, advance } = manualTimers();
		let active = 0;
		let maxActive = 0;
		let runs = 0;
		let release!: () => void;
		const debouncer = new KeyedDebouncer(
			async () => {
				active++;
				maxActive = Math.max(maxActive, active);
				runs++;
				if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
				active--;
			},
			{ waitMs: 10, maxWaitMs: 10, timers: api }
		);
		debouncer.schedule('post');
		await advance(20);
		for (let index = 0; index < 5; index++) {
			debouncer.schedule('post');
			await advance(20);
		}
		const now = debouncer.runNow('post');
		release();
		await now;
		expect(maxActive).toBe(1);
		expect(runs).toBe(2);
		expect(debouncer.running).toBe(0);
	});

	it('GIVEN a run that throws THEN the error is reported and the key keeps working', async () => {
		const errors: unknown[] = [];
		let calls = 0;
		const debouncer = new KeyedDebouncer(
			async () => {
				calls++;
				if (calls === 1) throw new Error('boom');
			},
			{ waitMs: 0, maxWaitMs: 0, onError: (_key, error) => errors.push(error) }
		);
		await debouncer.runNow('post');
		await debouncer.runNow('post');
		expect(calls).toBe(2);
		expect(errors).toHaveLength(1);
	});

	it('GIVEN waiting keys at shutdown THEN flushAll runs them all now', async () => {
		const runs: string[] = [];
		const debouncer = new KeyedDebouncer(async (key) => void runs.push(key), { waitMs: 60_000, maxWaitMs: 60_000 });
		debouncer.schedule('a');
		debouncer.schedule('b');
		await debouncer.flushAll();
		expect(runs.sort()).toEqual(['a', 'b']);
		expect(debouncer.waiting).toBe(0);
	});
});
