import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordDouble } from '../../src/playground/double';
import { spawnBot } from '../support/process';

/** A person should see one line that says what is wrong; a stack trace has lines starting with "at ". */
function expectOneClearLine(stderr: string, pattern: RegExp) {
	const lines = stderr.trim().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(pattern);
	expect(stderr).not.toMatch(/^\s+at /m);
}

describe('Tika as a process', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-process-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('GIVEN no DISCORD_TOKEN THEN it exits 1 with one line saying how to set it', async () => {
		const bot = spawnBot({ DATABASE_URL: `file:${join(dir, 'none.db')}` });
		const { code } = await bot.exited;
		expect(code).toBe(1);
		expectOneClearLine(bot.stderr(), /^tika: DISCORD_TOKEN is not set\. Copy \.env\.example to \.env/);
	});

	it('GIVEN a broken config.yml THEN it exits 1 naming the key, the bad value and what was expected', async () => {
		const config = join(dir, 'broken.yml');
		writeFileSync(config, 'performance:\n  cache_ttl: five\n');
		const bot = spawnBot({ DISCORD_TOKEN: 'x', TIKA_CONFIG: config, DATABASE_URL: `file:${join(dir, 'broken.db')}` });
		const { code } = await bot.exited;
		expect(code).toBe(1);
		expectOneClearLine(bot.stderr(), /broken\.yml: performance\.cache_ttl must be a positive number of seconds \(got "five"\)/);
	});

	it('GIVEN an unreachable PostgreSQL URL THEN it exits 1 with one line and no password in it', async () => {
		const bot = spawnBot({ DISCORD_TOKEN: 'x', DATABASE_URL: 'postgresql://tika:s3cret@127.0.0.1:1/tika' });
		const { code } = await bot.exited;
		expect(code).toBe(1);
		expectOneClearLine(bot.stderr(), /PostgreSQL.*127\.0\.0\.1:1/);
		expect(bot.stderr()).not.toContain('s3cret');
	});

	describe('GIVEN a token and a Discord-compatible server', () => {
		let double: DiscordDouble;
		beforeAll(async () => {
			double = await new DiscordDouble().start();
		});
		afterAll(async () => {
			await double.stop();
		});

		it('migrates a fresh SQLite file, logs in, registers commands once, answers, and stops cleanly on SIGTERM', async () => {
			const alice = double.createUser({ username: 'alice' });
			const guild = double.createGuild({ name: 'Process Test', ownerId: alice });
			const general = guild.createChannel('general');
			const database = join(dir, 'nested', 'fresh.db');

			const bot = spawnBot({ DISCORD_TOKEN: double.token, DISCORD_API_URL: double.apiUrl, DATABASE_URL: `file:${database}` });
			try {
				await bot.waitForOutput(/Ready as /);
				const put = await double.waitForRequest({ method: 'PUT', path: '/applications/:id/commands' }, { timeout: 30_000 });
				expect((put.body as { name: string }[]).map((command) => command.name)).toEqual(expect.arrayContaining(['ping', 'help']));
				expect(bot.stdout()).toMatch(/applied \d+ migration\(s\): \d+_init/);

				const ping = await double.slashCommand({ channel: general, user: alice, name: 'ping' });
				expect((await ping.reply()).content).toMatch(/Pinging|Pong/);

				await general.send(alice, '!tika ping');
				expect((await double.waitForMessage({ channel: general })).content).toMatch(/Pinging|Pong/);
				expect(double.requestsTo('PUT', '/applications/:id/commands')).toHaveLength(1);
			} finally {
				const started = Date.now();
				bot.child.kill('SIGTERM');
				const { code } = await bot.exited;
				expect(code).toBe(0);
				expect(Date.now() - started).toBeLessThan(10_000);
			}
			expect(bot.stdout()).toMatch(/SIGTERM received/);
			expect(bot.stdout()).toMatch(/Goodbye/);
			expect(bot.stdout()).not.toContain(double.token);
			expect(bot.stderr()).toBe('');
		}, 60_000);
	});
});
