/**
 * The metrics endpoint from outside a real Tika process (node src/index.ts, as in production):
 * - with the shipped config.yml (metrics off) the process listens on no TCP port at all;
 * - with metrics on, over PostgreSQL (the real server on 127.0.0.1:5432 in every run: only a server can go away),
 *   /readyz is 503 while Tika starts and 200 once it is ready; when the database stops accepting connections it turns
 *   503 naming the database while /healthz stays 200, and 200 again once the database is back.
 */
import { readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordDouble } from '../../src/playground/double';
import { createTestDatabase, rawExec, TEST_POSTGRES_ADMIN_URL, type TestDatabase } from '../support/database';
import { botEnv, REPO_ROOT, spawnBot, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

jest.setTimeout(120_000);

let double: DiscordDouble;
let dir: string;
const running: BotProcess[] = [];

beforeAll(async () => {
	double = await new DiscordDouble().start();
	const owner = double.createUser({ username: 'owner' });
	double.createGuild({ name: 'Metrics', ownerId: owner }).createChannel('general');
	dir = mkdtempSync(join(tmpdir(), 'tika-metrics-'));
});

afterAll(async () => {
	await Promise.all(running.map((bot) => stopBotProcess(bot, 'SIGKILL')));
	await double.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** Inodes of the TCP sockets `pid` is listening on (state 0A in /proc/net/tcp{,6}), from its open file descriptors. */
function listeningSockets(pid: number): string[] {
	const inodes = new Set<string>();
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
			if (match) inodes.add(match[1]!);
		} catch {
			// the descriptor closed while we listed them
		}
	}
	const listening: string[] = [];
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			if (fields[3] === '0A' && inodes.has(fields[9]!)) listening.push(`${table} ${fields[1]}`);
		}
	}
	return listening;
}

function get(url: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		request(url, { timeout: 5_000 }, (response) => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (body += chunk));
			response.on('end', () => resolve({ status: response.statusCode!, body }));
		})
			.on('error', reject)
			.end();
	});
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

test('GIVEN the shipped config.yml (metrics off) WHEN Tika runs THEN it listens on no port', async () => {
	const bot = await startBotProcess(double, botEnv(double, `file:${join(dir, 'off.db')}`));
	running.push(bot);
	expect(listeningSockets(bot.child.pid!)).toEqual([]);
	expect(bot.stdout()).not.toContain('Metrics:');
	expect((await stopBotProcess(bot)).code).toBe(0);
});

describe('with metrics on, over PostgreSQL', () => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await createTestDatabase('postgresql');
	});

	afterAll(async () => {
		await rawExec(
			{ url: TEST_POSTGRES_ADMIN_URL, provider: 'postgresql' },
			`ALTER DATABASE "${new URL(database.url).pathname.slice(1)}" ALLOW_CONNECTIONS true`
		);
		await database.cleanup();
	});

	test('GIVEN Tika starting, ready, then its database refusing connections THEN /readyz goes 503 → 200 → 503 → 200 and /healthz stays 200', async () => {
		const port = await freePort();
		const configPath = join(dir, 'config.yml');
		writeFileSync(
			configPath,
			readFileSync(join(REPO_ROOT, 'config.yml'), 'utf8')
				.replace(/^metrics:\n {2}#.*\n {2}enabled: false/m, 'metrics:\n  enabled: true')
				.replace(/^ {2}port: 9464$/m, `  port: ${port}`)
		);
		const base = `http://127.0.0.1:${port}`;
		double.clearRequests();
		const bot = spawnBot(botEnv(double, database.url, { TIKA_CONFIG: configPath }));
		running.push(bot);

		// While it starts (migrating a fresh database, connecting to the gateway): up, not ready.
		const starting = await until(
			() => get(`${base}/readyz`).catch(() => null),
			(response) => response !== null
		);
		expect(starting?.status).toBe(503);
		expect(JSON.parse(starting!.body)).toMatchObject({ ready: false });
		expect((await get(`${base}/healthz`)).status).toBe(200);

		await bot.waitForOutput(/Ready as /);
		const ready = await until(
			() => get(`${base}/readyz`),
			(response) => response.status === 200
		);
		expect(JSON.parse(ready.body)).toEqual({ ready: true, checks: { gateway: 'ok', database: 'ok', migrations: 'ok' } });
		expect(bot.stdout()).toContain(`Metrics: /metrics, /healthz and /readyz on ${base}`);
		// The same socket check as with metrics off finds the endpoint, and only it.
		expect(listeningSockets(bot.child.pid!)).toHaveLength(1);

		// The database goes away: no new connection is accepted and the bot's are closed.
		const name = new URL(database.url).pathname.slice(1);
		const admin = { url: TEST_POSTGRES_ADMIN_URL, provider: 'postgresql' as const };
		await rawExec(admin, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
		await rawExec(admin, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
		const down = await until(
			() => get(`${base}/readyz`),
			(response) => response.status === 503
		);
		expect(down.status).toBe(503);
		const body = JSON.parse(down.body) as { ready: boolean; checks: Record<string, string> };
		expect(body.ready).toBe(false);
		expect(body.checks.gateway).toBe('ok');
		expect(body.checks.database).not.toBe('ok');
		expect((await get(`${base}/healthz`)).status).toBe(200);

		await rawExec(admin, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
		const back = await until(
			() => get(`${base}/readyz`),
			(response) => response.status === 200
		);
		expect(back.status).toBe(200);

		expect((await stopBotProcess(bot)).code).toBe(0);
		expect(bot.stdout()).toMatch(/Router totals at shutdown: /);
	});
});
