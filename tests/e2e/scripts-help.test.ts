import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../support/process';

const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Every npm script that runs one of Tika's TypeScript tools (`tsx <file> [args]`); the benches are measured elsewhere. */
const TOOLS = Object.entries(scripts)
	.filter(([name, command]) => /^tsx \S+\.ts/.test(command) && !name.startsWith('bench:'))
	.map(([name, command]) => {
		const [, file, ...args] = command.split(/\s+/);
		return { name, file: file!, args };
	});
// Tools run directly with npx tsx, named in their own comments and the docs.
const DIRECT = ['scripts/playground-screenshot.ts', 'scripts/cards/generate-backgrounds.ts'];

describe('every script answers --help', () => {
	let cwd: string;
	beforeAll(() => {
		cwd = mkdtempSync(join(tmpdir(), 'tika-help-'));
	});
	afterAll(() => rmSync(cwd, { recursive: true, force: true }));

	it('GIVEN package.json THEN the tools below are all of its tsx scripts', () => {
		expect(TOOLS.map((tool) => tool.name)).toEqual(expect.arrayContaining(['health', 'db:backup', 'db:studio', 'db:migrate', 'playground']));
	});

	it.each([...TOOLS.map((tool) => [tool.name, tool.file, tool.args] as const), ...DIRECT.map((file) => [file, file, []] as const)])(
		'GIVEN %s --help THEN it prints its usage on stdout, exits 0 and touches nothing',
		(_name, file, args) => {
			const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), resolve(REPO_ROOT, file), ...args, '--help'], {
				// An empty working directory: a tool that would create data/, read .env or open a database shows it here.
				cwd,
				env: {
					PATH: process.env.PATH ?? '',
					HOME: process.env.HOME ?? '/tmp',
					TSX_TSCONFIG_PATH: resolve(REPO_ROOT, 'tsconfig.json'),
					DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:1/none'
				},
				encoding: 'utf8',
				timeout: 30_000
			});
			expect({ code: result.status, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
			expect(result.stdout).toMatch(/^Usage: /);
			expect(readdirSync(cwd)).toEqual([]);
		},
		40_000
	);
});
