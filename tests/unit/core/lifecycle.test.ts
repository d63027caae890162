import { Lifecycle } from '#core/lifecycle';

describe('Lifecycle shutdown hooks', () => {
	it('runs hooks once, last registered first', async () => {
		const lifecycle = new Lifecycle();
		const calls: string[] = [];
		lifecycle.onShutdown('database', () => calls.push('database'));
		lifecycle.onShutdown('xp-buffer', async () => {
			await new Promise((resolve) => setTimeout(resolve, 5));
			calls.push('xp-buffer');
		});
		const [first, second] = await Promise.all([lifecycle.shutdown(), lifecycle.shutdown()]);
		expect(calls).toEqual(['xp-buffer', 'database']);
		expect(first).toBe(second);
		expect(first.completed).toEqual(['xp-buffer', 'database']);
		expect(lifecycle.closing).toBe(true);
	});

	it('keeps going when a hook throws or hangs, and reports it', async () => {
		const lifecycle = new Lifecycle();
		const calls: string[] = [];
		lifecycle.onShutdown('last', () => calls.push('last'));
		lifecycle.onShutdown('hangs', () => new Promise(() => undefined));
		lifecycle.onShutdown('throws', () => {
			throw new Error('disk full');
		});
		const report = await lifecycle.shutdown(20);
		expect(calls).toEqual(['last']);
		expect(report.failed.map((failure) => [failure.name, (failure.error as Error).message])).toEqual([
			['throws', 'disk full'],
			['hangs', 'timed out after 20 ms']
		]);
	});

	it('forgets a hook that was unregistered', async () => {
		const lifecycle = new Lifecycle();
		const hook = jest.fn();
		const unregister = lifecycle.onShutdown('temp', hook);
		unregister();
		await lifecycle.shutdown();
		expect(hook).not.toHaveBeenCalled();
	});
});
