/**
 * `/plugins reload` and restarts, with Tika as a real process. Under jest, Sapphire's re-require of a piece goes
 * through jest's module registry and gets the old code back, and a second client in one process lacks Sapphire's
 * core listeners; a child process has neither problem and is what production runs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import {
	botEnv,
	copyPlugin,
	lastRegisteredCommands,
	slashCommandRunner,
	startBotProcess,
	stopBotProcess,
	type BotProcess,
	type PluginCopy
} from '../support/process';

const FIXTURE = resolve(__dirname, '../support/fixtures/plugins/fx_admin');

const EXTRA_COMMAND = `import { Command } from '@sapphire/framework';

export class FxAdminExtraCommand extends Command {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, name: 'fx-admin-extra', description: 'Added after start-up' });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) => builder.setName(this.name).setDescription(this.description));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.reply({ content: 'fx_admin extra is here' });
	}
}
`;

describe('plugin administration with Tika as a process', () => {
	let copy: PluginCopy | undefined;
	let pluginDir: string;
	let double: DiscordDouble;
	let owner: UserHandle;
	let general: ChannelHandle;
	let env: Record<string, string>;
	let bot: BotProcess | null = null;

	beforeAll(async () => {
		copy = copyPlugin(FIXTURE, 'tika-plugins-');
		pluginDir = copy.pluginDir;

		double = await new DiscordDouble().start();
		owner = double.createUser({ username: 'owner' });
		const guild = double.createGuild({ name: 'Process Admin', ownerId: owner });
		general = guild.createChannel('general');
		env = botEnv(double, copy.databaseUrl, { BOT_OWNERS: owner.id, TIKA_PLUGIN_PATHS: copy.pluginsDir });
	});

	afterEach(async () => {
		if (bot) await stopBotProcess(bot);
		bot = null;
	});

	afterAll(async () => {
		await double?.stop();
		copy?.remove();
	});

	async function stop(process: BotProcess) {
		expect((await stopBotProcess(process)).code).toBe(0);
	}

	const run = (...args: Parameters<ReturnType<typeof slashCommandRunner>>) => slashCommandRunner(double, general, owner)(...args);
	const lastPutNames = () => lastRegisteredCommands(double);

	it('GIVEN a piece changed on disk, a new piece and a broken one WHEN the owner runs /plugins reload THEN the new code answers and each file is reported', async () => {
		bot = await startBotProcess(double, env);
		expect((await run('fx-admin-hello')).reply.content).toBe('fx_admin says hello (v1)');

		const hello = join(pluginDir, 'commands', 'fxAdminHello.ts');
		writeFileSync(hello, readFileSync(hello, 'utf8').replace('fx_admin says hello (v1)', 'fx_admin says hello (v2, fresh from disk)'));
		writeFileSync(join(pluginDir, 'commands', 'fxAdminExtra.ts'), EXTRA_COMMAND);
		mkdirSync(join(pluginDir, 'listeners'), { recursive: true });
		writeFileSync(join(pluginDir, 'listeners', 'fxAdminBroken.ts'), "throw new Error('fxAdminBroken is broken on purpose');\n");
		const putsBefore = double.requestsTo('PUT', '/applications/:id/commands').length;

		const { text } = await run('plugins', 'reload', { plugin: 'fx_admin' });
		expect(text).toContain('Reloaded `fx_admin`, with problems');
		expect(text).toMatch(/Loaded \(3\)\n.*`commands\/fx-admin-extra`/);
		expect(text).toContain('`commands/fx-admin-hello`');
		expect(text).toContain('`listeners/fxAdminNoop`');
		expect(text).toContain('Failed (1)\n`listeners/fxAdminBroken.ts`: fxAdminBroken is broken on purpose');
		expect(text).toContain('Slash commands updated on Discord.');
		expect(double.requestsTo('PUT', '/applications/:id/commands')).toHaveLength(putsBefore + 1);
		expect(lastPutNames()).toEqual(expect.arrayContaining(['fx-admin-hello', 'fx-admin-extra', 'plugins']));

		expect((await run('fx-admin-hello')).reply.content).toBe('fx_admin says hello (v2, fresh from disk)');
		expect((await run('fx-admin-extra')).reply.content).toBe('fx_admin extra is here');

		const list = await run('plugins', 'list');
		expect(list.text).toMatch(
			/\*\*fx_admin\*\* `v1\.2\.3` · user · 🟢 enabled\ncommands 2 · listeners 1\n⚠️ `listeners\/fxAdminBroken\.ts`: fxAdminBroken is broken on purpose/
		);

		// A half-saved edit must not take a working command down: the failure is reported and the last good version stays.
		const good = readFileSync(hello, 'utf8');
		writeFileSync(hello, `${good}\nthrow new Error('saved half-way');\n`);
		const broken = await run('plugins', 'reload', { plugin: 'fx_admin' });
		expect(broken.text).toContain('`commands/fxAdminHello.ts`: saved half-way');
		expect((await run('fx-admin-hello')).reply.content).toBe('fx_admin says hello (v2, fresh from disk)');
		writeFileSync(hello, good);

		await stop(bot);
		expect(bot.stderr()).toBe('');
	}, 90_000);

	it('GIVEN a piece file fails at start-up THEN /plugins list shows its error (Sapphire itself only logs it)', async () => {
		bot = await startBotProcess(double, env);
		const list = await run('plugins', 'list');
		expect(list.text).toMatch(/⚠️ `listeners\/fxAdminBroken\.ts`: fxAdminBroken is broken on purpose/);
		expect(bot.stdout() + bot.stderr()).toMatch(/Could not load the piece .*fxAdminBroken\.ts/);
		await stop(bot);
	}, 60_000);

	it('GIVEN the owner disabled fx_admin WHEN Tika restarts THEN its pieces stay unloaded and unregistered, and it is listed as disabled', async () => {
		rmSync(join(pluginDir, 'listeners', 'fxAdminBroken.ts'), { force: true });
		bot = await startBotProcess(double, env);
		expect(lastPutNames()).toContain('fx-admin-hello');
		expect((await run('plugins', 'list')).text).not.toContain('⚠️');
		expect((await run('plugins', 'disable', { plugin: 'fx_admin' })).text).toContain('Disabled `fx_admin`');
		expect(lastPutNames()).not.toContain('fx-admin-hello');
		await stop(bot);

		bot = await startBotProcess(double, env);
		expect(lastPutNames()).not.toContain('fx-admin-hello');
		expect(lastPutNames()).not.toContain('fx-admin-extra');
		expect(lastPutNames()).toEqual(expect.arrayContaining(['plugins', 'admin']));
		const list = await run('plugins', 'list');
		expect(list.text).toMatch(/\*\*fx_admin\*\* `v1\.2\.3` · user · 🔴 disabled\nnot loaded/);

		expect((await run('plugins', 'enable', { plugin: 'fx_admin' })).text).toContain('Enabled `fx_admin`');
		expect(lastPutNames()).toEqual(expect.arrayContaining(['fx-admin-hello', 'fx-admin-extra']));
		await stop(bot);
	}, 90_000);
});
