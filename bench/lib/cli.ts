/**
 * The command line of a bench: `--name value` options, `--help` (prints the usage on stdout and exits 0, before the
 * bench starts anything) and quick mode (`--quick`, or BENCH_QUICK=1 as `npm run bench -- --quick` sets it), in which
 * a bench runs at small sizes for a quick look. An option given on the command line wins over both sizes.
 */
export interface BenchCli {
	/** `--quick` or BENCH_QUICK=1. */
	quick: boolean;
	/** `--name N`, else `quick` in quick mode (when given), else `full`. */
	number(name: string, full: number, quick?: number): number;
	/** `--name text`, else `quick` in quick mode (when given), else `full`. */
	string(name: string, full: string, quick?: string): string;
	/** Whether `--name` was given. */
	has(name: string): boolean;
}

/** Flags that take no value. */
const FLAGS = new Set(['quick', 'help', 'h']);

/** Options out of an argv tail: `--name value` pairs and the value-less flags above. */
export function parseBenchArgs(argv: readonly string[]): Map<string, string> {
	const args = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const name = argv[i]!.replace(/^--?/, '');
		if (FLAGS.has(name)) args.set(name, '');
		else args.set(name, argv[++i] ?? '');
	}
	return args;
}

/** `usage` must start with "Usage: " (the scripts' --help convention). */
export function benchCli(usage: string, argv: readonly string[] = process.argv.slice(2)): BenchCli {
	const args = parseBenchArgs(argv);
	if (args.has('help') || args.has('h')) {
		process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
		process.exit(0);
	}
	const quick = args.has('quick') || process.env.BENCH_QUICK === '1';
	return {
		quick,
		number: (name, full, quickValue) => Number(args.get(name) ?? (quick && quickValue !== undefined ? quickValue : full)),
		string: (name, full, quickValue) => args.get(name) ?? (quick && quickValue !== undefined ? quickValue : full),
		has: (name) => args.has(name)
	};
}
