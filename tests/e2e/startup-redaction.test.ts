import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBot } from '../support/process';

// The fatal start-up line is printed outside the logger: it must pass the redactor itself, and the database password
// must be removed wherever it appears, not only inside a URL.
describe('the fatal start-up line', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-redaction-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('GIVEN a failure whose message holds the database password outside any URL THEN the printed line shows *** instead', async () => {
		const password = 'Corr3ct-Horse';
		// A config path that happens to contain the password: the "Cannot read" line quotes the path.
		const bot = spawnBot({
			DISCORD_TOKEN: 'x'.repeat(24) + '.abcdef.' + 'y'.repeat(27),
			DATABASE_URL: `postgresql://tika:${encodeURIComponent(password)}@127.0.0.1:1/tika`,
			TIKA_CONFIG: join(dir, `${password}.yml`)
		});
		const { code } = await bot.exited;
		expect(code).toBe(1);
		const lines = bot.stderr().trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^tika: .*\*\*\*\.yml/);
		expect(bot.stderr() + bot.stdout()).not.toContain(password);
	}, 30_000);
});
