/**
 * The compiled bot as production runs it (`node dist/index.js`, from a private build of this checkout), with the module
 * pack the build writes (scripts/build/module-pack.cjs, src/core/module-pack.ts): its start-up modules, pieces included,
 * run from the pack, and nothing an operator sees changes: the same commands and plugin pieces, plugins switched off
 * and on at run time, edited files taking effect, stack traces naming the modules' own files.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import { buildTikaInto, STORE_FOLDERS } from '../support/build';
import { botEnv, lastRegisteredCommands, REPO_ROOT, slashCommandRunner, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

const PROBE = join(REPO_ROOT, 'tests/support/module-pack-probe.cjs');

interface Report {
	stats: { active: boolean; reason?: string; cacheRejected: boolean; loaded: string[]; stale: string[] };
	cached: string[];
	stack: string;
}

/** Every piece file of a folder holding store folders (dist/core, dist/plugins/<name>). */
function pieceFiles(folder: string): string[] {
	const files: string[] = [];
	const walk = (directory: string) => {
		for (const entry of readdirSync(directory, { withFileTypes: true })) {
			const path = join(directory, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.name.endsWith('.js')) files.push(path);
		}
	};
	for (const store of STORE_FOLDERS) if (existsSync(join(folder, store))) walk(join(folder, store));
	return files;
}

