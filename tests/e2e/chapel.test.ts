import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import { PermissionFlagsBits } from 'discord.js';
import { chapel } from '#plugins/chapel/lib/runtime';
import { profileCardStats } from '#plugins/progression/lib/card/stats';
import type { ChannelHandle, InteractionHandle, OptionValue, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

/** Short waits so the suite stays quick; the debounce logic is the same as with the production defaults. */
const EDIT_DELAY_MS = 150;
const EDIT_MAX_WAIT_MS = 600;
const settle = (ms = EDIT_DELAY_MS * 3) => new Promise((resolve) => setTimeout(resolve, ms));

type Row = Record<string, unknown> & { type?: number; url?: string; custom_id?: string };
const components = (message: APIMessage) =>
	((message.components ?? []) as unknown as { components?: Row[] }[]).flatMap((row) => row.components ?? []);
const text = (embed: APIEmbed | undefined) => `${embed?.title ?? ''}\n${embed?.description ?? ''}`;

describe('chapel: highlights boards', () => {
	let bot: TestBot;
	let chapelChannel: ChannelHandle;
	let voters: UserHandle[];
	let mod: UserHandle;

	/** Runs a /chapel subcommand and waits for its answer, so the next step sees its effect. */
	const chapelCmd = async (user: UserHandle, subcommand: string, options: Record<string, OptionValue> = {}, channel = bot.general) => {
		const run = await bot.double.slashCommand({ channel, user, name: 'chapel', subcommand, options });
		await run.reply();
		return run;
	};
	const replyText = async (run: InteractionHandle) => text((await run.reply()).embeds?.[0]);
	/** The bot's posts in a chapel channel that point at `source`. */
	const postsOf = (source: APIMessage, channel = chapelChannel) =>
		bot.double
			.messagesIn(channel)
			.filter(
				(message) => message.author.id === bot.double.bot.id && components(message).some((button) => button.url?.endsWith(`/${source.id}`))
			);
	const postOf = (source: APIMessage, channel = chapelChannel) => postsOf(source, channel)[0];
	const waitForPost = (source: APIMessage, channel = chapelChannel) =>
		bot.double.waitForMessage({ channel, where: (message) => components(message).some((button) => button.url?.endsWith(`/${source.id}`)) });
	const editsOf = (post: APIMessage) => bot.double.requestsTo('PATCH', `/channels/${post.channel_id}/messages/${post.id}`);
	const react = async (message: APIMessage, users: UserHandle[], emoji = '⭐') => {
		for (const user of users) await bot.double.react({ message, user, emoji });
	};
	const unreact = async (message: APIMessage, users: UserHandle[], emoji = '⭐') => {
		for (const user of users) await bot.double.unreact({ message, user, emoji });
	};
	const say = (content: string, author: UserHandle = bot.alice, channel: ChannelHandle = bot.general, extra: { timestamp?: number } = {}) =>
		bot.double.sendMessage({ channel, author, content, ...extra });
	const countOn = (post: APIMessage) => /\*\*(\d+)\*\*/.exec(bot.double.message(post.id)?.content ?? '')?.[1];

	beforeAll(async () => {
		bot = await startTestBot({
			config: (config) => {
				(config.plugins as { settings: Record<string, unknown> }).settings = {
					...config.plugins.settings,
					chapel: { edit_delay_ms: EDIT_DELAY_MS, edit_max_wait_ms: EDIT_MAX_WAIT_MS }
				};
			}
		});
		chapelChannel = bot.guild.createChannel('chapel');
		voters = Array.from({ length: 6 }, (_, index) => {
			const user = bot.double.createUser({ username: `voter${index}` });
			bot.guild.addMember(user);
			return user;
		});
		mod = bot.double.createUser({ username: 'mod' });
		const mods = bot.guild.createRole({ name: 'Mods', permissions: PermissionFlagsBits.ManageMessages });
		bot.guild.addMember(mod, { roles: [mods] });
		const setup = await chapelCmd(bot.guild.owner.user, 'setup', { channel: chapelChannel, threshold: 3 });
		expect(await replyText(setup)).toContain('Chapel created');
	});
	afterAll(async () => {
		await bot?.stop();
	});

	describe('threshold and counts', () => {
		it('GIVEN a message WHEN it reaches the threshold THEN it is posted once with author, content, Jump link and count', async () => {
			const source = await say('a message worth blessing');
			await react(source, voters.slice(0, 2));
			await settle();
			expect(postsOf(source)).toHaveLength(0);
			await react(source, voters.slice(2, 3));
			const post = await waitForPost(source);
			expect(post.content).toContain('⭐ **3**');
			expect(post.content).toContain(`<#${bot.general.id}>`);
			const embed = post.embeds[0]!;
			expect(embed.author?.name).toBe('Alice');
			expect(embed.description).toBe('a message worth blessing');
			const jump = components(post).find((button) => button.url);
			expect(jump?.url).toBe(`https://discord.com/channels/${bot.guild.id}/${bot.general.id}/${source.id}`);
			await settle();
			expect(postsOf(source)).toHaveLength(1);
		});

		it('GIVEN a post WHEN 30 reactions come in a burst THEN the count is right after at most 3 edits', async () => {
			const crowd = Array.from({ length: 30 }, (_, index) => {
				const user = bot.double.createUser({ username: `crowd${index}` });
				bot.guild.addMember(user);
				return user;
			});
			const source = await say('burst me');
			await react(source, voters.slice(0, 3));
			const post = await waitForPost(source);
			await settle();
			const before = editsOf(post).length;
			await Promise.all(crowd.map((user) => bot.double.react({ message: source, user, emoji: '⭐' })));
			await settle(EDIT_MAX_WAIT_MS * 2);
			expect(countOn(post)).toBe('33');
			const edits = editsOf(post).length - before;
			expect(edits).toBeGreaterThanOrEqual(1);
			expect(edits).toBeLessThanOrEqual(3);
			expect(postsOf(source)).toHaveLength(1);
		});

		it('GIVEN simultaneous reactions crossing the threshold THEN the message is posted exactly once', async () => {
			const source = await say('race');
			await Promise.all(voters.map((user) => bot.double.react({ message: source, user, emoji: '⭐' })));
			await waitForPost(source);
			await settle(EDIT_MAX_WAIT_MS);
			expect(postsOf(source)).toHaveLength(1);
			expect(countOn(postOf(source)!)).toBe('6');
		});
	});

	describe('what it costs', () => {
		it('GIVEN reactions with an emoji no chapel counts, or in a server without a chapel THEN no flush is queued or run (no database work)', async () => {
			const engine = chapel();
			await settle();
			const flushes = engine.counters.flushes;
			const source = await say('just chatting');
			await react(source, voters.slice(0, 3), '😂');
			const elsewhere = bot.double.createGuild({ name: 'No chapel', ownerId: bot.alice });
			const lounge = elsewhere.createChannel('lounge');
			const message = await bot.double.sendMessage({ channel: lounge, author: bot.alice, content: 'hi' });
			await bot.double.react({ message, user: bot.alice, emoji: '⭐' });
			await settle();
			expect(engine.waiting).toBe(0);
			expect(engine.counters.flushes).toBe(flushes);
		});
	});

	describe('keep threshold', () => {
		it('GIVEN a post WHEN its count drops below the keep threshold THEN it is removed, and climbing back posts it again without a duplicate', async () => {
			const source = await say('fickle');
			await react(source, voters.slice(0, 3));
			const first = await waitForPost(source);
			await unreact(source, voters.slice(0, 1));
			await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${chapelChannel.id}/messages/${first.id}` });
			expect(postsOf(source)).toHaveLength(0);
			await react(source, voters.slice(3, 4));
			const second = await waitForPost(source);
			expect(second.id).not.toBe(first.id);
			expect(second.content).toContain('⭐ **3**');
			await settle();
			expect(postsOf(source)).toHaveLength(1);
		});

		describe('a chapel that freezes', () => {
			let fridge: ChannelHandle;
			beforeAll(async () => {
				fridge = bot.guild.createChannel('fridge');
				const setup = await chapelCmd(bot.guild.owner.user, 'setup', { channel: fridge, emoji: '🔥', threshold: 3 });
				expect(await replyText(setup)).toContain('Chapel created');
				const config = await chapelCmd(bot.guild.owner.user, 'config', { chapel: fridge, keep_threshold: 2, below_keep: 'freeze' });
				expect(await replyText(config)).toContain('Chapel updated');
			});

			it('GIVEN a post WHEN it drops below keep THEN it is frozen (marked, count kept, text still synced), and thaws at keep', async () => {
				const source = await say('hot take');
				await react(source, voters.slice(0, 3), '🔥');
				const post = await waitForPost(source, fridge);
				expect(post.content).toContain('🔥 **3**');
				await unreact(source, voters.slice(0, 2), '🔥');
				await settle();
				expect(bot.double.message(post.id)?.content).toContain('❄️ frozen');
				expect(countOn(post)).toBe('1');
				const frozenEdits = editsOf(post).length;
				await unreact(source, voters.slice(2, 3), '🔥');
				await settle();
				expect(editsOf(post)).toHaveLength(frozenEdits);
				await bot.double.editMessage(source, { content: 'hot take, revised' });
				await settle();
				expect(bot.double.message(post.id)?.embeds[0]?.description).toBe('hot take, revised');
				expect(bot.double.message(post.id)?.content).toContain('❄️ frozen');
				expect(countOn(post)).toBe('1');
				await react(source, voters.slice(3, 5), '🔥');
				await settle();
				expect(bot.double.message(post.id)?.content).not.toContain('frozen');
				expect(countOn(post)).toBe('2');
				expect(postsOf(source, fridge)).toHaveLength(1);
			});

			it('GIVEN two chapels WHEN a moderator uses Send to Chapel THEN they pick the chapel, and the post says it was picked', async () => {
				const source = await say('pick me');
				const menu = await bot.double.messageContextMenu({ channel: bot.general, user: mod, name: 'Send to Chapel', target: source });
				const picker = await menu.reply();
				const select = components(picker)[0]!;
				const pick = await bot.double.selectMenu({
					message: picker,
					customId: String(select.custom_id),
					values: [String((select.options as { value: string }[])[1]!.value)],
					user: mod
				});
				expect(await replyText(pick)).toContain('regardless of its count');
				const post = await waitForPost(source, fridge);
				expect(post.content).toContain(`picked by <@${mod.id}>`);
			});

			afterAll(async () => {
				const disable = await chapelCmd(bot.guild.owner.user, 'disable', { chapel: fridge });
				expect(await replyText(disable)).toContain('Chapel disabled');
			});
		});
	});

	describe('sync', () => {
		it('GIVEN a posted message WHEN its author edits it THEN the post shows the new text', async () => {
			const source = await say('first draft');
			await react(source, voters.slice(0, 3));
			const post = await waitForPost(source);
			await bot.double.editMessage(source, { content: 'second draft' });

			await bot.double.waitForRequest(
				(request) =>
					request.method === 'PATCH' &&
					request.path.endsWith(`/messages/${post.id}`) &&
					JSON.stringify(request.body).includes('second draft')
			);
			expect(bot.double.message(post.id)?.embeds[0]?.description).toBe('second draft');
		});

		it('GIVEN a posted message WHEN it is deleted THEN its post is deleted too, and nothing brings it back', async () => {
			const source = await say('regrettable');
			await react(source, voters.slice(0, 3));
			const post = await waitForPost(source);
			await bot.double.deleteMessage(source);
			await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${chapelChannel.id}/messages/${post.id}` });
			expect(bot.double.message(post.id)).toBeUndefined();
		});

		it('GIVEN a message Tika never cached WHEN it is blessed THEN Tika fetches it and posts it', async () => {
			const source = await say('from before the restart');
			const channel = bot.client.channels.cache.get(bot.general.id);
			if (!channel?.isTextBased()) throw new Error('no general channel');
			while (!channel.messages.cache.has(source.id)) await settle(10);
			channel.messages.cache.clear();
			bot.client.users.cache.delete(bot.alice.id);
			await react(source, voters.slice(0, 3));
			const post = await waitForPost(source);
			expect(post.embeds[0]?.description).toBe('from before the restart');
			expect(bot.double.requestsTo('GET', `/channels/${bot.general.id}/messages/${source.id}`).length).toBeGreaterThan(0);
		});

		it('GIVEN a reply with an image WHEN it is posted THEN the post previews the reply and shows the image; a video is linked for Discord to play', async () => {
			const original = await say('the question', bot.bob);
			const reply = await bot.double.sendMessage({
				channel: bot.general,
				author: bot.alice,
				content: 'the answer',
				reference: original,
				attachments: [{ filename: 'proof.png', content: Buffer.from('png'), contentType: 'image/png' }]
			});
			await react(reply, voters.slice(0, 3));
			const post = await waitForPost(reply);
			const embed = post.embeds[0]!;
			expect(embed.image?.url).toBe(reply.attachments[0]!.url);
			expect(embed.fields?.[0]?.name).toBe('Replying to Bob');
			expect(embed.fields?.[0]?.value).toContain('the question');

			const clip = await bot.double.sendMessage({
				channel: bot.general,
				author: bot.alice,
				content: 'watch this',
				attachments: [{ filename: 'clip.mp4', contentType: 'video/mp4' }]
			});
			await react(clip, voters.slice(0, 3));
			const videoPost = await waitForPost(clip);
			expect(videoPost.content.split('\n')[1]).toBe(clip.attachments[0]!.url);
		});
	});

	describe('rules', () => {
		it('GIVEN an NSFW channel WHEN its message reaches the threshold THEN it never reaches the SFW chapel, not even by hand', async () => {
			const nsfw = bot.guild.createChannel({ name: 'after-dark', nsfw: true });
			const source = await say('not for everyone', bot.alice, nsfw);
			await react(source, voters.slice(0, 4));
			await settle();
			expect(postsOf(source)).toHaveLength(0);
			const menu = await bot.double.messageContextMenu({ channel: nsfw, user: mod, name: 'Send to Chapel', target: source });
			expect(await replyText(menu)).toContain('age-restricted');
			await settle();
			expect(postsOf(source)).toHaveLength(0);
		});

		it("GIVEN self-votes off THEN the author's reaction does not count; turned on, it does", async () => {
			const source = await say('vote for me', bot.alice);
			await react(source, [bot.alice, ...voters.slice(0, 2)]);
			await settle();
			expect(postsOf(source)).toHaveLength(0);
			const on = await chapelCmd(bot.guild.owner.user, 'config', { self_votes: true });
			expect(await replyText(on)).toContain('Self-votes:** count');
			await unreact(source, [bot.alice]);
			await react(source, [bot.alice]);
			const post = await waitForPost(source);
			expect(post.content).toContain('⭐ **3**');
			await chapelCmd(bot.guild.owner.user, 'config', { self_votes: false });
		});

		it("GIVEN bot messages off THEN a bot's message is not posted; turned on, it is", async () => {
			const helper = bot.double.createUser({ username: 'helperbot', bot: true });
			bot.guild.addMember(helper);
			const source = await say('beep boop', helper);
			await react(source, voters.slice(0, 3));
			await settle();
			expect(postsOf(source)).toHaveLength(0);
			await chapelCmd(bot.guild.owner.user, 'config', { bot_messages: true });
			await react(source, voters.slice(3, 4));
			await waitForPost(source);
			await chapelCmd(bot.guild.owner.user, 'config', { bot_messages: false });
		});

		it('GIVEN an autostar channel WHEN someone posts there THEN Tika reacts, and its own reaction is not a vote', async () => {
			const art = bot.guild.createChannel('art');
			const config = await chapelCmd(bot.guild.owner.user, 'config', { autostar: art });
			expect(await replyText(config)).toContain(`<#${art.id}>`);
			const source = await say('my drawing', bot.alice, art);

			await bot.double.waitForRequest({
				method: 'PUT',
				path: `/channels/${art.id}/messages/${source.id}/reactions/⭐/@me`
			});
			await react(source, voters.slice(0, 2));
			await settle();
			expect(postsOf(source)).toHaveLength(0);
			await react(source, voters.slice(2, 3));
			expect((await waitForPost(source)).content).toContain('⭐ **3**');
		});

		it('GIVEN a chapel with a maximum age WHEN an old message is blessed THEN it is not taken', async () => {
			await chapelCmd(bot.guild.owner.user, 'config', { max_age_days: 7 });
			const source = await say('ancient history', bot.alice, bot.general, { timestamp: Date.now() - 10 * 24 * 60 * 60 * 1000 });
			await react(source, voters.slice(0, 4));
			await settle();
			expect(postsOf(source)).toHaveLength(0);
			await chapelCmd(bot.guild.owner.user, 'config', { max_age_days: 0 });
		});
	});

	describe('by hand', () => {
		it('GIVEN a message with no votes WHEN a moderator sends it to the chapel THEN it is posted, and the reply says regardless of its count', async () => {
			const source = await say('hidden gem');
			const menu = await bot.double.messageContextMenu({ channel: bot.general, user: mod, name: 'Send to Chapel', target: source });
			const reply = await replyText(menu);
			expect(reply).toContain('Sent to the chapel');
			expect(reply).toContain('regardless of its count');
			const post = await waitForPost(source);
			expect(post.content).toContain('⭐ **0**');
			expect(post.content).toContain(`picked by <@${mod.id}>`);
		});

		it('GIVEN a member without Manage Messages WHEN they use Send to Chapel THEN they are refused and nothing is posted', async () => {
			const source = await say('self promotion');
			const menu = await bot.double.messageContextMenu({ channel: bot.general, user: bot.bob, name: 'Send to Chapel', target: source });
			expect(await menu.isEphemeral()).toBe(true);
			expect(await replyText(menu)).toMatch(/Manage Messages/);
			await settle();
			expect(postsOf(source)).toHaveLength(0);
		});

		it('GIVEN a post WHEN someone else presses Remove mine THEN they are turned away; the author removes it for good', async () => {
			const source = await say('changed my mind');
			await react(source, voters.slice(0, 3));
			const post = await waitForPost(source);
			// The double shows the post as soon as it exists; Tika records it once its own request returns, a moment later.
			const deadline = Date.now() + 5_000;
			while ((await container.prisma.chapelPost.count({ where: { postId: post.id } })) === 0 && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 20));
			const intruder = await bot.double.clickButton({ message: post, customId: 'chapel:withdraw', user: bot.bob });
			expect(await intruder.isEphemeral()).toBe(true);
			expect(bot.double.message(post.id)).toBeDefined();
			const author = await bot.double.clickButton({ message: post, customId: 'chapel:withdraw', user: bot.alice });
			expect(await replyText(author)).toContain('Removed from the chapel');
			expect(bot.double.message(post.id)).toBeUndefined();
			await react(source, voters.slice(3, 6));
			await settle();
			expect(postsOf(source)).toHaveLength(0);
		});

		it('GIVEN the author presses Remove mine the moment the post appears, before Tika has its id THEN it is removed for good all the same', async () => {
			// Tika learns the post's id only when her request returns: here, half a second after it is on screen.
			bot.double.slowResponses({ method: 'POST', path: `/channels/${chapelChannel.id}/messages`, ms: 500 });
			try {
				const source = await say('too quick');
				await react(source, voters.slice(0, 3));
				const post = await waitForPost(source);
				const author = await bot.double.clickButton({ message: post, customId: 'chapel:withdraw', user: bot.alice });
				expect(await replyText(author)).toContain('Removed from the chapel');
				expect(bot.double.message(post.id)).toBeUndefined();
			} finally {
				bot.double.slowResponses(null);
			}
		});

		it('GIVEN a moderator deletes a post before Tika has its id THEN it is off the chapel for good: more stars bring nothing back', async () => {
			bot.double.slowResponses({ method: 'POST', path: `/channels/${chapelChannel.id}/messages`, ms: 500 });
			try {
				const source = await say('deleted in a blink');
				await react(source, voters.slice(0, 3));
				const post = await waitForPost(source);
				await bot.double.deleteMessage(post);
				const deadline = Date.now() + 5_000;
				const status = () =>
					container.prisma.chapelPost.findFirst({ where: { messageId: source.id }, select: { status: true, postId: true } });
				while ((await status())?.status !== 'withdrawn' && Date.now() < deadline) await settle(20);
				expect(await status()).toEqual({ status: 'withdrawn', postId: null });
				await react(source, voters.slice(3, 6));
				await settle();
				expect(postsOf(source)).toHaveLength(0);
			} finally {
				bot.double.slowResponses(null);
			}
		});

		it('GIVEN votes from members who left WHEN a moderator refreshes the message THEN only present members count', async () => {
			const leavers = Array.from({ length: 2 }, (_, index) => {
				const user = bot.double.createUser({ username: `leaver${index}` });
				bot.guild.addMember(user);
				return user;
			});
			const source = await say('recount me');
			await react(source, [...leavers, ...voters.slice(0, 2)]);
			const post = await waitForPost(source);
			expect(post.content).toContain('⭐ **4**');
			for (const leaver of leavers) bot.guild.removeMember(leaver);
			const link = `https://discord.com/channels/${bot.guild.id}/${bot.general.id}/${source.id}`;
			const refresh = await chapelCmd(mod, 'refresh', { message: link });
			await bot.double.waitForRequest((request) => request.method === 'PATCH' && request.path.includes(refresh.token));
			expect(await replyText(refresh)).toContain('4 → **2**');
			await settle();
			// Below the keep threshold (3) now: the post leaves the chapel.
			expect(bot.double.message(post.id)).toBeUndefined();
		});
	});

	describe('top and stats', () => {
		it('GIVEN blessed messages WHEN someone asks for the top THEN the most-blessed comes first', async () => {
			const top = await chapelCmd(bot.bob, 'top');
			const first = (await replyText(top)).split('\n').find((line) => line.startsWith('**1.**'));
			expect(first).toContain('**33**');
			const mine = await chapelCmd(bot.bob, 'top', { member: bot.bob, period: 'week' });
			expect(await replyText(mine)).toContain('Nothing on the chapel yet');
		});

		it("GIVEN votes WHEN someone asks for stats THEN given and received are counted, and the chapel count is on alice's profile card", async () => {
			const given = await chapelCmd(bot.bob, 'stats', { member: voters[0]! });
			expect(await replyText(given)).toMatch(/Votes given:\*\* [1-9]\d*/);
			const received = await chapelCmd(bot.bob, 'stats', { member: bot.alice });
			expect(await replyText(received)).toMatch(/Votes received:\*\* [1-9]\d*/);
			const count = await container.services.get('chapel')!.chapelCount(bot.guild.id, bot.alice.id);
			expect(count).toBeGreaterThan(0);
			const card = await profileCardStats(bot.guild.id, bot.alice.id);
			expect(card.extras).toContainEqual({ label: 'in the chapel', value: count });
		});
	});

	describe('custom emojis', () => {
		it("GIVEN a custom emoji added after Tika connected WHEN it is a chapel's emoji THEN it counts, and autostar reacts with it", async () => {
			const blessed = bot.guild.createEmoji({ name: 'blessed' });
			const shrine = bot.guild.createChannel('shrine');
			const gallery = bot.guild.createChannel('gallery');
			const setup = await chapelCmd(bot.guild.owner.user, 'setup', { channel: shrine, emoji: `<:blessed:${blessed.id}>`, threshold: 2 });
			expect(await replyText(setup)).toContain(`<:blessed:${blessed.id}>`);
			const autostar = await chapelCmd(bot.guild.owner.user, 'config', { chapel: shrine, autostar: gallery });
			expect(await replyText(autostar)).toContain(`<#${gallery.id}>`);
			const source = await say('holy art', bot.alice, gallery);
			await bot.double.waitForRequest({
				method: 'PUT',
				path: `/channels/${gallery.id}/messages/${source.id}/reactions/blessed:${blessed.id}/@me`
			});
			await react(source, voters.slice(0, 2), `blessed:${blessed.id}`);
			const post = await waitForPost(source, shrine);
			expect(post.content).toContain(`<:blessed:${blessed.id}> **2**`);
			await chapelCmd(bot.guild.owner.user, 'disable', { chapel: shrine });
		});

		it('GIVEN an emoji locked to a role Tika lacks WHEN an admin picks it THEN it is refused', async () => {
			const vip = bot.guild.createRole({ name: 'VIP' });
			const locked = bot.guild.createEmoji({ name: 'vip_only', roles: [vip] });
			const run = await chapelCmd(bot.guild.owner.user, 'setup', {
				channel: bot.guild.createChannel('vip-chapel'),
				emoji: `<:vip_only:${locked.id}>`
			});
			expect(await replyText(run)).toContain('locked to some roles');
		});

		it('GIVEN an autostar channel where Tika cannot react WHEN an admin adds it THEN it is refused with the missing permission', async () => {
			const quiet = bot.guild.createChannel('no-reactions');
			quiet.setOverwrite(bot.guild.me, { deny: PermissionFlagsBits.AddReactions });
			const run = await chapelCmd(bot.guild.owner.user, 'config', { autostar: quiet });
			expect(await replyText(run)).toContain('Add Reactions');
		});
	});

	describe('refusals', () => {
		const boardCount = () => container.prisma.chapelBoard.count({ where: { guildId: bot.guild.id } });

		it.each([
			['a threshold of 0', { threshold: 0 }, 'threshold of 0'],
			['a threshold of 101', { threshold: 101 }, 'threshold of 101'],
			['a shortcode instead of an emoji', { emoji: ':star:' }, 'is not an emoji'],
			['a custom emoji from a server Tika is not in', { emoji: '<:elsewhere:123456789012345678>' }, 'not an emoji I can use'],
			['six emojis', { emoji: '⭐🌟✨💫🔥🎉' }, 'too many emojis']
		])('GIVEN %s WHEN an admin sets up a chapel THEN it is refused and nothing changes', async (_label, options, expected) => {
			const before = await boardCount();
			const target = bot.guild.createChannel(`refused-${before}-${Math.random().toString(36).slice(2, 6)}`);
			const run = await chapelCmd(bot.guild.owner.user, 'setup', { channel: target, ...options });
			expect(await run.isEphemeral()).toBe(true);
			expect(await replyText(run)).toContain(expected);
			expect(await boardCount()).toBe(before);
		});

		it('GIVEN a channel where Tika cannot post WHEN an admin sets up a chapel there THEN the missing permissions are named', async () => {
			const locked = bot.guild.createChannel('locked');
			locked.setOverwrite(bot.guild.me, { deny: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks });
			const before = await boardCount();
			const run = await chapelCmd(bot.guild.owner.user, 'setup', { channel: locked });
			const reply = await replyText(run);
			expect(reply).toContain(`I cannot post in <#${locked.id}>`);
			expect(reply).toContain('Send Messages');
			expect(reply).toContain('Embed Links');
			expect(await boardCount()).toBe(before);
		});

		it('GIVEN a channel Tika cannot see WHEN an admin sets up a chapel there THEN it is refused and nothing changes', async () => {
			const hidden = bot.guild.createChannel('hidden');
			hidden.setOverwrite(bot.guild.me, { deny: PermissionFlagsBits.ViewChannel });
			const before = await boardCount();
			const run = await chapelCmd(bot.guild.owner.user, 'setup', { channel: hidden });
			expect(await replyText(run)).toContain('View Channel');
			expect(await boardCount()).toBe(before);
		});

		it('GIVEN a member without Manage Server WHEN they set up a chapel THEN they are refused and nothing changes', async () => {
			const before = await boardCount();
			const run = await chapelCmd(bot.alice, 'setup', { channel: bot.guild.createChannel('sneaky') });
			expect(await run.isEphemeral()).toBe(true);
			expect(await replyText(run)).toContain('Manage Server');
			expect(await boardCount()).toBe(before);
		});

		it('GIVEN bad config values THEN each is refused with what would work', async () => {
			const keep = await chapelCmd(bot.guild.owner.user, 'config', { keep_threshold: 9 });
			expect(await replyText(keep)).toContain('from 0 (posts always stay) to the threshold (3)');
			const notChapel = await chapelCmd(bot.guild.owner.user, 'config', { chapel: bot.general, threshold: 2 });
			expect(await replyText(notChapel)).toContain('is not a chapel');
			const refresh = await chapelCmd(mod, 'refresh', { message: 'not a link' });
			expect(await replyText(refresh)).toContain('not a message of this server');
			const denied = await chapelCmd(bot.bob, 'refresh', { message: '123456789012345678' });
			expect(await replyText(denied)).toContain('Manage Messages');
		});
	});
});
