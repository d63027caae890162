/**
 * Hot reload in development: Tika runs as a process with NODE_ENV=development, so @sapphire/plugin-hmr watches the
 * plugin folders and calls `piece.reload()` when a file is saved (under jest a re-required piece file would come back
 * unchanged). A saved piece must reach Discord only when a command's definition changed, and then in one PUT to the
 * scope that holds it: the global list, or the DEV_GUILD_IDS guilds.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DiscordDouble } from '../../src/playground/double';
import { botEnv, copyPlugin, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

const FIXTURE = resolve(__dirname, '../support/fixtures/plugins/fx_admin');
/** Every application command route: global and guild lists, one command, permissions. */
const COMMAND_ROUTES = /^\/applications\/[^/]+\/(guilds\/[^/]+\/)?commands(\/|$)/;

/** A copy of fx_admin, a double with one guild, and the environment of a development bot using both. */
/**
 * A save the watcher can never catch half-written: a plain write truncates first, and a watcher event landing between
 * the truncate and the write makes the reload read an empty module (EMPTY_MODULE) and miss the save. Editors that save
 * safely write a temporary file and rename it over the original; so does this.
 */
function writeAtomically(file: string, content: string): void {
	const temporary = join(tmpdir(), `tika-save-${process.pid}-${Date.now()}.tmp`);
	writeFileSync(temporary, content);
	renameSync(temporary, file);
}

async function setUp() {
	const copy = copyPlugin(FIXTURE, 'tika-hmr-');
	const double = await new DiscordDouble().start();
	const owner = double.createUser({ username: 'owner' });
	const guild = double.createGuild({ name: 'Hot Reload', ownerId: owner });
	return {
		copy,
		double,
		owner,
		guild,
		general: guild.createChannel('general'),
		hello: join(copy.pluginDir, 'commands', 'fxAdminHello.ts'),
		noop: join(copy.pluginDir, 'listeners', 'fxAdminNoop.ts'),
		env: botEnv(double, copy.databaseUrl, { BOT_OWNERS: owner.id, TIKA_PLUGIN_PATHS: copy.pluginsDir, NODE_ENV: 'development' }),
		async tearDown() {
			await double.stop();
			copy.remove();
		}
	};
}

describe('hot reload (NODE_ENV=development) with Tika as a process', () => {
	let world: Awaited<ReturnType<typeof setUp>>;
	let bot: BotProcess | null = null;

	beforeAll(async () => {
		world = await setUp();
	});
	afterEach(async () => {
		if (bot) await stopBotProcess(bot);
		bot = null;
	});
	afterAll(() => world?.tearDown());

	const commandRequests = () => world.double.requestsTo('*', COMMAND_ROUTES);
	const hellos = async () =>
		(await (await world.double.slashCommand({ channel: world.general, user: world.owner, name: 'fx-admin-hello' })).reply()).content;

	/**
	 * Saves `file` and resolves once the watcher has reloaded `piece` (and the reload, Discord included, has finished: the
	 * plugin logs after `reload()` resolved). The first save after start-up is retried: the watcher starts after login.
	 */
	async function save(file: string, content: string, piece: string, { retry = false } = {}) {
		const reloads = () => bot!.stdout().split(`reloaded ${piece} piece`).length - 1;
		const seen = reloads();
		for (let attempt = 0; ; attempt++) {
			writeAtomically(file, content);
			const deadline = Date.now() + (retry ? 2_000 : 10_000);
			while (reloads() === seen && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
			if (reloads() > seen) break;
			if (!retry || attempt === 4) throw new Error(`${piece} was not reloaded after saving ${file}:\n${bot!.stdout()}\n${bot!.stderr()}`);
		}
		// An editor's save can reach the watcher as two changes (truncate, write): let a second reload finish too.
		await new Promise((resolve) => setTimeout(resolve, 300));
	}

	it('GIVEN saved pieces WHEN nothing in a command definition changed THEN Discord hears nothing; a changed description costs one global PUT', async () => {
		bot = await startBotProcess(world.double, world.env);
		await bot.waitForOutput(/\[HMR-Plugin\]: Enabled/);
		const original = readFileSync(world.hello, 'utf8');

		// A listener saved as it is: no command was touched.
		const before = commandRequests().length;
		await save(world.noop, readFileSync(world.noop, 'utf8'), 'fxAdminNoop', { retry: true });
		expect(commandRequests()).toHaveLength(before);

		// The command saved as it is: same definition, so the new piece takes over the old ids without a request.
		await save(world.hello, original, 'fx-admin-hello');
		expect(commandRequests()).toHaveLength(before);
		expect(await hellos()).toBe('fx_admin says hello (v1)');

		// New code, same definition: the new reply is live, Discord still hears nothing.
		await save(world.hello, original.replace('fx_admin says hello (v1)', 'fx_admin says hello (v2)'), 'fx-admin-hello');
		expect(commandRequests()).toHaveLength(before);
		expect(await hellos()).toBe('fx_admin says hello (v2)');

		// A new description is a new definition: one PUT of the global list, nothing else.
		const edited = original.replace('Says hello from the fx_admin fixture', 'Says hello, freshly saved');
		await save(world.hello, edited, 'fx-admin-hello');
		const requests = commandRequests().slice(before);
		expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /applications/${world.double.applicationId}/commands`]);
		expect(world.double.commands().find((command) => command.name === 'fx-admin-hello')?.description).toBe('Says hello, freshly saved');
		expect((requests[0]!.body as { name: string }[]).map((command) => command.name)).toEqual(
			expect.arrayContaining(['fx-admin-hello', 'plugins'])
		);
		expect(await hellos()).toBe('fx_admin says hello (v1)');

		writeAtomically(world.hello, original);
		expect((await stopBotProcess(bot)).code).toBe(0);
	}, 90_000);

	it('GIVEN DEV_GUILD_IDS WHEN a command description changes on save THEN the one PUT goes to the dev guild, never to the global list', async () => {
		bot = await startBotProcess(world.double, { ...world.env, DEV_GUILD_IDS: world.guild.id });
		await world.double.waitForRequest(
			{ method: 'PUT', path: `/applications/:id/guilds/${world.guild.id}/commands` },
			{ timeout: 30_000, includeExisting: true }
		);
		await bot.waitForOutput(/\[HMR-Plugin\]: Enabled/);
		// Start-up: the global list is emptied (Sapphire always sends it) and the commands live in the dev guild.
		expect(world.double.commands()).toEqual([]);
		expect(world.double.commands(world.guild).map((command) => command.name)).toEqual(expect.arrayContaining(['fx-admin-hello', 'plugins']));

		const original = readFileSync(world.hello, 'utf8');
		const before = commandRequests().length;
		await save(world.hello, original, 'fx-admin-hello', { retry: true });
		expect(commandRequests()).toHaveLength(before);

		await save(world.hello, original.replace('Says hello from the fx_admin fixture', 'Says hello to the dev guild'), 'fx-admin-hello');
		expect(
			commandRequests()
				.slice(before)
				.map((request) => `${request.method} ${request.path}`)
		).toEqual([`PUT /applications/${world.double.applicationId}/guilds/${world.guild.id}/commands`]);
		expect(world.double.commands(world.guild).find((command) => command.name === 'fx-admin-hello')?.description).toBe(
			'Says hello to the dev guild'
		);
		expect(world.double.commands()).toEqual([]);
		expect(await hellos()).toBe('fx_admin says hello (v1)');

		writeAtomically(world.hello, original);
		expect((await stopBotProcess(bot)).code).toBe(0);
	}, 90_000);
});
