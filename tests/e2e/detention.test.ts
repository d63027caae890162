import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import { PermissionFlagsBits } from 'discord.js';
import type { ChannelHandle, InteractionHandle, OptionValue, RoleHandle, UserHandle } from '../../src/playground/double';
import { createCase } from '../../src/plugins/moderation/lib/cases';
import { startTestBot, type TestBot } from '../support/harness';

const textOf = (embed: APIEmbed | undefined) =>
	[embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((field) => [field.name, field.value])].filter(Boolean).join('\n');

describe('moderation: detention', () => {
	let bot: TestBot;
	let modLog: ChannelHandle;
	let tikaRole: RoleHandle;
	let modRole: RoleHandle;
	let regular: RoleHandle;
	let artist: RoleHandle;
	let booster: RoleHandle;
	let senior: RoleHandle;
	let top: RoleHandle;
	let carol: UserHandle;
	let dave: UserHandle;
	let mallory: UserHandle;

	const detention = (user: UserHandle, subcommand: string, options: Record<string, OptionValue> = {}, channel?: ChannelHandle) =>
		bot.double.slashCommand({ channel: channel ?? bot.general, user, name: 'detention', subcommand, options });
	const replyText = async (handle: InteractionHandle) => textOf((await handle.reply()).embeds?.[0]);
	const rolesOf = (user: UserHandle) => [...bot.guild.member(user).roles].sort();
	const detainedRoleId = async () =>
		(await container.data.getGuildData<{ detentionRoleId?: string }>(bot.guild.id, 'moderation', {})).detentionRoleId!;
	const caseEmbeds = () => bot.double.messagesIn(modLog).flatMap((message: APIMessage) => message.embeds ?? []);
	/** The next role change of `user` made after `since` (a Date.now() taken before the action). */
	const memberUpdate = (user: UserHandle, since: number) =>
		bot.double.waitForRequest(
			(request) => request.method === 'PATCH' && request.path === `/guilds/${bot.guild.id}/members/${user.id}` && request.time >= since,
			{ timeout: 6_000 }
		);

	beforeAll(async () => {
		bot = await startTestBot();
		tikaRole = bot.guild.createRole({
			name: 'Tika',
			permissions: PermissionFlagsBits.ManageRoles | PermissionFlagsBits.ManageChannels | PermissionFlagsBits.EmbedLinks,
			position: 20
		});
		modRole = bot.guild.createRole({
			name: 'Mods',
			permissions: PermissionFlagsBits.ManageRoles | PermissionFlagsBits.ManageChannels,
			position: 10
		});
		regular = bot.guild.createRole({ name: 'Regular', position: 3 });
		artist = bot.guild.createRole({ name: 'Artist', position: 4 });
		booster = bot.guild.createRole({ name: 'Server Booster', position: 2, managed: true });
		senior = bot.guild.createRole({ name: 'Senior', position: 15 });
		top = bot.guild.createRole({ name: 'Top', position: 25 });
		carol = bot.double.createUser({ username: 'carol' });
		dave = bot.double.createUser({ username: 'dave' });
		mallory = bot.double.createUser({ username: 'mallory' });
		bot.guild.addMember(carol, { roles: [senior.id] });
		bot.guild.addMember(dave, { roles: [top.id] });
		bot.guild.addMember(mallory);
		bot.guild.me.addRole(tikaRole);
		bot.guild.member(bot.alice).addRole(modRole);
		for (const role of [regular, artist, booster]) bot.guild.member(bot.bob).addRole(role);
		modLog = bot.guild.createChannel('mod-log');
		bot.guild.createCategory('Lounge');
		// The client must have seen its own new role before it checks its permissions.
		const guild = bot.client.guilds.cache.get(bot.guild.id)!;
		while (!guild.members.me?.roles.cache.has(tikaRole.id)) await new Promise((resolve) => setTimeout(resolve, 10));
	});
	afterAll(async () => {
		await bot?.stop();
	});

	it('GIVEN detention is not set up WHEN alice detains bob THEN she is told to run /detention setup and nothing changes', async () => {
		const before = rolesOf(bot.bob);
		const put = await detention(bot.alice, 'put', { member: bot.bob });
		expect(await replyText(put)).toContain('Run `/detention setup` first');
		expect(rolesOf(bot.bob)).toEqual(before);
	});

	it('GIVEN a member without Manage Roles WHEN mallory runs any /detention, /modlog, /case or /cases THEN each is refused and nothing changes', async () => {
		const attempts = [
			await detention(mallory, 'setup'),
			await detention(mallory, 'put', { member: bot.bob }),
			await bot.double.slashCommand({
				channel: bot.general,
				user: mallory,
				name: 'modlog',
				subcommand: 'channel',
				options: { channel: bot.general }
			}),
			await bot.double.slashCommand({ channel: bot.general, user: mallory, name: 'case', options: { number: 1 } }),
			await bot.double.slashCommand({ channel: bot.general, user: mallory, name: 'cases' })
		];
		for (const attempt of attempts) {
			expect(await replyText(attempt)).toMatch(/You need (Manage Roles|Manage Server) to use/);
			expect(await attempt.isEphemeral()).toBe(true);
		}
		expect(bot.double.requestsTo('POST', `/guilds/${bot.guild.id}/roles`)).toHaveLength(0);
		expect(bot.double.commands(bot.guild).length + bot.double.commands().length).toBeGreaterThan(0);
		const registered = bot.double.commands().find((command) => command.name === 'detention')!;
		expect(registered.default_member_permissions).toBe(String(PermissionFlagsBits.ManageRoles));
	});

	it('GIVEN alice sets the mod log WHEN she runs /modlog channel THEN cases go there', async () => {
		const set = await bot.double.slashCommand({
			channel: bot.general,
			user: bot.owner,
			name: 'modlog',
			subcommand: 'channel',
			options: { channel: modLog }
		});
		expect(await replyText(set)).toContain(`<#${modLog.id}>`);
		const show = await bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'modlog', subcommand: 'show' });
		expect(await replyText(show)).toContain(`<#${modLog.id}>`);
	});

	it('GIVEN a moderator WHEN alice runs /detention setup THEN a Detained role and a #detention channel are created and every other channel hides from the role', async () => {
		const setup = await detention(bot.alice, 'setup');
		expect(await replyText(setup)).toContain('Detention is set up');
		const [createRole] = bot.double.requestsTo('POST', `/guilds/${bot.guild.id}/roles`);
		expect(createRole!.body).toMatchObject({ name: 'Detained', permissions: '0' });
		const roleId = await detainedRoleId();
		expect(roleId).toBe((createRole!.response as { id: string }).id);

		const [createChannel] = bot.double.requestsTo('POST', `/guilds/${bot.guild.id}/channels`);
		const overwrites = createChannel!.body as { name: string; permission_overwrites: { id: string; allow?: string; deny?: string }[] };
		expect(overwrites.name).toBe('detention');
		const view = PermissionFlagsBits.ViewChannel;
		const everyone = overwrites.permission_overwrites.find((overwrite) => overwrite.id === bot.guild.id)!;
		expect(BigInt(everyone.deny!) & view).toBe(view);
		const role = overwrites.permission_overwrites.find((overwrite) => overwrite.id === roleId)!;
		expect(BigInt(role.allow!) & (view | PermissionFlagsBits.SendMessages)).toBe(view | PermissionFlagsBits.SendMessages);

		for (const name of ['general', 'mod-log', 'Lounge']) {
			const channel = bot.guild.channel(name);
			const overwrite = channel.data.permission_overwrites!.find((entry) => entry.id === roleId);
			expect({ name, deny: BigInt(overwrite?.deny ?? 0) & view }).toEqual({ name, deny: view });
		}
		// The effect a detained member sees: #detention is theirs, #general is gone.
		const detentionChannel = bot.guild.channel('detention');
		expect(bot.guild.member(mallory).permissions(detentionChannel) & view).toBe(0n);
	});

	it('GIVEN detention is set up WHEN a channel is created later THEN it is hidden from the detention role too', async () => {
		const roleId = await detainedRoleId();
		const later = bot.guild.createChannel('added-later');
		await bot.double.waitForRequest({ method: 'PUT', path: `/channels/${later.id}/permissions/${roleId}` });
		expect(BigInt(later.data.permission_overwrites!.find((entry) => entry.id === roleId)!.deny) & PermissionFlagsBits.ViewChannel).toBe(
			PermissionFlagsBits.ViewChannel
		);
	});

	it.each([
		['herself', () => bot.alice, () => bot.alice, 'You cannot detain yourself.'],
		['the owner', () => bot.alice, () => bot.owner, 'The server owner cannot be detained.'],
		['the bot', () => bot.alice, () => bot.double.bot, 'I will not detain myself.'],
		['carol (Senior, above Mods)', () => bot.alice, () => carol, "Your highest role must be above the member's highest role."],
		['dave (Top, above Tika) as the owner', () => bot.owner, () => dave, "My highest role must be above the member's highest role."]
	])(
		'GIVEN the role hierarchy WHEN a moderator detains %s THEN it is refused with the reason and no role changes',
		async (_, moderator, target, reason) => {
			const patchesBefore = bot.double.requestsTo('PATCH', '/guilds/:id/members/:user').length;
			const put = await detention(moderator(), 'put', { member: target() });
			expect(await replyText(put)).toContain(reason);
			expect(bot.double.requestsTo('PATCH', '/guilds/:id/members/:user')).toHaveLength(patchesBefore);
		}
	);

	it('GIVEN a bad duration WHEN alice detains bob for "soon" THEN she is told how to write one', async () => {
		const put = await detention(bot.alice, 'put', { member: bot.bob, duration: 'soon' });
		expect(await replyText(put)).toMatch(/I could not read that duration[\s\S]*10m/);
	});

	it('GIVEN bob has normal and managed roles WHEN alice detains him THEN only the managed role and Detained remain, he gets a DM, and case #1 is logged', async () => {
		const put = await detention(bot.alice, 'put', { member: bot.bob, reason: 'spamming' });
		const text = await replyText(put);
		expect(text).toContain('is in detention. (case #1)');
		expect(text).toContain('They were told by DM.');
		const roleId = await detainedRoleId();
		expect(rolesOf(bot.bob)).toEqual([booster.id, roleId].sort());
		const patch = bot.double.requestsTo('PATCH', `/guilds/${bot.guild.id}/members/${bot.bob.id}`).at(-1)!;
		expect([...(patch.body as { roles: string[] }).roles].sort()).toEqual([booster.id, roleId].sort());

		expect(bot.bob.dms().at(-1)!.content).toMatch(/put in detention in \*\*Tika Test\*\*[\s\S]*Reason: spamming/);

		const logged = await bot.double.waitForMessage({ channel: modLog });
		const embed = logged.embeds![0]!;
		expect(embed.title).toBe('Case #1 · Detention');
		expect(textOf(embed)).toContain(`<@${bot.bob.id}>`);
		expect(textOf(embed)).toContain(`<@${bot.alice.id}>`);
		expect(textOf(embed)).toContain('spamming');
		expect(textOf(embed)).toContain(`<@&${regular.id}>`);
		expect(textOf(embed)).toContain(`<@&${artist.id}>`);
	});

	it('GIVEN bob is detained WHEN alice detains him again THEN she is told he already is', async () => {
		const put = await detention(bot.alice, 'put', { member: bot.bob });
		expect(await replyText(put)).toContain('is already detained');
	});

	it('GIVEN bob is detained WHEN he leaves and rejoins THEN he is detained again', async () => {
		const roleId = await detainedRoleId();
		const since = Date.now();
		bot.guild.removeMember(bot.bob);
		bot.guild.addMember(bot.bob);
		await memberUpdate(bot.bob, since);
		expect(rolesOf(bot.bob)).toEqual([roleId]);
	});

	it('GIVEN bob is detained and listed WHEN alice releases him THEN his exact saved roles come back, Detained goes, and case #2 is logged', async () => {
		const list = await detention(bot.alice, 'list');
		expect(await replyText(list)).toContain(`<@${bot.bob.id}>`);

		const release = await detention(bot.alice, 'release', { member: bot.bob, reason: 'calmed down' });
		const text = await replyText(release);
		expect(text).toContain('is free. (case #2)');
		// After rejoining, the managed booster role was gone (Discord would give it back itself); the saved ones return.
		expect(rolesOf(bot.bob)).toEqual([regular.id, artist.id].sort());
		const logged = await bot.double.waitForMessage({
			channel: modLog,
			where: (message) => message.embeds?.[0]?.title?.startsWith('Case #2') ?? false
		});
		expect(textOf(logged.embeds![0])).toContain('calmed down');
		expect(bot.bob.dms().at(-1)!.content).toContain('released from detention');

		const again = await detention(bot.alice, 'release', { member: bot.bob });
		expect(await replyText(again)).toContain('is not detained');
	});

	it('GIVEN a detained member whose roles were deleted or moved above Tika meanwhile WHEN released THEN the reply says which could not be restored', async () => {
		const erin = bot.double.createUser({ username: 'erin' });
		const temp = bot.guild.createRole({ name: 'Temp', position: 5 });
		const rising = bot.guild.createRole({ name: 'Rising', position: 6 });
		bot.guild.addMember(erin, { roles: [regular.id, temp.id, rising.id] });
		const put = await detention(bot.alice, 'put', { member: erin });
		expect(await replyText(put)).toContain('is in detention');

		const guild = bot.client.guilds.cache.get(bot.guild.id)!;
		await guild.roles.delete(temp.id);
		await guild.roles.setPositions([{ role: rising.id, position: 30 }]);
		while (guild.roles.cache.has(temp.id) || guild.roles.cache.get(rising.id)!.rawPosition !== 30)
			await new Promise((resolve) => setTimeout(resolve, 10));

		const release = await detention(bot.alice, 'release', { member: erin });
		const text = await replyText(release);
		expect(text).toContain(`Roles restored: <@&${regular.id}>`);
		expect(text).toContain('Not restored, deleted since: 1 role(s).');
		expect(text).toContain(`Not restored, at or above my highest role: <@&${rising.id}>`);
		expect(rolesOf(erin)).toEqual([regular.id]);
	});

	it('GIVEN frank has DMs closed WHEN alice detains him THEN the detention works and the reply says the DM could not be sent', async () => {
		const frank = bot.double.createUser({ username: 'frank', dmsClosed: true });
		bot.guild.addMember(frank, { roles: [regular.id] });
		const put = await detention(bot.alice, 'put', { member: frank, reason: 'test' });
		const text = await replyText(put);
		expect(text).toContain('is in detention');
		expect(text).toContain('their DMs are closed');
		expect(rolesOf(frank)).toEqual([await detainedRoleId()]);
		await detention(bot.alice, 'release', { member: frank });
	});

	it('GIVEN gina is detained for 2s WHEN the time passes THEN she is released on time, not late, and the history shows it', async () => {
		const gina = bot.double.createUser({ username: 'gina' });
		bot.guild.addMember(gina, { roles: [artist.id] });
		const put = await detention(bot.alice, 'put', { member: gina, duration: '2s', reason: 'cool off' });
		const text = await replyText(put);
		expect(text).toMatch(/Release <t:\d+:R> \(2s\)/);
		const detainedAt = Date.now();
		await bot.double.waitForRequest(
			(request) => request.method === 'PATCH' && request.path === `/guilds/${bot.guild.id}/members/${gina.id}` && request.time > detainedAt,
			{ timeout: 6_000 }
		);
		await bot.double.waitForMessage({
			channel: modLog,
			where: (message) => (message.embeds?.[0]?.title ?? '').includes('Release from detention') && textOf(message.embeds![0]).includes(gina.id)
		});
		expect(rolesOf(gina)).toEqual([artist.id]);
		const row = await container.prisma.detention.findFirst({ where: { guildId: bot.guild.id, userId: gina.id } });
		expect(row).toMatchObject({ releasedLate: false, releasedBy: bot.double.bot.id });
		expect(row!.releasedAt!.getTime() - row!.releaseAt!.getTime()).toBeLessThan(1_500);

		const history = await detention(bot.alice, 'history', { member: gina });
		expect(await replyText(history)).toMatch(/Detentions of gina \(1\)[\s\S]*cool off/);
	});

	it('GIVEN cases exist WHEN alice runs /case 1 and /case 999 THEN the first shows the case and the second is refused', async () => {
		const one = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'case', options: { number: 1 } });
		const embed = (await one.reply()).embeds![0]!;
		expect(embed.title).toBe('Case #1 · Detention');
		expect(textOf(embed)).toContain('spamming');
		const missing = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'case', options: { number: 999 } });
		expect(await replyText(missing)).toContain('There is no case #999 here.');
	});

	it("GIVEN bob's cases WHEN alice runs /cases member:bob THEN both of bob's cases are listed, newest first", async () => {
		const cases = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'cases', options: { member: bot.bob } });
		const text = await replyText(cases);
		expect(text).toContain('Cases for bob (2)');
		expect(text.indexOf('**#2** Release from detention')).toBeGreaterThan(-1);
		expect(text.indexOf('**#2**')).toBeLessThan(text.indexOf('**#1** Detention'));
	});

	it('GIVEN 50 members WHEN the owner detains all of them at once THEN 50 cases are numbered consecutively with no gap or repeat, and /cases pages them', async () => {
		const before = (await container.prisma.modCaseCounter.findUnique({ where: { guildId: bot.guild.id } }))!.last;
		const members = bot.guild.addMembers(50, { roles: [regular.id], usernamePrefix: 'crowd' });
		const runs = await Promise.all(members.map((member) => detention(bot.owner, 'put', { member: member.id })));
		const numbers = await Promise.all(runs.map(async (run) => Number(/case #(\d+)/.exec(await replyText(run))?.[1])));
		expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => before + index + 1));
		const stored = await container.prisma.modCase.findMany({ where: { guildId: bot.guild.id }, orderBy: { number: 'asc' } });
		expect(stored.map((row) => row.number)).toEqual(Array.from({ length: before + 50 }, (_, index) => index + 1));

		const cases = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'cases' });
		const page = await cases.reply();
		expect(textOf(page.embeds![0])).toContain(`**#${before + 50}**`);
		const buttons = ((page.components ?? []) as unknown as { components: { custom_id: string }[] }[]).flatMap((row) =>
			row.components.map((b) => b.custom_id)
		);
		expect(buttons).toContain('tika:page:next');
		// Turn a page, then close the list (nothing keeps listening after the test).
		await new Promise((resolve) => setTimeout(resolve, 100));
		const next = await bot.double.clickButton({ message: page, customId: 'tika:page:next', user: bot.alice });
		expect(textOf((await next.reply()).embeds![0])).toContain(`**#${before + 40}**`);
		await bot.double.clickButton({ message: page, customId: 'tika:page:stop', user: bot.alice });
	});

	it('GIVEN a guild with no cases WHEN createCase is called 50 times concurrently in the bot process THEN the numbers are exactly 1..50', async () => {
		const guildId = '999000000000000001';
		const records = await Promise.all(
			Array.from({ length: 50 }, (_, index) => createCase({ guildId, action: 'clear', moderatorId: bot.alice.id, reason: `batch ${index}` }))
		);
		expect(records.map((record) => record.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
		expect(await container.prisma.modCase.count({ where: { guildId } })).toBe(50);
		expect((await container.prisma.modCaseCounter.findUnique({ where: { guildId } }))!.last).toBe(50);
	});

	it('GIVEN the mod log is disabled WHEN a case is created THEN nothing is posted but the case is still numbered', async () => {
		const disable = await bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'modlog', subcommand: 'disable' });
		expect(await replyText(disable)).toContain('Mod log off');
		const posted = bot.double.messagesIn(modLog).length;
		const record = await createCase({ guildId: bot.guild.id, action: 'clear', moderatorId: bot.alice.id });
		expect(record.number).toBeGreaterThan(50);
		expect(bot.double.messagesIn(modLog)).toHaveLength(posted);
		expect(caseEmbeds().length).toBe(posted);
	});
});
