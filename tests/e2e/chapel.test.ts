import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord.js';
import type { ChannelHandle, InteractionHandle, OptionValue, UserHandle } from '../support/discord-double';
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

	const chapelCmd = (user: UserHandle, subcommand: string, options: Record<string, OptionValue> = {}, channel = bot.general) =>
		bot.double.slashCommand({ channel, user, name: 'chapel', subcommand, options });
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
});
