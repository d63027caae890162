/**
 * Tika's own V8 flags (src/core/v8-flags.ts) are set by the entry point itself, in a real process (node src/index.ts,
 * as in production), before the database opens: the first WebAssembly Prisma compiles, its query compiler, already
 * runs without V8's optimising tier, the memory bench:startup measures (docs/architecture.md, "Where Tika's memory goes").
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
let bot: BotProcess | undefined;

beforeAll(async () => {
	double = await new DiscordDouble().start();
	const owner = double.createUser({ username: 'owner' });
	double.createGuild({ name: 'Flags', ownerId: owner }).createChannel('general');
	dir = mkdtempSync(join(tmpdir(), 'tika-v8-flags-'));
});

afterAll(async () => {
	if (bot) await stopBotProcess(bot, 'SIGKILL');
	await double.stop();
	rmSync(dir, { recursive: true, force: true });
});

it('GIVEN Tika started from its entry point THEN --liftoff-only is set before the database compiles its WebAssembly, and the bot still comes up', async () => {
	expect(TIKA_V8_FLAGS).toContain('--liftoff-only');
	bot = spawnBot(botEnv(double, `file:${join(dir, 'tika.db')}`), {
		nodeArgs: ['--require', join(REPO_ROOT, 'tests/support/wasm-flags-probe.cjs')]
	});
	await bot.waitForOutput(/WASM-COMPILED \{.*\}\n/);
	const line = /WASM-COMPILED (\{.*\})\n/.exec(bot.stdout())![1]!;
	expect((JSON.parse(line) as { flagsSetBefore: string[] }).flagsSetBefore).toEqual([...TIKA_V8_FLAGS]);
	// Queries still work with the flag: Tika migrates, reads its settings and registers its commands.
	await bot.waitForOutput(/Ready as /);
	await double.waitForRequest({ method: 'PUT', path: '/applications/:id/commands' }, { timeout: 60_000 });
});