describe('the compiled bot and its module pack', () => {
	let root: string;
	let dist: string;
	let entry: string;
	let double: DiscordDouble;
	let owner: UserHandle;
	let general: ChannelHandle;
	let env: Record<string, string>;
	let bot: BotProcess | null = null;
	let reportFile: string;

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'tika-compiled-'));
		entry = buildTikaInto(join(root, 'build'));
		dist = join(root, 'build', 'dist');
		double = await new DiscordDouble().start();
		owner = double.createUser({ username: 'owner' });
		general = double.createGuild({ name: 'Compiled', ownerId: owner }).createChannel('general');
		reportFile = join(root, 'report.json');
		env = botEnv(double, `file:${join(root, 'tika.db')}`, { BOT_OWNERS: owner.id, MODULE_PACK_REPORT: reportFile });
	}, 300_000);

	afterEach(async () => {
		if (bot) expect((await stopBotProcess(bot)).code).toBe(0);
		bot = null;
	});

	afterAll(async () => {
		await double?.stop();
		rmSync(root, { recursive: true, force: true });
	});

	/** Stops the running bot, which must exit cleanly (code 0), before the test starts the next one. */
	async function stopBot() {
		expect((await stopBotProcess(bot!)).code).toBe(0);
		bot = null;
	}

	const start = (extra: Record<string, string> = {}) =>
		startBotProcess(double, { ...env, ...extra }, 60_000, { compiled: entry, nodeArgs: ['--require', PROBE] });

	/** What the probe in the running bot reports (see tests/support/module-pack-probe.cjs). */
	async function report(process: BotProcess): Promise<Report> {
		const next = (process.stdout().match(/^MODULE-PACK \d+$/gm) ?? []).length + 1;
		process.child.kill('SIGUSR2');
		await process.waitForOutput(new RegExp(`^MODULE-PACK ${next}$`, 'm'));
		return JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
	}

	const run = (...args: Parameters<ReturnType<typeof slashCommandRunner>>) => slashCommandRunner(double, general, owner)(...args);
	const lastPutNames = () => lastRegisteredCommands(double).sort();

	it('GIVEN the compiled bot WHEN it starts THEN its pieces and nearly every module come from the pack, commands answer, and stack traces name the modules’ own files', async () => {
		bot = await start();
		const { stats, cached, stack } = await report(bot);
		expect(stats).toMatchObject({ active: true, cacheRejected: false, stale: [] });

		const pieces = [join(dist, 'core'), ...readdirSync(join(dist, 'plugins')).map((plugin) => join(dist, 'plugins', plugin))].flatMap(pieceFiles);
		expect(pieces.length).toBeGreaterThan(100);
		expect(pieces.filter((file) => !stats.loaded.includes(file))).toEqual([]);
		// Sapphire takes pieces out of require.cache once loaded; what is left there is the rest of the start-up's modules.
		const fromDisk = cached.filter((file) => /\.c?js$/.test(file) && !stats.loaded.includes(file));
		expect(cached.length).toBeGreaterThan(1000);
		expect({ share: fromDisk.length / cached.length < 0.05, fromDisk }).toMatchObject({ share: true });

		// The error was thrown inside the pack; its first frame names env.js and the line that throws.
		const frame = /\n {4}at (?:Object\.)?parseEnv \((.+):(\d+):\d+\)\n/.exec(stack);
		expect(frame?.[1]).toBe(join(dist, 'core', 'env.js'));
		expect(readFileSync(frame![1]!, 'utf8').split('\n')[Number(frame![2]) - 1]).toContain("'DISCORD_TOKEN is not set'");

		expect((await run('coinflip')).text).toMatch(/🪙 (Heads|Tails)!/);
	}, 90_000);

	it('GIVEN the same build with TIKA_MODULE_PACK=0 THEN the bot registers the same commands and owns the same pieces per plugin', async () => {
		bot = await start({ TIKA_MODULE_PACK: '0' });
		expect((await report(bot)).stats).toMatchObject({ active: false, reason: 'TIKA_MODULE_PACK=0', loaded: [] });
		const commands = lastPutNames();
		const list = (await run('plugins', 'list')).text;
		await stopBot();
		bot = await start();
		expect((await report(bot)).stats.active).toBe(true);
		expect(lastPutNames()).toEqual(commands);
		expect((await run('plugins', 'list')).text).toBe(list);
		expect(list).toMatch(/\*\*quick_games\*\* `v[\d.]+` · entertainment · 🟢 enabled\ncommands 3/);
	}, 90_000);

	it('GIVEN a plugin switched off WHEN Tika restarts and the owner switches it back on THEN its pieces load from the pack and answer', async () => {
		bot = await start();
		expect((await run('plugins', 'disable', { plugin: 'quick_games' })).text).toContain('Disabled `quick_games`');
		expect(lastPutNames()).not.toContain('coinflip');
		await stopBot();
		bot = await start();
		const coinflip = join(dist, 'plugins', 'quick_games', 'commands', 'coinflip.js');
		expect((await report(bot)).stats.loaded).not.toContain(coinflip);
		expect(lastPutNames()).not.toContain('coinflip');
		expect((await run('plugins', 'list')).text).toMatch(/\*\*quick_games\*\* `v[\d.]+` · entertainment · 🔴 disabled\nnot loaded/);

		expect((await run('plugins', 'enable', { plugin: 'quick_games' })).text).toContain('Enabled `quick_games`');
		expect((await report(bot)).stats.loaded).toContain(coinflip);
		expect(lastPutNames()).toContain('coinflip');
		expect((await run('coinflip')).text).toMatch(/🪙 (Heads|Tails)!/);
	}, 90_000);

	it('GIVEN a packed file edited on disk THEN /plugins reload runs the edit, and so does the next start (the pack steps aside for that file)', async () => {
		bot = await start();
		const coin = join(dist, 'plugins', 'quick_games', 'lib', 'coin.js');
		const source = readFileSync(coin, 'utf8');
		expect(source).toContain("'Heads' : 'Tails'");
		writeFileSync(coin, source.replace("'Heads' : 'Tails'", "'HEADS' : 'TAILS'"));

		expect((await run('coinflip')).text).toMatch(/🪙 (Heads|Tails)!/);
		expect((await run('plugins', 'reload', { plugin: 'quick_games' })).text).toContain('Reloaded `quick_games`');
		expect((await run('coinflip')).text).toMatch(/🪙 (HEADS|TAILS)!/);
		await stopBot();
		bot = await start();
		const { stats } = await report(bot);
		expect(stats.stale).toEqual([coin]);
		expect(stats.loaded).toContain(join(dist, 'plugins', 'quick_games', 'commands', 'coinflip.js'));
		expect((await run('coinflip')).text).toMatch(/🪙 (HEADS|TAILS)!/);
	}, 90_000);
});
