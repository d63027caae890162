import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../support/process';

const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface Tool {
	name: string;
	file: string;
	args: string[];
}

/** Every npm script that runs one of Tika's TypeScript tools (`tsx <file> [args]`). */
const TS_SCRIPTS: Tool[] = Object.entries(scripts)
	.filter(([, command]) => /^tsx \S+\.ts/.test(command))
	.map(([name, command]) => {
		const [, file, ...args] = command.split(/\s+/);
		return { name, file: file!, args };
	});
const isBench = (name: string) => name === 'bench' || name.startsWith('bench:');
const TOOLS = TS_SCRIPTS.filter((tool) => !isBench(tool.name));
/** `npm run bench` and every `bench:*` script: --help must answer before the bench builds, seeds or spawns anything. */
const BENCHES = TS_SCRIPTS.filter((tool) => isBench(tool.name));
// Tools run directly with npx tsx, named in their own comments and the docs.
const DIRECT: Tool[] = ['scripts/playground-screenshot.ts', 'scripts/cards/generate-backgrounds.ts'].map((file) => ({ name: file, file, args: [] }));

/** A bench's --help is a tsx start and the usage (≈ 0.3–2 s on the 2-core CI machine); any bench run takes far longer. */
const BENCH_HELP_MAX_MS = 15_000;
/** Runs killed after this: a script that ignores --help and starts its work fails here instead of hanging the suite. */
const KILL_AFTER_MS = 30_000;
/** Help runs at once: each is mostly a tsx start, CPU-bound, on 2 cores. */
const CONCURRENCY = 3;

interface HelpRun {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
	/** What the run left in its (empty) working directory. */
	leftInCwd: string[];
}

/** `<tool> --help` in a fresh empty working directory, with a clean environment. */
function runHelp(tool: Tool): Promise<HelpRun> {
	// An empty working directory: a tool that would create data/, read .env or open a database shows it here.
	const cwd = mkdtempSync(join(tmpdir(), 'tika-help-'));
	const started = performance.now();
	return new Promise((resolvePromise) => {
		execFile(
			process.execPath,
			['--require', require.resolve('tsx/cjs'), resolve(REPO_ROOT, tool.file), ...tool.args, '--help'],
			{
				cwd,
				env: {
					PATH: process.env.PATH ?? '',
					HOME: process.env.HOME ?? '/tmp',
					TSX_TSCONFIG_PATH: resolve(REPO_ROOT, 'tsconfig.json'),
					DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:1/none'
				},
				encoding: 'utf8',
				timeout: KILL_AFTER_MS,
				killSignal: 'SIGKILL'
			},
			(error, stdout, stderr) => {
				const ms = performance.now() - started;
				const leftInCwd = readdirSync(cwd);
				rmSync(cwd, { recursive: true, force: true });
				const failed = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
				resolvePromise({
					code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0,
					signal: failed?.signal ?? null,
					stdout,
					stderr,
					ms,
					leftInCwd
				});
			}
		);
	});
}

describe('every script answers --help', () => {
	const runs = new Map<string, HelpRun>();
	const all = [...TOOLS, ...DIRECT, ...BENCHES];

	beforeAll(
		async () => {
			const queue = [...all];
			await Promise.all(
				Array.from({ length: CONCURRENCY }, async () => {
					for (let tool = queue.shift(); tool; tool = queue.shift()) runs.set(tool.name, await runHelp(tool));
				})
			);
		},
		Math.ceil(all.length / CONCURRENCY) * KILL_AFTER_MS + 10_000
	);

	it('GIVEN package.json THEN the tools and benches below are all of its tsx scripts', () => {
		expect(TOOLS.map((tool) => tool.name)).toEqual(expect.arrayContaining(['health', 'db:backup', 'db:studio', 'db:migrate', 'playground']));
		const benchScripts = Object.keys(scripts).filter(isBench);
		expect(BENCHES.map((bench) => bench.name)).toEqual(benchScripts);
		expect(benchScripts).toEqual(expect.arrayContaining(['bench', 'bench:startup', 'bench:router', 'bench:wordgames', 'bench:commands']));
	});

	it.each([...TOOLS, ...DIRECT].map((tool) => [tool.name] as const))(
		'GIVEN %s --help THEN it prints its usage on stdout, exits 0 and touches nothing',
		(name) => {
			const run = runs.get(name)!;
			expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
			expect(run.stdout).toMatch(/^Usage: /);
			expect(run.leftInCwd).toEqual([]);
		}
	);

	it.each(BENCHES.map((bench) => [bench.name] as const))(
		'GIVEN npm run %s -- --help THEN it prints its usage and exits 0 at once, without running the bench',
		(name) => {
			const run = runs.get(name)!;
			expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
			// Only the usage, naming the script: a bench that started would print its progress or RESULT lines.
			expect(run.stdout).toMatch(new RegExp(`^Usage: npm run ${name.replace(/[:-]/g, '\\$&')}[ \\n]`));
			expect(run.stdout).not.toMatch(/^RESULT /m);
			expect(run.ms).toBeLessThan(BENCH_HELP_MAX_MS);
			expect(run.leftInCwd).toEqual([]);
		}
	);
});
