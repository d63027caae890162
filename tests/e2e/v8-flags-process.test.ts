/**
 * What Tika's own start-up does for its memory, in a real process (node src/index.ts, as in production), the memory
 * bench:startup measures (docs/architecture.md, "Where Tika's memory goes"):
 * - its V8 flags (src/core/v8-flags.ts) are set by the entry point itself, before the database opens: the first
 *   WebAssembly Prisma compiles, its query compiler, already runs without V8's optimising tier;
 * - it builds no ICU formatter: the first number formatter a process creates (`Number#toLocaleString`,
 *   `Intl.NumberFormat`) makes ICU load ≈ 4.6 MB of locale data and code from node's binary, which then stays resident;
 *   collators and the other Intl objects cost the same way. Sapphire's "Took N ms to initialize" line was such a
 *   formatter: Tika logs it itself (src/core/listeners/commandRegistration.ts). Commands that format numbers still do,
 *   on first use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TIKA_V8_FLAGS } from '#core/v8-flags';
import { DiscordDouble } from '../../src/playground/double';
import { botEnv, REPO_ROOT, spawnBot, stopBotProcess, type BotProcess } from '../support/process';

jest.setTimeout(90_000);

let double: DiscordDouble;
let dir: string;
let bot: BotProcess;

beforeAll(async () => {
	double = await new DiscordDouble().start();
	const owner = double.createUser({ username: 'owner' });
	double.createGuild({ name: 'Flags', ownerId: owner }).createChannel('general');
	double.createGuild({ name: 'Members', ownerId: owner }).addMembers(10);
	dir = mkdtempSync(join(tmpdir(), 'tika-v8-flags-'));
	// A new database: this start applies the migrations too.
	bot = spawnBot(botEnv(double, `file:${join(dir, 'tika.db')}`), {
		nodeArgs: [
			'--require',
			join(REPO_ROOT, 'tests/support/wasm-flags-probe.cjs'),
			'--require',
			join(REPO_ROOT, 'tests/support/icu-formatters-probe.cjs')
		]
	});
});

afterAll(async () => {
	await stopBotProcess(bot, 'SIGKILL');
	await double.stop();
	rmSync(dir, { recursive: true, force: true });
});

it('GIVEN Tika started from its entry point THEN --liftoff-only is set before the database compiles its WebAssembly, and the bot still comes up', async () => {
	expect(TIKA_V8_FLAGS).toContain('--liftoff-only');
	await bot.waitForOutput(/WASM-COMPILED \{.*\}\n/);
	const line = /WASM-COMPILED (\{.*\})\n/.exec(bot.stdout())![1]!;
	expect((JSON.parse(line) as { flagsSetBefore: string[] }).flagsSetBefore).toEqual([...TIKA_V8_FLAGS]);
	// Queries still work with the flag: Tika migrates, reads its settings and registers its commands.
	await bot.waitForOutput(/Ready as /);
	await double.waitForRequest({ method: 'PUT', path: '/applications/:id/commands' }, { timeout: 60_000 });
});

it('GIVEN Tika started from its entry point THEN it logs how long registering its commands took, and builds no ICU formatter up to then', async () => {
	await double.waitForRequest({ method: 'PUT', path: '/applications/:id/commands' }, { timeout: 60_000 });
	await bot.waitForOutput(/ApplicationCommandRegistries: Took \d+ms to initialize\./);
	await bot.waitForOutput(
		/ApplicationCommandRegistries\(BulkOverwrite\) Successfully overwrote global application commands\. The application now has \d+ global commands/
	);
	// The ready listeners' queries and the scheduler's first poll have run by now; give stragglers a moment.
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	expect(
		bot
			.stdout()
			.split('\n')
			.filter((line) => line.startsWith('ICU-FORMATTER'))
	).toEqual([]);
});
