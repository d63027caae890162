import { container } from '@sapphire/framework';
import type { APIEmbed } from 'discord-api-types/v10';
import { getRankSnapshot } from '#plugins/progression/lib/api';
import { profileCardStats } from '#plugins/progression/lib/card/stats';
import { ACTION_NAMES, type ActionName } from '#plugins/social/lib/actions';
import { socialClock } from '#plugins/social/lib/clock';
import { giveRep } from '#plugins/social/lib/reputation';
import { REP_WINDOW_MS } from '#plugins/social/lib/repWindow';
import { renderMemberCard } from '#shared/images/memberCard';
import type { CardExtra } from '#shared/images/rankCard';
import type { OptionValue, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';
import { allowedMentions, isLineOf, uploadedImage, uploads } from '../support/social';

describe('social plugin, end to end', () => {
	let bot: TestBot;
	const act = (action: string, user: UserHandle, target: UserHandle) =>
		bot.double.slashCommand({ channel: bot.general, user, name: action, options: { member: target } });
	const social = (user: UserHandle, subcommand: 'stats' | 'optout', options: Record<string, OptionValue> = {}) =>
		bot.double.slashCommand({ channel: bot.general, user, name: 'social', subcommand, options });
	const pairCount = async (fromId: string, toId: string, action: ActionName) =>
		(
			await container.prisma.socialActionCount.findUnique({
				where: { guildId_fromId_toId_action: { guildId: bot.guild.id, fromId, toId, action } }
			})
		)?.count ?? 0;

	beforeAll(async () => {
		bot = await startTestBot();
	});
	afterAll(async () => {
		await bot?.stop();
	});

	describe('actions', () => {
		it('registers the six actions, /social and /rep as slash commands, and Hug and Pat as user context menus', () => {
			const commands = bot.double.commands();
			const slash = commands.filter((command) => (command.type ?? 1) === 1).map((command) => command.name);
			expect(slash).toEqual(expect.arrayContaining([...ACTION_NAMES, 'social', 'rep']));
			const menus = commands.filter((command) => command.type === 2).map((command) => command.name);
			expect(menus).toEqual(expect.arrayContaining(['Hug', 'Pat']));
		});

		it.each(ACTION_NAMES)(
			'GIVEN alice WHEN she runs /%s on bob THEN a 720×300 WebP of both avatars is posted with a line, the first-time counter, and only bob may be pinged',
			async (action) => {
				const run = await act(action, bot.alice, bot.bob);
				const { file, image } = await uploadedImage(bot, run);
				expect(file.filename).toBe(`${action}.webp`);
				expect(file.bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
				expect([image.width, image.height]).toEqual([720, 300]);
				// A real picture, not a blank canvas, and small enough for any upload limit.
				expect(file.bytes.length).toBeGreaterThan(4_000);
				expect(file.bytes.length).toBeLessThan(500_000);

				const reply = await run.reply();
				expect(await run.isEphemeral()).toBe(false);
				const [line, counter] = reply.content.split('\n');
				expect(isLineOf(`social_${action}`, line!)).toBe(true);
				expect(counter).toMatch(new RegExp(`^-# That is the first time \\*\\*Alice\\*\\* has .+ <@${bot.bob.id}>\\.$`));
				expect(reply.attachments[0]!.description).toMatch(/^Alice .+ Bob$/);
				expect(await allowedMentions(run)).toEqual({ parse: [], users: [bot.bob.id], replied_user: false });
				expect(await pairCount(bot.alice.id, bot.bob.id, action)).toBe(1);
			}
		);

		it('GIVEN alice hugs bob twice more and bob hugs her back THEN each pair and direction counts on its own', async () => {
			expect((await (await act('hug', bot.alice, bot.bob)).reply()).content).toContain(`**Alice** has hugged <@${bot.bob.id}> twice.`);
			expect((await (await act('hug', bot.alice, bot.bob)).reply()).content).toContain(`**Alice** has hugged <@${bot.bob.id}> 3 times.`);
			const back = await (await act('hug', bot.bob, bot.alice)).reply();
			expect(back.content).toContain(`That is the first time **Bob** has hugged <@${bot.alice.id}>.`);
			expect(await pairCount(bot.alice.id, bot.bob.id, 'hug')).toBe(3);
			expect(await pairCount(bot.bob.id, bot.alice.id, 'hug')).toBe(1);
		});

		it.each([
			['Hug', 'hug'],
			['Pat', 'pat']
		] as const)('GIVEN the %s user context menu WHEN alice uses it on bob THEN the same picture and counter are posted', async (menu, action) => {
			const before = await pairCount(bot.alice.id, bot.bob.id, action);
			const run = await bot.double.userContextMenu({ channel: bot.general, user: bot.alice, name: menu, target: bot.bob });
			const { file, image } = await uploadedImage(bot, run);
			expect(file.filename).toBe(`${action}.webp`);
			expect(image.width).toBe(720);
			expect((await run.reply()).content).toContain(`has ${action === 'hug' ? 'hugged' : 'patted'} <@${bot.bob.id}>`);
			expect(await allowedMentions(run)).toEqual({ parse: [], users: [bot.bob.id], replied_user: false });
			expect(await pairCount(bot.alice.id, bot.bob.id, action)).toBe(before + 1);
		});

		it('GIVEN a member whose name looks like @everyone WHEN she boops bob THEN the reply still pings only bob', async () => {
			const sneaky = bot.double.createUser({ username: 'sneaky', globalName: '@everyone @here' });
			bot.guild.addMember(sneaky);
			const run = await act('boop', sneaky, bot.bob);
			expect((await run.reply()).content).toContain('**@everyone @here** has booped');
			expect(await allowedMentions(run)).toEqual({ parse: [], users: [bot.bob.id], replied_user: false });
		});
	});

	describe('jokes', () => {
		it('GIVEN alice WHEN she hugs herself THEN she gets a joke, publicly, with no picture, no count and no ping', async () => {
			const run = await act('hug', bot.alice, bot.alice);
			const reply = await run.reply();
			expect(isLineOf('social_self', reply.content)).toBe(true);
			expect(await run.isEphemeral()).toBe(false);
			expect(uploads(bot, run)).toHaveLength(0);
			expect(await allowedMentions(run)).toEqual({ parse: [], replied_user: false });
			expect(await pairCount(bot.alice.id, bot.alice.id, 'hug')).toBe(0);
		});

		it('GIVEN alice WHEN she bonks Tika THEN Tika answers in character, and nothing is counted', async () => {
			const run = await act('bonk', bot.alice, bot.double.bot);
			expect(isLineOf('social_tika', (await run.reply()).content)).toBe(true);
			expect(uploads(bot, run)).toHaveLength(0);
			expect(await pairCount(bot.alice.id, bot.double.bot.id, 'bonk')).toBe(0);
		});

		it('GIVEN another bot in the server WHEN alice pats it through the context menu THEN she gets the bot joke, and nothing is counted', async () => {
			const robot = bot.double.createUser({ username: 'robot', bot: true });
			bot.guild.addMember(robot);
			const run = await bot.double.userContextMenu({ channel: bot.general, user: bot.alice, name: 'Pat', target: robot });
			expect(isLineOf('social_bot', (await run.reply()).content)).toBe(true);
			expect(uploads(bot, run)).toHaveLength(0);
			expect(await pairCount(bot.alice.id, robot.id, 'pat')).toBe(0);
		});
	});

	describe('opting out', () => {
		it('GIVEN bob opts out WHEN alice pokes him or uses Hug on him THEN she is refused privately: no picture, no count, no ping', async () => {
			const optOut = await social(bot.bob, 'optout', { state: 'on' });
			expect(await optOut.isEphemeral()).toBe(true);
			expect((await optOut.reply()).embeds[0]!.title).toContain('You opted out of social actions');

			const pokes = await pairCount(bot.alice.id, bot.bob.id, 'poke');
			const hugs = await pairCount(bot.alice.id, bot.bob.id, 'hug');
			for (const run of [
				await act('poke', bot.alice, bot.bob),
				await bot.double.userContextMenu({ channel: bot.general, user: bot.alice, name: 'Hug', target: bot.bob })
			]) {
				expect(isLineOf('social_opted_out', (await run.reply()).content)).toBe(true);
				expect(await run.isEphemeral()).toBe(true);
				expect(uploads(bot, run)).toHaveLength(0);
				expect(await allowedMentions(run)).toEqual({ parse: [], replied_user: false });
			}
			expect(await pairCount(bot.alice.id, bot.bob.id, 'poke')).toBe(pokes);
			expect(await pairCount(bot.alice.id, bot.bob.id, 'hug')).toBe(hugs);
		});

		it('GIVEN bob opted out WHEN he acts on alice THEN that still works (opting out protects the target only)', async () => {
			const run = await act('highfive', bot.bob, bot.alice);
			expect((await uploadedImage(bot, run)).image.width).toBe(720);
		});

		it('GIVEN bob opts back in WHEN alice pokes him THEN it works again and counts', async () => {
			const optIn = await social(bot.bob, 'optout', { state: 'off' });
			expect((await optIn.reply()).embeds[0]!.title).toContain('You opted back in');
			const pokes = await pairCount(bot.alice.id, bot.bob.id, 'poke');
			const run = await act('poke', bot.alice, bot.bob);
			expect((await uploadedImage(bot, run)).image.width).toBe(720);
			expect(await pairCount(bot.alice.id, bot.bob.id, 'poke')).toBe(pokes + 1);
		});
	});

	describe('/social stats', () => {
		it("GIVEN the actions so far WHEN alice asks for bob's stats THEN given and received per action and alice as top partner are shown", async () => {
			const run = await social(bot.alice, 'stats', { member: bot.bob });
			const embed = (await run.reply()).embeds[0] as APIEmbed;
			expect(embed.title).toBe('Social stats of Bob');
			const field = (name: string) => embed.fields!.find((entry) => entry.name === name)!.value;
			expect(field('Given')).toContain('Hugs: **1**');
			expect(field('Given')).toContain('High fives: **1**');
			// Alice gave him 1 of each action, then 3 more hugs (two slash, one menu), 1 more pat (menu) and 1 more poke: 11.
			expect(field('Received')).toContain('Hugs: **4**');
			expect(field('Received')).toContain('Pats: **2**');
			expect(field('Received')).toContain('Pokes: **2**');
			expect(field('Received')).toContain('Bonks: **1**');
			expect(field('Top partners').split('\n')).toEqual([
				`1. <@${bot.alice.id}>: **13** (gave 2, got 11)`,
				expect.stringMatching(/^2\. <@\d+>: \*\*1\*\* \(gave 0, got 1\)$/)
			]);
			expect(await allowedMentions(run)).toEqual({ parse: [], replied_user: false });
		});

		it('GIVEN a member who never did anything WHEN she asks for her own stats THEN she is told so, not shown an error', async () => {
			const quiet = bot.double.createUser({ username: 'quiet', globalName: 'Quiet' });
			bot.guild.addMember(quiet);
			const embed = (await (await social(quiet, 'stats')).reply()).embeds[0] as APIEmbed;
			expect(embed.title).toBe('Social stats of Quiet');
			expect(embed.description).toContain('Reputation: **0**');
			expect(embed.fields!.map((entry) => entry.value)).toEqual(['Nothing yet.', 'Nothing yet.', 'Nobody yet.']);
		});
	});

	describe('/rep', () => {
		const clock = socialClock();
		const realNow = clock.now;
		let offset = 0;
		const rep = (user: UserHandle, target: UserHandle) =>
			bot.double.slashCommand({ channel: bot.general, user, name: 'rep', options: { member: target } });
		const repOf = (userId: string) => container.prisma.socialRep.count({ where: { guildId: bot.guild.id, receiverId: userId } });

		beforeAll(() => {
			clock.now = () => Date.now() + offset;
		});
		afterAll(() => {
			clock.now = realNow;
		});

		it('GIVEN alice WHEN she gives bob rep THEN it is announced publicly, pinging only bob, and counted', async () => {
			const run = await rep(bot.alice, bot.bob);
			const reply = await run.reply();
			expect(await run.isEphemeral()).toBe(false);
			const [line, total] = reply.content.split('\n');
			expect(isLineOf('rep_given', line!)).toBe(true);
			expect(total).toBe(`-# <@${bot.bob.id}> has 1 reputation point in this server.`);
			expect(await allowedMentions(run)).toEqual({ parse: [], users: [bot.bob.id], replied_user: false });
			expect(await repOf(bot.bob.id)).toBe(1);
		});

		it('GIVEN alice gave rep WHEN she tries again, even a minute before the day is over THEN she is refused with the time of her next point', async () => {
			for (const later of [0, REP_WINDOW_MS - 60_000]) {
				offset = later;
				const run = await rep(bot.alice, bot.owner);
				const [line] = (await run.reply()).content.split('\n');
				expect(await run.isEphemeral()).toBe(true);
				expect(isLineOf('rep_too_soon', line!)).toBe(true);
			}
			expect((await (await rep(bot.alice, bot.bob)).reply()).content).not.toContain('reputation point in this server');
			expect(await repOf(bot.owner.id)).toBe(0);
			expect(await repOf(bot.bob.id)).toBe(1);
		});

		it('GIVEN 24 hours have passed WHEN alice gives bob rep again THEN it counts (2), and bob may give his own point the same day', async () => {
			offset = REP_WINDOW_MS;
			expect((await (await rep(bot.alice, bot.bob)).reply()).content).toContain('has 2 reputation points');
			expect((await (await rep(bot.bob, bot.alice)).reply()).content).toContain('has 1 reputation point in this server');
			expect(await repOf(bot.bob.id)).toBe(2);
		});

		it('GIVEN the limit WHEN alice is refused THEN the answer names her next point, exactly 24 hours after the last one', async () => {
			const giver = await container.prisma.socialRepGiver.findUnique({
				where: { guildId_giverId: { guildId: bot.guild.id, giverId: bot.alice.id } }
			});
			const expected = `<t:${Math.floor((giver!.lastGivenAt.getTime() + REP_WINDOW_MS) / 1000)}:R>`;
			for (let attempt = 0; attempt < 5; attempt++) expect((await (await rep(bot.alice, bot.owner)).reply()).content).toContain(expected);
		});

		it('GIVEN a giver WHEN three of her /rep land at the same moment THEN exactly one point is given', async () => {
			const carol = bot.double.createUser({ username: 'carol' });
			bot.guild.addMember(carol);
			const before = await repOf(bot.owner.id);
			const results = await Promise.all([1, 2, 3].map(() => giveRep(bot.guild.id, carol.id, bot.owner.id)));
			expect(results.filter((result) => result.given)).toHaveLength(1);
			expect(await repOf(bot.owner.id)).toBe(before + 1);
		});

		it('GIVEN alice WHEN she gives herself rep, or gives it to a bot THEN she is refused privately and nothing is stored', async () => {
			const before = await container.prisma.socialRep.count();
			const self = await rep(bot.alice, bot.alice);
			expect(isLineOf('rep_self', (await self.reply()).content)).toBe(true);
			expect(await self.isEphemeral()).toBe(true);
			const robot = await rep(bot.bob, bot.double.bot);
			expect(isLineOf('rep_bot', (await robot.reply()).content)).toBe(true);
			expect(await robot.isEphemeral()).toBe(true);
			expect(await container.prisma.socialRep.count()).toBe(before);
		});

		it("GIVEN bob has 2 rep WHEN alice views his profile card THEN the card shows '2 rep' (progression asks social's service)", async () => {
			expect(await container.services.get('social')!.reputation(bot.guild.id, bot.bob.id)).toBe(2);
			const run = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.alice,
				name: 'profile',
				subcommand: 'view',
				options: { user: bot.bob }
			});
			const { file, image } = await uploadedImage(bot, run);
			expect([image.width, image.height]).toEqual([960, 320]);
			// The same card drawn from the same numbers, with and without the reputation: the upload is the former.
			expect(file.bytes.equals(await expectedCard(bot, bot.bob, [{ label: 'rep', value: 2 }]))).toBe(true);
			expect(file.bytes.equals(await expectedCard(bot, bot.bob, []))).toBe(false);
		});

		it('GIVEN social is disabled in the server WHEN the card is drawn THEN no reputation is shown, and /hug is refused', async () => {
			const disable = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.owner,
				name: 'features',
				subcommand: 'disable',
				options: { feature: 'social' }
			});
			expect((await disable.reply()).embeds[0]!.title).toContain('social disabled');
			expect(await cardTotals(bot, bot.bob)).toEqual([]);
			const hug = await act('hug', bot.alice, bot.bob);
			expect((await hug.reply()).embeds[0]!.title).toBe('Feature Disabled');
			expect(uploads(bot, hug)).toHaveLength(0);
			await bot.double.slashCommand({
				channel: bot.general,
				user: bot.owner,
				name: 'features',
				subcommand: 'enable',
				options: { feature: 'social' }
			});
		});
	});
});

/** `user`'s member card as progression draws it (rank snapshot and profile), with `extras` after the messages. */
async function expectedCard(bot: TestBot, user: UserHandle, extras: CardExtra[]): Promise<Buffer> {
	const guild = container.client.guilds.cache.get(bot.guild.id)!;
	const member = await guild.members.fetch(user.id);
	const snapshot = await getRankSnapshot(bot.guild.id, user.id);
	return renderMemberCard(guild, member.user, member, async () => ({ ...snapshot, extras }));
}

/** The extras progression puts on `user`'s card (what /rank, /profile view and View Rank draw after the messages). */
async function cardTotals(bot: TestBot, user: UserHandle): Promise<CardExtra[]> {
	return [...((await profileCardStats(bot.guild.id, user.id)).extras ?? [])];
}
