/**
 * A timed release that comes due while Tika is stopped happens at the next start, noted as late. Tika runs as a real
 * child process (a second in-process boot in one jest file is not supported), against one double and one database.
 */
import type { APIEmbed } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';
import { DiscordDouble, type ChannelHandle, type GuildHandle, type OptionValue, type UserHandle } from '../../src/playground/double';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { botEnv, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

jest.setTimeout(120_000);

const textOf = (embed: APIEmbed | undefined) =>
	[embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((field) => [field.name, field.value])].filter(Boolean).join('\n');

describe('detention across a restart', () => {
	let double: DiscordDouble;
	let database: TestDatabase;
	let guild: GuildHandle;
	let owner: UserHandle;
	let bob: UserHandle;
	let general: ChannelHandle;
	let modLog: ChannelHandle;
	let env: Record<string, string>;
	let bot: BotProcess | null = null;

	beforeAll(async () => {
		database = await createTestDatabase();
		double = await new DiscordDouble().start();
		owner = double.createUser({ username: 'owner' });
		bob = double.createUser({ username: 'bob' });
		guild = double.createGuild({ name: 'Restart Jail', ownerId: owner });
		general = guild.createChannel('general');
		modLog = guild.createChannel('mod-log');
		const tika = guild.createRole({
			name: 'Tika',
			permissions: PermissionFlagsBits.ManageRoles | PermissionFlagsBits.ManageChannels | PermissionFlagsBits.EmbedLinks,
			position: 10
		});
		guild.me.addRole(tika);
		const regular = guild.createRole({ name: 'Regular', position: 2 });
		const artist = guild.createRole({ name: 'Artist', position: 3 });
		guild.addMember(bob, { roles: [regular.id, artist.id] });
		env = botEnv(double, database.url, { BOT_OWNERS: owner.id });
	});

	afterEach(async () => {
		if (bot) await stopBotProcess(bot);
		bot = null;
	});

	afterAll(async () => {
		await double?.stop();
		await database?.cleanup();
	});

	async function run(subcommand: string, options: Record<string, OptionValue> = {}, name = 'detention') {
		const handle = await double.slashCommand({ channel: general, user: owner, name, subcommand, options });
		return textOf((await handle.reply()).embeds?.[0]);
	}

	it('GIVEN bob is detained for 2s WHEN Tika is stopped until after the release time and started again THEN his roles come back at start and the case says the release was late', async () => {
		bot = await startBotProcess(double, env, 60_000);
		expect(await run('channel', { channel: modLog }, 'modlog')).toContain('Mod log set');
		expect(await run('setup')).toContain('Detention is set up');
		const savedRoles = [...guild.member(bob).roles].sort();
		expect(await run('put', { member: bob, duration: '2s', reason: 'restart test' })).toContain('is in detention. (case #1)');
		expect(guild.member(bob).roles).toHaveLength(1);
		const releaseDue = Date.now() + 2_000;

		expect((await stopBotProcess(bot)).code).toBe(0);
		// Still detained: the release came due after the bot stopped.
		expect(guild.member(bob).roles).toHaveLength(1);
		// Wall-clock wait: the point of the test is that the due time passes while nothing is running.
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, releaseDue - Date.now()) + 500));
		expect(guild.member(bob).roles).toHaveLength(1);

		bot = await startBotProcess(double, env, 60_000);
		await double.waitForRequest({ method: 'PATCH', path: `/guilds/${guild.id}/members/${bob.id}` }, { includeExisting: true, timeout: 30_000 });
		expect([...guild.member(bob).roles].sort()).toEqual(savedRoles);

		const logged = await double.waitForMessage({
			channel: modLog,
			where: (message) => message.embeds?.[0]?.title === 'Case #2 · Release from detention',
			after: '0'
		});
		const text = textOf(logged.embeds![0]);
		expect(text).toContain('Detention ended late');
		expect(text).toMatch(/Late\nyes/);
		expect(await run('history', { member: bob })).toMatch(/released .* \(late\)/);
	});
});
