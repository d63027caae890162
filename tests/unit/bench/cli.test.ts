import { benchCli, parseBenchArgs } from '../../../bench/lib/cli';

describe('a bench command line', () => {
	const quick = process.env.BENCH_QUICK;
	afterEach(() => {
		if (quick === undefined) delete process.env.BENCH_QUICK;
		else process.env.BENCH_QUICK = quick;
	});

	it('GIVEN options with values and value-less flags in any order THEN each option gets its own value', () => {
		expect([...parseBenchArgs(['--quick', '--messages', '500', '--only', 'startup'])]).toEqual([
			['quick', ''],
			['messages', '500'],
			['only', 'startup']
		]);
	});

	it('GIVEN --quick THEN quick sizes apply, an option given on the command line still wins', () => {
		delete process.env.BENCH_QUICK;
		const cli = benchCli('Usage: x', ['--rounds', '7', '--quick']);
		expect(cli.quick).toBe(true);
		expect(cli.number('messages', 20_000, 4_000)).toBe(4_000);
		expect(cli.number('rounds', 3, 2)).toBe(7);
		expect(cli.number('channels', 20)).toBe(20);
	});

	it('GIVEN BENCH_QUICK=1 without --quick THEN quick sizes apply; GIVEN neither THEN full sizes', () => {
		process.env.BENCH_QUICK = '1';
		expect(benchCli('Usage: x', []).number('messages', 20_000, 4_000)).toBe(4_000);
		delete process.env.BENCH_QUICK;
		const full = benchCli('Usage: x', ['--providers', 'sqlite']);
		expect(full.quick).toBe(false);
		expect(full.number('messages', 20_000, 4_000)).toBe(20_000);
		expect(full.string('providers', 'sqlite,postgresql')).toBe('sqlite');
	});

	it('GIVEN --help THEN it prints the usage on stdout and exits 0', () => {
		const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
		const exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
			throw new Error(`exit ${code}`);
		}) as typeof process.exit);
		try {
			expect(() => benchCli('Usage: npm run bench:x', ['--help'])).toThrow('exit 0');
			expect(write).toHaveBeenCalledWith('Usage: npm run bench:x\n');
		} finally {
			write.mockRestore();
			exit.mockRestore();
		}
	});
});
