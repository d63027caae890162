import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { deploy } from '#core/database/index';
import { sqlitePath } from '#core/database/url';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { REPO_ROOT } from '../support/process';

function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePort(port));
		});
		server.on('error', reject);
	});
}

/** The command lines of `pid` and all its descendants, as `ps` would show them. */
function commandLines(pid: number): string[] {
	const lines: string[] = [];
	const visit = (id: number) => {
		try {
			lines.push(readFileSync(`/proc/${id}/cmdline`, 'utf8').split('\0').join(' '));
			for (const task of readdirSync(`/proc/${id}/task`)) {
				for (const child of readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean))
					visit(Number(child));
			}
		} catch {
			// The process ended meanwhile.
		}
	};
	visit(pid);
	return lines;
}

describe('npm run db:studio', () => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await createTestDatabase();
	});
	afterAll(() => database?.cleanup());

	it('GIVEN a database URL with a password THEN Studio serves it and no command line of its processes shows the URL', async () => {
		// The local server trusts every login, so any password works; SQLite URLs have none: there the whole URL (its
		// file path) must stay off the command lines.
		const url =
			database.provider === 'postgresql'
				? database.url.replace('postgresql://postgres@', 'postgresql://postgres:St4diO-secret@')
				: database.url;
		const secret = database.provider === 'postgresql' ? 'St4diO-secret' : sqlitePath(database.url);
		await deploy(database.url);
		const port = await freePort();
		const child = spawn(process.execPath, ['--require', 'tsx/cjs', resolve(REPO_ROOT, 'scripts/db/studio.ts')], {
			cwd: REPO_ROOT,
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: url, STUDIO_PORT: String(port) },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		try {
			const deadline = Date.now() + 30_000;
			let answered = false;
			while (!answered && Date.now() < deadline) {
				answered = await fetch(`http://127.0.0.1:${port}/`).then(
					(response) => response.ok,
					() => false
				);
				if (!answered) await new Promise((wait) => setTimeout(wait, 200));
			}
			expect(answered).toBe(true);
			const lines = commandLines(child.pid!);
			expect(lines.some((line) => line.includes('prisma') && line.includes('studio'))).toBe(true);
			for (const line of lines) expect(line).not.toContain(secret);
			if (database.provider === 'postgresql') expect(output).not.toContain(secret);
		} finally {
			process.kill(-child.pid!, 'SIGTERM');
			await new Promise((done) => child.on('exit', done));
		}
	}, 60_000);
});
