import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { container } from '@sapphire/framework';
import { PermissionFlagsBits } from 'discord.js';
import type { RoleHandle, UserHandle } from '../../src/playground/double';
import type { InteractionHandle } from '../../src/playground/double/interactions';
import { startTestBot, type TestBot } from '../support/harness';

async function uploadedImage(bot: TestBot, run: InteractionHandle): Promise<Image> {
	await run.reply();
	const request = bot.double.requests.filter((entry) => entry.path.includes(run.token) && entry.files.length > 0).at(-1);
	if (!request) throw new Error(`no upload for interaction ${run.id}`);
	return loadImage(request.files[0]!.bytes);
}

function pixel(image: Image, x: number, y: number): [number, number, number] {
	const canvas = createCanvas(image.width, image.height);
	const ctx = canvas.getContext('2d');
	ctx.drawImage(image, 0, 0);
	const data = ctx.getImageData(x, y, 1, 1).data;
	return [data[0]!, data[1]!, data[2]!];
}

const rolesPath = (bot: TestBot) => `/guilds/${bot.guild.id}/roles`;

describe('customization: custom roles and card themes, end to end', () => {
	let bot: TestBot;
	let tikaRole: RoleHandle;
	let anchor: RoleHandle;
	let high: RoleHandle;
	let carol: UserHandle;
	let dave: UserHandle;

	const customRole = (userId: string) => container.prisma.customRole.findUnique({ where: { guildId_userId: { guildId: bot.guild.id, userId } } });
	const run = (user: UserHandle, subcommand: string, options: Record<string, unknown> = {}) =>
		bot.double.slashCommand({ channel: bot.general, user, name: 'customrole', subcommand, options: options as never });
	const description = async (handle: InteractionHandle) => (await handle.reply()).embeds[0]!.description ?? '';

	beforeAll(async () => {
		bot = await startTestBot();
		// Tika needs Manage Roles and a role high enough to place custom roles under the anchor.
		tikaRole = bot.guild.createRole({ name: 'Tika', permissions: PermissionFlagsBits.ManageRoles, position: 10 });
		anchor = bot.guild.createRole({ name: 'Custom roles go here', position: 6 });
		high = bot.guild.createRole({ name: 'Above Tika', position: 20 });
		bot.guild.createRole({ name: 'VIP', position: 3 });
		const booster = bot.guild.createRole({ name: 'Server Booster', position: 2, premiumSubscriber: true });
		bot.guild.me.addRole(tikaRole);
		bot.guild.member(bot.alice).setPremiumSince(new Date('2026-01-01'));
		carol = bot.double.createUser({ username: 'carol', globalName: 'Carol' });
		bot.guild.addMember(carol, { premiumSince: new Date('2026-02-01'), roles: [booster] });
		dave = bot.double.createUser({ username: 'dave', globalName: 'Dave' });
		bot.guild.addMember(dave, { premiumSince: new Date('2026-03-01'), roles: [booster] });
	});
	afterAll(async () => {
		await bot?.stop();
	});

	describe('custom roles', () => {
		it('GIVEN a non-admin WHEN bob runs /customrole config THEN he is refused', async () => {
			const config = await run(bot.bob, 'config', { boosters: false });
			expect(await description(config)).toContain('Manage Roles');
			expect(await config.isEphemeral()).toBe(true);
		});

		it('GIVEN an anchor above Tika WHEN the owner picks it THEN the refusal explains the hierarchy and nothing is saved', async () => {
			const config = await run(bot.owner, 'config', { anchor: high });
			expect(await description(config)).toContain('above my highest role');
			const stored = await container.data.getGuildData<{ customRoles?: { anchorRoleId?: string } } | null>(bot.guild.id, 'customization', null);
			expect(stored?.customRoles?.anchorRoleId ?? null).toBeNull();
		});

		it('GIVEN the owner WHEN he sets the anchor THEN the settings show it', async () => {
			const config = await run(bot.owner, 'config', { anchor });
			expect(await description(config)).toContain(`<@&${anchor.id}>`);
			expect(await config.isEphemeral()).toBe(true);
		});

		it('GIVEN boosters only (the default) WHEN bob, who does not boost, asks for a role THEN he is told it is a booster perk and no role is created', async () => {
			const before = bot.double.requestsTo('POST', rolesPath(bot)).length;
			const create = await run(bot.bob, 'create', { name: 'Bob Squad', colour: '#123456' });
			expect(await description(create)).toContain('boosters');
			expect(bot.double.requestsTo('POST', rolesPath(bot))).toHaveLength(before);
		});

		it('GIVEN a booster WHEN carol asks for a staff-like name THEN she is refused and no role is created', async () => {
			const before = bot.double.requestsTo('POST', rolesPath(bot)).length;
			const create = await run(carol, 'create', { name: 'Head M0d', colour: '#123456' });
			expect(await description(create)).toContain('staff');
			expect(bot.double.requestsTo('POST', rolesPath(bot))).toHaveLength(before);
		});

		it('GIVEN a booster WHEN carol asks for "A\\u202eNIMDA" (a right-to-left override that shows as "AADMIN") THEN she is refused and no role is created', async () => {
			const before = bot.double.requestsTo('POST', rolesPath(bot)).length;
			const create = await run(carol, 'create', { name: 'A\u202eNIMDA', colour: '#123456' });
			expect(await description(create)).toContain('text-direction');
			expect(await create.isEphemeral()).toBe(true);
			expect(bot.double.requestsTo('POST', rolesPath(bot))).toHaveLength(before);
			expect(await customRole(carol.id)).toBeNull();
		});

		it('GIVEN a booster WHEN carol gives a colour name instead of hex THEN she is refused', async () => {
			const create = await run(carol, 'create', { name: 'Carol', colour: 'purple' });
			expect(await description(create)).toContain('#RRGGBB');
			expect(await customRole(carol.id)).toBeNull();
		});

		it('GIVEN a name an existing role has WHEN carol asks for it THEN she is refused', async () => {
			const create = await run(carol, 'create', { name: 'vip', colour: '#123456' });
			expect(await description(create)).toContain('already exists');
		});

		it('GIVEN Tika lost Manage Roles WHEN carol asks for a role THEN she is told what Tika needs and no role is created', async () => {
			bot.guild.me.removeRole(tikaRole);
			try {
				const before = bot.double.requestsTo('POST', rolesPath(bot)).length;
				const create = await run(carol, 'create', { name: 'Carol', colour: '#123456' });
				expect(await description(create)).toContain('Manage Roles');
				expect(bot.double.requestsTo('POST', rolesPath(bot))).toHaveLength(before);
				expect(await customRole(carol.id)).toBeNull();
			} finally {
				bot.guild.me.addRole(tikaRole);
			}
		});

		it('GIVEN alice boosts WHEN she creates "Tea Lover" #57f287 THEN the role is created, placed under the anchor, given to her and recorded', async () => {
			const create = await run(bot.alice, 'create', { name: 'Tea Lover', colour: '#57f287' });
			expect(await description(create)).toContain('is yours');
			const post = await bot.double.waitForRequest({ method: 'POST', path: rolesPath(bot) });
			expect(post.body).toMatchObject({ name: 'Tea Lover', colors: { primary_color: 0x57f287 }, mentionable: false, permissions: '0' });
			const roleId = (post.response as { id: string }).id;
			const positions = await bot.double.waitForRequest({ method: 'PATCH', path: rolesPath(bot) });
			const sent = positions.body as { id: string; position: number }[];
			expect(sent.find((entry) => entry.id === roleId)).toBeDefined();
			// Directly below the anchor, and both still below Tika's role.
			const role = bot.guild.role(roleId);
			expect(role.data.position).toBe(bot.guild.role(anchor.id).data.position - 1);
			expect(bot.guild.role(anchor.id).data.position).toBeLessThan(bot.guild.role(tikaRole.id).data.position);
			await bot.double.waitForRequest({ method: 'PUT', path: `/guilds/${bot.guild.id}/members/${bot.alice.id}/roles/${roleId}` });
			expect(bot.guild.member(bot.alice).hasRole(roleId)).toBe(true);
			expect(await customRole(bot.alice.id)).toMatchObject({ roleId, name: 'Tea Lover', color: 0x57f287 });
		});

		it('GIVEN alice has a role WHEN she asks for another THEN she is told she already has one', async () => {
			const create = await run(bot.alice, 'create', { name: 'Second Role', colour: '#ffffff' });
			expect(await description(create)).toContain('already');
			expect((await create.reply()).embeds[0]!.title).toBeDefined();
		});

		it('GIVEN alice has a role WHEN she edits its name and colour THEN Discord gets a PATCH and the record follows', async () => {
			const row = await customRole(bot.alice.id);
			const edit = await run(bot.alice, 'edit', { name: 'Tea Addict', colour: '#ff0000' });
			expect(await description(edit)).toContain('Tea Addict');
			const patch = await bot.double.waitForRequest({ method: 'PATCH', path: `${rolesPath(bot)}/${row!.roleId}` });
			expect(patch.body).toMatchObject({ name: 'Tea Addict', colors: { primary_color: 0xff0000 } });
			expect(bot.guild.role(row!.roleId).data).toMatchObject({ name: 'Tea Addict', color: 0xff0000 });
			expect(await customRole(bot.alice.id)).toMatchObject({ name: 'Tea Addict', color: 0xff0000 });
		});

		it('GIVEN alice edits with a bad colour THEN nothing changes', async () => {
			const edit = await run(bot.alice, 'edit', { colour: 'blue' });
			expect(await description(edit)).toContain('#RRGGBB');
			expect(await customRole(bot.alice.id)).toMatchObject({ name: 'Tea Addict', color: 0xff0000 });
		});

		it("GIVEN alice's role WHEN bob runs /customrole info member:alice THEN he sees it", async () => {
			const info = await run(bot.bob, 'info', { member: bot.alice });
			const embed = (await info.reply()).embeds[0]!;
			expect(JSON.stringify(embed.fields)).toContain('#ff0000');
		});

		it('GIVEN the owner WHEN he lists custom roles THEN alice is on the list', async () => {
			const list = await run(bot.owner, 'list');
			expect(await description(list)).toContain(`<@${bot.alice.id}>`);
		});

		it('GIVEN alice WHEN she deletes her role THEN Discord gets a DELETE and the record is gone', async () => {
			const row = await customRole(bot.alice.id);
			const remove = await run(bot.alice, 'delete');
			expect(await description(remove)).toContain('is gone');
			await bot.double.waitForRequest({ method: 'DELETE', path: `${rolesPath(bot)}/${row!.roleId}` });
			expect(await customRole(bot.alice.id)).toBeNull();
		});

		it('GIVEN dave has a custom role WHEN he leaves the server THEN his role is deleted', async () => {
			await run(dave, 'create', { name: 'Dave Cave', colour: '#0000ff' }).then((handle) => handle.reply());
			const row = await customRole(dave.id);
			expect(row).not.toBeNull();
			bot.guild.removeMember(dave);
			await bot.double.waitForRequest({ method: 'DELETE', path: `${rolesPath(bot)}/${row!.roleId}` });
			await waitFor(async () => (await customRole(dave.id)) === null);
		});

		it('GIVEN carol has a custom role WHEN she stops boosting THEN her role is deleted', async () => {
			await run(carol, 'create', { name: 'Carol Corner', colour: '#00aaaa' }).then((handle) => handle.reply());
			const row = await customRole(carol.id);
			expect(row).not.toBeNull();
			bot.guild.member(carol).setPremiumSince(null);
			await bot.double.waitForRequest({ method: 'DELETE', path: `${rolesPath(bot)}/${row!.roleId}` });
			await waitFor(async () => (await customRole(carol.id)) === null);
		});

		it('GIVEN the owner WHEN he removes a member role THEN it is deleted', async () => {
			await run(bot.alice, 'create', { name: 'Alice Again', colour: '#abcdef' }).then((handle) => handle.reply());
			const row = await customRole(bot.alice.id);
			const remove = await run(bot.owner, 'remove', { member: bot.alice });
			expect(await description(remove)).toContain('deleted');
			await bot.double.waitForRequest({ method: 'DELETE', path: `${rolesPath(bot)}/${row!.roleId}` });
			expect(await customRole(bot.alice.id)).toBeNull();
		});

		it('GIVEN roles by level from 5 only WHEN bob (level 0) asks THEN he is told his level is too low', async () => {
			const config = await run(bot.owner, 'config', { boosters: false, min_level: 5 });
			expect(await description(config)).toContain('From level**: 5');
			const create = await run(bot.bob, 'create', { name: 'Bob Squad', colour: '#123456' });
			const text = await description(create);
			expect(text).toContain('level 0');
			expect(text).toContain('level 5');
			expect(await customRole(bot.bob.id)).toBeNull();
		});

		it('GIVEN roles by level from 5 only WHEN erin, at level 6 and no booster, asks THEN she gets her role', async () => {
			const erin = bot.double.createUser({ username: 'erin', globalName: 'Erin' });
			bot.guild.addMember(erin);
			// 2,000 XP is level 6 on the default (MEE6) curve.
			await container.prisma.memberXp.create({ data: { guildId: bot.guild.id, userId: erin.id, xp: 2_000, level: 6, messages: 120 } });
			const create = await run(erin, 'create', { name: 'Night Owl', colour: '#334455' });
			expect(await description(create)).toContain('is yours');
			expect(await customRole(erin.id)).toMatchObject({ name: 'Night Owl', color: 0x334455 });
		});
	});

	describe('card themes', () => {
		it('GIVEN alice WHEN she sets her accent to #00ff00 THEN it is saved and the private preview card uses it', async () => {
			const accent = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.alice,
				name: 'rankcard',
				subcommand: 'accent',
				options: { colour: '#00ff00' }
			});
			const image = await uploadedImage(bot, accent);
			expect(await accent.isEphemeral()).toBe(true);
			expect((await container.prisma.userProfile.findUnique({ where: { userId: bot.alice.id } }))?.accentColor).toBe(0x00ff00);
			const [r, g, b] = pixel(image, 136, 160 - 92);
			expect([r < 60, g > 200, b < 60]).toEqual([true, true, true]);
		});

		it('GIVEN alice WHEN she gives a bad accent THEN she is refused and her accent stays', async () => {
			const accent = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.alice,
				name: 'rankcard',
				subcommand: 'accent',
				options: { colour: 'green' }
			});
			expect(await description(accent)).toContain('#RRGGBB');
			expect((await container.prisma.userProfile.findUnique({ where: { userId: bot.alice.id } }))?.accentColor).toBe(0x00ff00);
		});

		it('GIVEN alice WHEN she picks the ocean background THEN it is saved and her /rank card shows it', async () => {
			const background = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.alice,
				name: 'rankcard',
				subcommand: 'background',
				options: { preset: 'ocean' }
			});
			await uploadedImage(bot, background);
			expect((await container.prisma.userProfile.findUnique({ where: { userId: bot.alice.id } }))?.cardBackground).toBe('ocean');
			const rank = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rank' });
			const image = await uploadedImage(bot, rank);
			// The corner outside the panel is pure background: ocean is blue-teal, the default is near-black purple.
			const [r, g, b] = pixel(image, 4, 4);
			expect(b).toBeGreaterThan(90);
			expect(b).toBeGreaterThan(r);
			expect(g).toBeGreaterThan(50);
		});

		it('GIVEN the background choices THEN every preset is offered', async () => {
			const command = bot.double.commands().find((entry) => entry.name === 'rankcard')!;
			const background = (command.options as { name: string; options?: { choices?: { value: string }[] }[] }[]).find(
				(option) => option.name === 'background'
			)!;
			expect(background.options![0]!.choices!.map((choice) => choice.value)).toEqual(
				expect.arrayContaining(['default', 'ocean', 'sunset', 'midnight'])
			);
		});

		it('GIVEN alice WHEN she resets THEN accent and background are cleared but her profile stays', async () => {
			await container.prisma.userProfile.update({ where: { userId: bot.alice.id }, data: { bio: 'keep me' } });
			const reset = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rankcard', subcommand: 'reset' });
			await uploadedImage(bot, reset);
			expect(await container.prisma.userProfile.findUnique({ where: { userId: bot.alice.id } })).toMatchObject({
				accentColor: null,
				cardBackground: null,
				bio: 'keep me'
			});
		});

		it('GIVEN bob WHEN he previews his card THEN a private 960×320 card is posted', async () => {
			const preview = await bot.double.slashCommand({ channel: bot.general, user: bot.bob, name: 'rankcard', subcommand: 'preview' });
			const image = await uploadedImage(bot, preview);
			expect([image.width, image.height]).toEqual([960, 320]);
			expect(await preview.isEphemeral()).toBe(true);
		});
	});

	describe('finally', () => {
		it('THEN no request hit an unknown route and nothing errored in the double', () => {
			expect(bot.double.unknownRoutes()).toEqual([]);
			expect(bot.double.errors).toEqual([]);
		});
	});
});

/** Polls a condition written by a listener after its REST call (no event to wait on); gives up after 3 s. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
	const deadline = Date.now() + 3_000;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error('condition not met within 3 s');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
