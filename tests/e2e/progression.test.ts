import { container } from '@sapphire/framework';
import { PermissionFlagsBits, type APIEmbed, type APIMessage } from 'discord.js';
import type { ChannelHandle, OptionValue, UserHandle } from '../../src/playground/double';
import { loadImage } from '@napi-rs/canvas';
import { LEADERBOARD_WIDTH, leaderboardHeight } from '#plugins/progression/lib/card/leaderboard';
import { startTestBot, type TestBot } from '../support/harness';

function textOf(embed: APIEmbed | undefined): string {
	if (!embed) return '';
	return [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])]
		.filter(Boolean)
		.join('\n');
}

/** The custom id of the button labelled `label` on a message. */
function buttonId(message: APIMessage, label: string): string {
	const rows = (message.components ?? []) as unknown as { components: { label?: string; custom_id?: string }[] }[];
	const button = rows.flatMap((row) => row.components).find((component) => component.label === label);
	if (!button?.custom_id) throw new Error(`no button labelled ${label}`);
	return button.custom_id;
}

const collectorWait = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('progression: XP, levels, rewards and leaderboards', () => {
	let bot: TestBot;
	let tikaRole: string;
	let highRole: string;
	let announcements: ChannelHandle;

	beforeAll(async () => {
		bot = await startTestBot();
		tikaRole = bot.guild.createRole({ name: 'Tika', permissions: PermissionFlagsBits.ManageRoles, position: 10 }).id;
		highRole = bot.guild.createRole({ name: 'Above Tika', position: 20 }).id;
		bot.guild.me.addRole(tikaRole);
		announcements = bot.guild.createChannel('level-ups');
	});
	afterAll(async () => {
		await bot?.stop();
	});

	async function run(user: UserHandle, name: string, sub?: { group?: string; subcommand?: string }, options?: Record<string, OptionValue>) {
		const handle = await bot.double.slashCommand({
			channel: bot.general,
			user,
			name,
			...(sub?.group ? { subcommandGroup: sub.group } : {}),
			...(sub?.subcommand ? { subcommand: sub.subcommand } : {}),
			...(options ? { options } : {})
		});
		const reply = await handle.reply();
		return { handle, reply, text: (reply.embeds ?? []).map(textOf).join('\n'), ephemeral: await handle.isEphemeral() };
	}

	const setOption = (option: string, value: string) => run(bot.owner, 'levels', { group: 'config', subcommand: 'set' }, { option, value });

	function xpCalls(): number {
		return container.router.stats().find((entry) => entry.name === 'progressionXp')?.calls ?? 0;
	}

	/** Sends a message and waits until the XP handler finished with it. */
	async function chat(user: UserHandle, content = 'hello there, friends', channel: ChannelHandle = bot.general) {
		const before = xpCalls();
		await bot.double.sendMessage({ channel, author: user, content });
		const deadline = Date.now() + 5_000;
		while (xpCalls() <= before) {
			if (Date.now() > deadline) throw new Error('the XP handler never ran');
			await new Promise((resolve) => setImmediate(resolve));
		}
	}

	/** The DB row after the buffer was flushed (a /leaderboard flushes it). */
	async function xpOf(user: UserHandle): Promise<number> {
		await run(bot.owner, 'leaderboard');
		const row = await bot.instance.database.prisma.memberXp.findUnique({ where: { guildId_userId: { guildId: bot.guild.id, userId: user.id } } });
		return row?.xp ?? 0;
	}

	describe('earning XP', () => {
		it('GIVEN 100 XP per message and the default 60 s cooldown WHEN alice chats twice THEN she gets 100 XP once and a level-up in the same channel', async () => {
			const refused = await setOption('xp-min', '100');
			expect(refused.text).toMatch(/cannot be above the maximum/);
			await setOption('xp-max', '100');
			const { text } = await setOption('xp-min', '100');
			expect(text).toContain('100–100');
			await chat(bot.alice);
			const announcement = await bot.double.waitForMessage({
				channel: bot.general,
				where: (message) => message.content.includes(`<@${bot.alice.id}>`)
			});
			expect(announcement.content).toMatch(/1/);
			await chat(bot.alice, 'second message within the cooldown');
			expect(await xpOf(bot.alice)).toBe(100);
		});

		it('GIVEN cooldown 0 WHEN bob sends a message shorter than the 3-character minimum THEN he earns no XP', async () => {
			await setOption('cooldown', '0');
			await chat(bot.bob, 'hi');
			expect(await xpOf(bot.bob)).toBe(0);
		});

		it('GIVEN a message addressed to Tika (a command invocation) THEN no XP is given', async () => {
			await chat(bot.bob, `<@${bot.client.user!.id}> what is my level?`);
			expect(await xpOf(bot.bob)).toBe(0);
		});

		it('GIVEN a no-XP channel WHEN bob chats there THEN he earns nothing; elsewhere he does', async () => {
			const quiet = bot.guild.createChannel('no-xp-here');
			await run(bot.owner, 'levels', { group: 'config', subcommand: 'no-xp-channel' }, { channel: quiet, 'no-xp': true });
			await chat(bot.bob, 'talking in the quiet channel', quiet);
			expect(await xpOf(bot.bob)).toBe(0);
			await setOption('announce', 'none');
			await chat(bot.bob, 'talking in general now');
			expect(await xpOf(bot.bob)).toBe(100);
		});

		it('GIVEN a ×2 channel multiplier WHEN bob chats there THEN he gets 200 XP and /levels config view shows the multiplier rule', async () => {
			const boosted = bot.guild.createChannel('double-xp');
			await run(bot.owner, 'levels', { group: 'config', subcommand: 'channel-multiplier' }, { channel: boosted, multiplier: 2 });
			await chat(bot.bob, 'double xp please', boosted);
			expect(await xpOf(bot.bob)).toBe(300);
			const board = await run(bot.alice, 'leaderboard');
			expect(board.text).toContain('You are #2 with 100 XP (level 1)');
			const { text, ephemeral } = await run(bot.owner, 'levels', { group: 'config', subcommand: 'view' });
			expect(ephemeral).toBe(true);
			expect(text).toMatch(/highest role multiplier × channel multiplier/);
			expect(text).toContain(`<#${boosted.id}> ×2`);
		});
	});

	describe('level-up announcements', () => {
		it('GIVEN announce mode "channel" and a template WHEN a new member levels up THEN the template is posted in the chosen channel, pinging only them', async () => {
			const refused = await setOption('announce', 'channel');
			expect(refused.text).toMatch(/Choose a channel/);
			await setOption('announce-channel', `<#${announcements.id}>`);
			await setOption('announce', 'channel');
			await setOption('template', 'GG {user}, level {level} on {server}!');
			const carol = bot.double.createUser({ username: 'carol' });
			bot.guild.addMember(carol);
			await chat(carol);
			const message = await bot.double.waitForMessage({ channel: announcements });
			expect(message.content).toBe(`GG <@${carol.id}>, level 1 on Tika Test!`);
			const post = await bot.double.waitForRequest(
				(request) => request.method === 'POST' && request.path.endsWith(`/channels/${announcements.id}/messages`),
				{
					includeExisting: true
				}
			);
			expect((post.body as { allowed_mentions: { users: string[] } }).allowed_mentions.users).toEqual([carol.id]);
		});

		it('GIVEN announce mode "dm" WHEN a member levels up THEN the announcement goes to their DMs', async () => {
			await setOption('announce', 'dm');
			const dave = bot.double.createUser({ username: 'dave' });
			bot.guild.addMember(dave);
			await chat(dave);
			await bot.double.waitForRequest({ method: 'POST', path: '/users/@me/channels' }, { includeExisting: true });
			const sent = await bot.double.waitForRequest(
				(request) =>
					request.method === 'POST' &&
					/\/channels\/\d+\/messages$/.test(request.path) &&
					String((request.body as { content?: string })?.content).includes(`<@${dave.id}>`),
				{ includeExisting: true }
			);
			expect(sent.path).not.toContain(bot.general.id);
			expect(sent.path).not.toContain(announcements.id);
		});

		it('GIVEN announce mode "none" WHEN a member levels up THEN nothing is posted', async () => {
			await setOption('announce', 'none');
			const erin = bot.double.createUser({ username: 'erin' });
			bot.guild.addMember(erin);
			const before = bot.double.requestsTo('POST', '/channels/:id/messages').length;
			await chat(erin);
			expect(await xpOf(erin)).toBe(100);
			const after = bot.double
				.requestsTo('POST', '/channels/:id/messages')
				.filter((request) => String((request.body as { content?: string })?.content ?? '').includes(`<@${erin.id}>`));
			expect(after).toHaveLength(0);
			expect(bot.double.requestsTo('POST', '/channels/:id/messages').length).toBeGreaterThanOrEqual(before);
		});
	});

	describe('role rewards', () => {
		let level2: string;
		it('GIVEN a role above Tika WHEN an admin adds it as a reward THEN it is refused with the reason', async () => {
			const { text, ephemeral } = await run(
				bot.owner,
				'levels',
				{ group: 'rewards', subcommand: 'add' },
				{ level: 2, role: bot.guild.role(highRole)! }
			);
			expect(ephemeral).toBe(true);
			expect(text).toMatch(/above .*my highest role/);
			expect(await bot.instance.database.prisma.levelReward.count()).toBe(0);
		});

		it('GIVEN a level-2 reward WHEN alice reaches level 2 THEN the role is PUT on her; list shows it; remove deletes it', async () => {
			level2 = bot.guild.createRole({ name: 'Regular', position: 3 }).id;
			const added = await run(bot.owner, 'levels', { group: 'rewards', subcommand: 'add' }, { level: 2, role: bot.guild.role(level2)! });
			expect(added.text).toContain('Reward added');
			// Level 2 starts at 255 XP on the MEE6 curve; alice has 100.
			await chat(bot.alice, 'one more message');
			await chat(bot.alice, 'and another one');
			await bot.double.waitForRequest(
				{ method: 'PUT', path: `/guilds/${bot.guild.id}/members/${bot.alice.id}/roles/${level2}` },
				{ includeExisting: true }
			);
			const list = await run(bot.owner, 'levels', { group: 'rewards', subcommand: 'list' });
			expect(list.text).toContain(`Level **2** → <@&${level2}>`);
		});

		it('GIVEN the reward WHEN an admin removes XP below level 2 THEN the role is taken back (DELETE)', async () => {
			const { text } = await run(bot.owner, 'xp', { subcommand: 'set' }, { member: bot.alice, amount: 10 });
			expect(text).toContain('10');
			await bot.double.waitForRequest(
				{ method: 'DELETE', path: `/guilds/${bot.guild.id}/members/${bot.alice.id}/roles/${level2}` },
				{ includeExisting: true }
			);
		});

		it('GIVEN bob has 300 XP WHEN an admin runs /levels rewards sync THEN bob gets the reward and the report counts it', async () => {
			const { text } = await run(bot.owner, 'levels', { group: 'rewards', subcommand: 'sync' });
			expect(text).toMatch(/roles given/);
			expect(bot.guild.member(bot.bob).hasRole(level2)).toBe(true);
		});

		it('WHEN the reward is removed THEN it is gone from the list', async () => {
			await run(bot.owner, 'levels', { group: 'rewards', subcommand: 'remove' }, { role: bot.guild.role(level2)! });
			const list = await run(bot.owner, 'levels', { group: 'rewards', subcommand: 'list' });
			expect(list.text).toContain('No role rewards yet');
		});
	});

	describe('admin XP changes', () => {
		it('GIVEN bob is not an admin WHEN he runs /xp add THEN he is refused and nothing changes', async () => {
			const before = await xpOf(bot.bob);
			const { ephemeral } = await run(bot.bob, 'xp', { subcommand: 'add' }, { member: bot.bob, amount: 1000 });
			expect(ephemeral).toBe(true);
			expect(await xpOf(bot.bob)).toBe(before);
		});

		it('GIVEN alice has 10 XP WHEN an admin removes 50 or adds past the limit THEN both are refused and her XP stays', async () => {
			const removed = await run(bot.owner, 'xp', { subcommand: 'remove' }, { member: bot.alice, amount: 50 });
			expect(removed.text).toMatch(/only has 10 XP/);
			const added = await run(bot.owner, 'xp', { subcommand: 'add' }, { member: bot.alice, amount: 2_000_000_000 });
			expect(added.text).toMatch(/limit/);
			expect(await xpOf(bot.alice)).toBe(10);
			const ok = await run(bot.owner, 'xp', { subcommand: 'add' }, { member: bot.alice, amount: 90 });
			expect(ok.text).toContain('10 → **100** XP');
		});

		it('WHEN an admin resets bob THEN his row is gone', async () => {
			await run(bot.owner, 'xp', { subcommand: 'reset' }, { member: bot.bob });
			expect(await xpOf(bot.bob)).toBe(0);
		});
	});

	describe('leaderboard', () => {
		it('GIVEN 25 more members with XP WHEN alice opens /leaderboard and presses Next THEN page 2 lists ranks 11–20 and her position stays in the footer', async () => {
			await bot.instance.database.prisma.memberXp.createMany({
				data: Array.from({ length: 25 }, (_, index) => ({
					guildId: bot.guild.id,
					userId: String(900_000_000_000_000_000n + BigInt(index)),
					xp: 1_000 + index * 10,
					level: 3
				}))
			});
			const first = await run(bot.alice, 'leaderboard');
			expect(first.text).toContain('**#1**');
			// 25 members above her, then the ties at 100 XP (carol, dave, erin) sorted by id: alice's is the oldest.
			expect(first.text).toContain('You are #26 with 100 XP');
			await collectorWait();
			const clicked = await bot.double.clickButton({ message: first.reply, customId: buttonId(first.reply, 'Next'), user: bot.alice });
			const page2 = await clicked.reply();
			const text = (page2.embeds ?? []).map(textOf).join('\n');
			expect(text).toContain('**#11**');
			expect(text).toContain('**#20**');
			expect(text).toMatch(/Page 2\//);
			expect(text).toContain('You are #26 with 100 XP');
		});

		it('GIVEN image:true WHEN /leaderboard runs THEN the top 10 are posted as a JPEG image of ten rows', async () => {
			const handle = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'leaderboard', options: { image: true } });
			const reply = await handle.reply();
			expect(reply.attachments.map((file) => file.filename)).toEqual(['leaderboard.jpg']);
			const upload = bot.double.requests.filter((request) => request.path.includes(handle.token) && request.files.length > 0).at(-1);
			const bytes = upload!.files[0]!.bytes;
			expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
			const image = await loadImage(bytes);
			expect([image.width, image.height]).toEqual([LEADERBOARD_WIDTH, leaderboardHeight(10)]);
		});
	});

	describe('sync with members who left', () => {
		it('GIVEN XP rows of 25 members who left WHEN an admin syncs a level-1 reward THEN present members get it and the others are reported, not fatal', async () => {
			const level1 = bot.guild.createRole({ name: 'Newcomer', position: 2 }).id;
			await run(bot.owner, 'levels', { group: 'rewards', subcommand: 'add' }, { level: 1, role: bot.guild.role(level1)! });
			const { text } = await run(bot.owner, 'levels', { group: 'rewards', subcommand: 'sync' });
			expect(text).toMatch(/25 members not in the server any more/);
			expect(bot.guild.member(bot.alice).hasRole(level1)).toBe(true);
		});
	});

	describe('reset-all', () => {
		it('GIVEN XP rows WHEN an admin runs /xp reset-all and confirms THEN every row of the guild is deleted', async () => {
			const handle = await bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'xp', subcommand: 'reset-all' });
			const prompt = await handle.reply();
			await collectorWait();
			await bot.double.clickButton({ message: prompt, customId: buttonId(prompt, 'Reset all XP'), user: bot.owner });
			await handle.followUp(0);
			expect(await bot.instance.database.prisma.memberXp.count({ where: { guildId: bot.guild.id } })).toBe(0);
		});
	});
});
