import type { APIEmbed } from 'discord.js';
import { resolve } from 'node:path';
import type { ChannelHandle, OptionValue, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

const FIXTURES = resolve(__dirname, '../support/fixtures/plugins');

/** Everything an embed says, for assertions that should not care which field holds a sentence. */
function textOf(embed: APIEmbed | undefined): string {
	if (!embed) return '';
	return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])].filter(Boolean).join('\n');
}

function commandNames(body: unknown): string[] {
	return (body as { name: string }[]).map((command) => command.name);
}

describe('bot and plugin administration', () => {
	let bot: TestBot;

	// Restart behaviour (a disabled plugin stays disabled) is in plugins-process.test.ts: Sapphire registers its core
	// listeners once per process, so a second client in the same jest module registry never becomes ready.
	beforeAll(async () => {
		bot = await startTestBot({ pluginPaths: [FIXTURES] });
	});
	afterAll(async () => {
		await bot?.stop();
	});

	async function run(
		user: UserHandle,
		name: string,
		subcommand?: string,
		options?: Record<string, OptionValue>,
		channel: ChannelHandle = bot.general
	) {
		const handle = await bot.double.slashCommand({ channel, user, name, ...(subcommand ? { subcommand } : {}), ...(options ? { options } : {}) });
		const reply = await handle.reply();
		return { handle, reply, text: textOf(reply.embeds?.[0]), ephemeral: await handle.isEphemeral() };
	}

	const puts = () => bot.double.requestsTo('PUT', '/applications/:id/commands');
	const adminRows = () => bot.instance.database.prisma.botAdmin.findMany();
	const pluginState = (name: string) => bot.instance.database.prisma.pluginState.findUnique({ where: { name } });

	describe('who may do what', () => {
		it('GIVEN bob is not a bot admin WHEN he runs /plugins list THEN he is refused privately as bot admins only', async () => {
			const { text, ephemeral } = await run(bot.bob, 'plugins', 'list');
			expect(ephemeral).toBe(true);
			expect(text).toMatch(/bot admins/i);
		});

		it('GIVEN bob is not a bot owner WHEN he tries /admin add himself THEN he is refused and nobody becomes admin', async () => {
			const { text, ephemeral } = await run(bot.bob, 'admin', 'add', { user: bot.bob });
			expect(ephemeral).toBe(true);
			expect(text).toMatch(/bot owners/i);
			expect(await adminRows()).toEqual([]);
		});

		it('GIVEN carol owns her own server but is not a bot owner WHEN she runs /admin and /plugins there THEN both refuse her', async () => {
			const carol = bot.double.createUser({ username: 'carol' });
			const guild = bot.double.createGuild({ name: "Carol's place", ownerId: carol });
			const lounge = guild.createChannel('lounge');

			const admin = await run(carol, 'admin', 'add', { user: carol }, lounge);
			expect(admin.text).toMatch(/bot owners/i);
			const plugins = await run(carol, 'plugins', 'disable', { plugin: 'fx_admin' }, lounge);
			expect(plugins.text).toMatch(/bot admins/i);
			expect(await adminRows()).toEqual([]);
			expect(await pluginState('fx_admin')).toBeNull();
		});
	});

	describe('/admin', () => {
		it('GIVEN the owner adds alice THEN she is stored as a bot admin and can run /plugins list', async () => {
			const added = await run(bot.owner, 'admin', 'add', { user: bot.alice });
			expect(added.ephemeral).toBe(true);
			expect(added.text).toContain('Bot admin added');
			expect(await adminRows()).toEqual([expect.objectContaining({ userId: bot.alice.id, addedBy: bot.owner.id })]);

			const list = await run(bot.alice, 'plugins', 'list');
			expect(list.ephemeral).toBe(true);
			expect(list.text).toMatch(/\*\*fx_admin\*\* `v1\.2\.3` · user · 🟢 enabled/);
			expect(list.text).toMatch(/commands 1 · listeners 1/);
			expect(list.text).toMatch(/\*\*bot_admin\*\*.*🔒 always on/);
		});

		it('GIVEN alice is a bot admin but not an owner WHEN she tries /admin add bob THEN she is refused: admins cannot make admins', async () => {
			const { text } = await run(bot.alice, 'admin', 'add', { user: bot.bob });
			expect(text).toMatch(/bot owners/i);
			expect((await adminRows()).map((row) => row.userId)).toEqual([bot.alice.id]);
		});

		it('GIVEN the owner runs /admin list THEN owners and admins are listed with who added whom', async () => {
			const { text, ephemeral } = await run(bot.owner, 'admin', 'list');
			expect(ephemeral).toBe(true);
			expect(text).toContain(`**Owners** (from BOT_OWNERS)\n<@${bot.owner.id}>`);
			expect(text).toContain(`<@${bot.alice.id}>, added by <@${bot.owner.id}>`);
		});

		it('GIVEN the owner tries to remove themselves THEN it is refused: owners come from BOT_OWNERS', async () => {
			const { text } = await run(bot.owner, 'admin', 'remove', { user: bot.owner });
			expect(text).toContain('BOT_OWNERS');
		});

		it('GIVEN the owner removes bob, who is not an admin THEN the error says so', async () => {
			const { text } = await run(bot.owner, 'admin', 'remove', { user: bot.bob });
			expect(text).toContain('They are not a bot admin');
		});

		it('GIVEN the owner tries to make the bot itself an admin THEN bot accounts are refused', async () => {
			const { text } = await run(bot.owner, 'admin', 'add', { user: bot.double.bot });
			expect(text).toContain('Bots cannot be bot admins');
			expect(await adminRows()).toHaveLength(1);
		});

		it('GIVEN the owner adds then removes bob THEN bob loses /plugins again', async () => {
			await run(bot.owner, 'admin', 'add', { user: bot.bob });
			expect((await run(bot.bob, 'plugins', 'list')).text).toContain('fx_admin');
			const removed = await run(bot.owner, 'admin', 'remove', { user: bot.bob });
			expect(removed.text).toContain('Bot admin removed');
			expect((await run(bot.bob, 'plugins', 'list')).text).toMatch(/bot admins/i);
		});
	});

	describe('/plugins', () => {
		it('GIVEN alice disables fx_admin THEN its pieces are unloaded, Discord gets a list without its command, and the switch is stored', async () => {
			const before = puts().length;
			const { text, ephemeral } = await run(bot.alice, 'plugins', 'disable', { plugin: 'fx_admin' });
			expect(ephemeral).toBe(true);
			expect(text).toContain('Disabled `fx_admin`');
			expect(text).toContain('Unloaded (2)\n`commands/fx-admin-hello`, `listeners/fxAdminNoop`');
			expect(text).toContain('Slash commands updated on Discord.');

			expect(puts()).toHaveLength(before + 1);
			const names = commandNames(puts().at(-1)!.body);
			expect(names).not.toContain('fx-admin-hello');
			expect(names).toEqual(expect.arrayContaining(['plugins', 'admin', 'ping']));
			expect(await pluginState('fx_admin')).toEqual(expect.objectContaining({ enabled: false }));
			expect(bot.client.stores.get('commands').has('fx-admin-hello')).toBe(false);

			const list = await run(bot.alice, 'plugins', 'list');
			expect(list.text).toMatch(/\*\*fx_admin\*\* `v1\.2\.3` · user · 🔴 disabled\nnot loaded/);
		});

		it('GIVEN fx_admin is disabled WHEN alice reloads it THEN she is told to enable it instead', async () => {
			const { text } = await run(bot.alice, 'plugins', 'reload', { plugin: 'fx_admin' });
			expect(text).toContain('`fx_admin` is disabled; use `/plugins enable fx_admin`');
		});

		it('GIVEN alice enables fx_admin again THEN its pieces load, its command is back on Discord and answers, and the switch is stored', async () => {
			const before = puts().length;
			const { text } = await run(bot.alice, 'plugins', 'enable', { plugin: 'fx_admin' });
			expect(text).toContain('Enabled `fx_admin`');
			expect(text).toContain('`commands/fx-admin-hello`');
			expect(text).toContain('Slash commands updated on Discord.');
			expect(puts()).toHaveLength(before + 1);
			expect(commandNames(puts().at(-1)!.body)).toContain('fx-admin-hello');
			expect(await pluginState('fx_admin')).toEqual(expect.objectContaining({ enabled: true }));

			const hello = await run(bot.alice, 'fx-admin-hello');
			expect(hello.reply.content).toBe('fx_admin says hello (v1)');
		});

		it('GIVEN alice reloads fx_admin unchanged THEN every piece is reported loaded, no PUT is needed, and the command still answers', async () => {
			const before = puts().length;
			const { text } = await run(bot.alice, 'plugins', 'reload', { plugin: 'fx_admin' });
			expect(text).toContain('Reloaded `fx_admin`');
			expect(text).toMatch(/Loaded \(2\)/);
			expect(text).not.toContain('Failed');
			expect(puts()).toHaveLength(before);
			expect((await run(bot.bob, 'fx-admin-hello')).reply.content).toBe('fx_admin says hello (v1)');
		});

		it('GIVEN alice tries to disable bot_admin THEN the lockout guard refuses and nothing changes', async () => {
			const before = puts().length;
			const { text } = await run(bot.alice, 'plugins', 'disable', { plugin: 'bot_admin' });
			expect(text).toContain('`bot_admin` cannot be disabled');
			expect(puts()).toHaveLength(before);
			expect(await pluginState('bot_admin')).toBeNull();
			expect(bot.client.stores.get('commands').has('plugins')).toBe(true);
		});

		it('GIVEN alice names a plugin that does not exist THEN the report says not found', async () => {
			const { text } = await run(bot.alice, 'plugins', 'reload', { plugin: 'nope' });
			expect(text).toContain('No plugin called `nope`');
			expect(text).toMatch(/Not found\n`nope`/);
		});

		it('GIVEN alice types in the plugin option THEN autocomplete suggests matching plugins with their state', async () => {
			const handle = await bot.double.autocomplete({
				channel: bot.general,
				user: bot.alice,
				name: 'plugins',
				subcommand: 'reload',
				options: { plugin: 'fx_a' },
				focused: 'plugin'
			});
			expect(await handle.choices()).toEqual([{ name: 'fx_admin (enabled)', value: 'fx_admin' }]);
		});
	});
});
