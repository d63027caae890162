import { KeyedMutex } from '../../../src/plugins/moderation/lib/mutex';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('per-guild mutex (case number allocation)', () => {
	it('GIVEN 20 tasks on one key started at once THEN they run one at a time in call order', async () => {
		const mutex = new KeyedMutex();
		const order: number[] = [];
		let running = 0;
		let maxRunning = 0;
		await Promise.all(
			Array.from({ length: 20 }, (_, index) =>
				mutex.run('guild', async () => {
					running++;
					maxRunning = Math.max(maxRunning, running);
					await tick();
					order.push(index);
					running--;
				})
			)
		);
		expect(maxRunning).toBe(1);
		expect(order).toEqual(Array.from({ length: 20 }, (_, index) => index));
		await tick();
		expect(mutex.size).toBe(0);
	});

	it('GIVEN a task that throws THEN its caller gets the error and the next task still runs', async () => {
		const mutex = new KeyedMutex();
		const failed = mutex.run('guild', () => Promise.reject(new Error('boom')));
		const next = mutex.run('guild', () => Promise.resolve('after'));
		await expect(failed).rejects.toThrow('boom');
		await expect(next).resolves.toBe('after');
	});

	it('GIVEN two keys THEN their tasks overlap', async () => {
		const mutex = new KeyedMutex();
		let release!: () => void;
		const blocked = mutex.run('a', () => new Promise<void>((resolve) => (release = resolve)));
		await expect(mutex.run('b', () => Promise.resolve('b ran'))).resolves.toBe('b ran');
		release();
		await blocked;
	});
});
