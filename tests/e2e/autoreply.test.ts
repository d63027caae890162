import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import { PermissionFlagsBits } from 'discord.js';
import type { ChannelHandle, InteractionHandle, OptionValue, RoleHandle, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

const textOf = (embed: APIEmbed | undefined) =>
	[embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((field) => [field.name, field.value])].filter(Boolean).join('\n');

/** Small enough to reach in the limits test, large enough for every trigger the other tests add. */
const MAX_TRIGGERS = 60;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What every auto-reply must send: only the author may be pinged, whatever the text says. */
const lockedFor = (user: UserHandle) => ({ parse: [], users: [user.id], roles: [], replied_user: false });

describe('message_automation: auto-replies', () => {
	let bot: TestBot;
	let memes: ChannelHandle;
	let quiet: ChannelHandle;
	let artists: RoleHandle;
	let muted: RoleHandle;
	let carol: UserHandle;

	const autoreply = (user: UserHandle, subcommand: string, options: Record<string, OptionValue> = {}, channel: ChannelHandle = bot.general) =>
		bot.double.slashCommand({ channel, user, name: 'autoreply', subcommand, options });
	const replyText = async (handle: InteractionHandle) => textOf((await handle.reply()).embeds?.[0]);
	const add = async (options: Record<string, OptionValue>) => {
		const handle = await autoreply(bot.owner, 'add', options);
		const text = await replyText(handle);
		expect(text).toContain('Auto-reply added');
		return handle;
	};
	const say = (author: UserHandle, content: string, channel: ChannelHandle = bot.general) => bot.double.sendMessage({ channel, author, content });
	/** Tika's reply to `message` (a message referencing it). */
	const replyTo = (message: APIMessage) =>
		bot.double.waitForMessage({ channel: message.channel_id, after: message.id, where: (m) => m.message_reference?.message_id === message.id });
	/** The body Tika sent for a message it created (the request is recorded once the double has answered it). */
	const bodyOf = async (message: APIMessage) =>
		(
			await bot.double.waitForRequest(
				(request) => request.method === 'POST' && (request.response as APIMessage | undefined)?.id === message.id,
				{
					includeExisting: true
				}
			)
		).body as { allowed_mentions?: unknown; content?: string };
	const answersTo = (message: APIMessage) =>
		bot.double.messagesIn(message.channel_id).filter((m) => m.author.id === bot.double.bot.id && m.message_reference?.message_id === message.id);
	const triggerCount = () => container.prisma.autoReplyTrigger.count({ where: { guildId: bot.guild.id } });
	/** An add that must be refused in character, privately, with `reason`, storing nothing. */
	const refusedAdd = async (options: Record<string, OptionValue>, reason: string | RegExp) => {
		const before = await triggerCount();
		const handle = await autoreply(bot.owner, 'add', options);
		expect(await handle.isEphemeral()).toBe(true);
		const text = await replyText(handle);
		expect(text).toContain('That auto-reply was not added');
		expect(text).toMatch(reason);
		expect((await handle.reply()).embeds?.[0]?.title).toMatch(/^❌ /);
		expect(await triggerCount()).toBe(before);
	};
	/**
	 * Proves a message got no auto-reply without sleeping for long: the router decides messages in order, and answers go
	 * out in that order, so once a later message's answer (the sentinel's) has arrived, an answer to the earlier one
	 * would have too.
	 */
	const settle = async (channel: ChannelHandle = bot.general) => {
		const sentinel = await say(carol, 'sentinel check', channel);
		await replyTo(sentinel);
		await sleep(30);
		return sentinel;
	};
	const leftAlone = async (message: APIMessage, channel: ChannelHandle = bot.general) => {
		const sentinel = await settle(channel);
		expect(answersTo(message)).toEqual([]);
		expect(
			bot.double.messagesIn(message.channel_id).filter((m) => m.author.id === bot.double.bot.id && m.id > message.id && m.id < sentinel.id)
		).toEqual([]);
	};

	beforeAll(async () => {
		bot = await startTestBot({
			config: (config) => {
				config.plugins = {
					...config.plugins,
					settings: { ...config.plugins.settings, message_automation: { autoreply: { max_triggers: MAX_TRIGGERS } } }
				};
			}
		});
		artists = bot.guild.createRole({ name: 'Artists', position: 3 });
		muted = bot.guild.createRole({ name: 'Muted', position: 2 });
		carol = bot.double.createUser({ username: 'carol' });
		bot.guild.addMember(carol);
		memes = bot.guild.createChannel('memes');
		quiet = bot.guild.createChannel('quiet');
		const guild = bot.client.guilds.cache.get(bot.guild.id)!;
		while (!guild.channels.cache.has(quiet.id) || !guild.roles.cache.has(muted.id)) await sleep(10);
		// The sentinel used to prove that other messages were left alone.
		await add({ trigger: 'sentinel check', response: 'sentinel seen', match: 'exact' });
	});
	afterAll(async () => {
		await bot?.stop();
	});

	describe('permissions', () => {
		it('GIVEN the command THEN Discord is told only Manage Server may see it', () => {
			const registered = bot.double.commands().find((command) => command.name === 'autoreply')!;
			expect(registered.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
		});

		it('GIVEN bob lacks Manage Server WHEN he runs /autoreply add THEN he is refused privately and nothing is stored', async () => {
			const before = await triggerCount();
			const handle = await autoreply(bot.bob, 'add', { trigger: 'hello', response: 'hi' });
			expect(await handle.isEphemeral()).toBe(true);
			expect(await replyText(handle)).toMatch(/Manage Server/i);
			expect(await triggerCount()).toBe(before);
		});
	});

	describe('adding and answering', () => {
		it('GIVEN the owner adds a word trigger WHEN alice writes it in a sentence THEN Tika replies with the template filled, pinging only alice', async () => {
			const handle = await add({ trigger: 'Hello', response: 'Hi {user}! Welcome to {server}, {user.name}.' });
			expect(await handle.isEphemeral()).toBe(true);
			expect(await replyText(handle)).toContain('word: the trigger as whole word(s) anywhere');
			const row = await container.prisma.autoReplyTrigger.findFirst({ where: { guildId: bot.guild.id, normalized: 'hello' } });
			expect(row).toMatchObject({
				match: 'word',
				mode: 'reply',
				createdBy: bot.owner.id,
				responses: [{ text: 'Hi {user}! Welcome to {server}, {user.name}.', weight: 1 }]
			});

			const message = await say(bot.alice, 'well, HELLO there');
			const answer = await replyTo(message);
			expect(answer.content).toBe(`Hi <@${bot.alice.id}>! Welcome to Tika Test, Alice.`);
			expect(answer.mentions.map((user) => user.id)).toEqual([bot.alice.id]);
			expect((await bodyOf(answer)).allowed_mentions).toEqual(lockedFor(bot.alice));
		});

		it('GIVEN the word trigger WHEN a message only contains it inside another word THEN nothing answers', async () => {
			await leftAlone(await say(bot.alice, 'othello is a play'));
		});

		it('GIVEN a response with @everyone, @here and a role mention WHEN it fires THEN Discord is told it may ping nobody but the author', async () => {
			await add({ trigger: 'ping everyone', response: `@everyone @here <@&${artists.id}> <@${bot.bob.id}> look, {user}` });
			const message = await say(bot.alice, 'ping everyone');
			const answer = await replyTo(message);
			expect(answer.content).toContain('@everyone');
			expect(answer.content).toContain(`<@&${artists.id}>`);
			expect((await bodyOf(answer)).allowed_mentions).toEqual(lockedFor(bot.alice));
			expect(answer.mention_everyone).toBe(false);
			expect(answer.mention_roles).toEqual([]);
			expect(answer.mentions.map((user) => user.id)).toEqual([bot.alice.id]);
		});

		it('GIVEN {args} typed by a member with @everyone THEN it is echoed but still pings nobody', async () => {
			await add({ trigger: '!echo', response: 'You said: {args}', match: 'starts_with' });
			const message = await say(bot.bob, `!echo @everyone <@&${artists.id}> hi`);
			const answer = await replyTo(message);
			expect(answer.content).toBe(`You said: @everyone <@&${artists.id}> hi`);
			expect(answer.mention_everyone).toBe(false);
			expect(answer.mention_roles).toEqual([]);
		});
	});

	describe('match kinds', () => {
		it('GIVEN an exact trigger THEN only the whole message, in any case and spacing, gets an answer', async () => {
			await add({ trigger: 'good morning', response: 'Morning!', match: 'exact' });
			expect((await replyTo(await say(bot.alice, 'Good   MORNING'))).content).toBe('Morning!');
			await leftAlone(await say(bot.alice, 'good morning everyone'));
		});

		it('GIVEN a starts_with trigger THEN a message beginning with it answers with the rest as {args}', async () => {
			await add({ trigger: '!rules', response: 'Rule {args} is: be kind.', match: 'starts_with' });
			expect((await replyTo(await say(bot.alice, '!rules 3'))).content).toBe('Rule 3 is: be kind.');
			await leftAlone(await say(bot.alice, 'read the !rules'));
		});

		it('GIVEN a contains trigger THEN it answers even inside a word, accents and look-alikes folded', async () => {
			await add({ trigger: 'pizza', response: '🍕 detected', match: 'contains' });
			expect((await replyTo(await say(bot.alice, 'PIZZAAAA party'))).content).toBe('🍕 detected');
			expect((await replyTo(await say(bot.alice, 'mmm pïzzа'))).content).toBe('🍕 detected');
		});

		it('GIVEN a wildcard trigger THEN a whole message that fits answers', async () => {
			await add({ trigger: 'how do i * role*', response: 'Ask in #roles for {args}.', match: 'wildcard' });
			expect((await replyTo(await say(bot.alice, 'How do I get the artist role?'))).content).toBe('Ask in #roles for get the artist.');
			await leftAlone(await say(bot.alice, 'so how do i get a role'));
		});

		it('GIVEN a regex trigger THEN it matches the raw text too (digits) and answers', async () => {
			await add({ trigger: 'order #\\d{3,}', response: 'Looking up that order…', match: 'regex' });
			expect((await replyTo(await say(bot.alice, 'where is ORDER #12345?'))).content).toBe('Looking up that order…');
			await leftAlone(await say(bot.alice, 'where is my order #1?'));
		});

		it('GIVEN a message matching several triggers THEN only the most specific one answers, once', async () => {
			await add({ trigger: 'i love pizza', response: 'Same here.' });
			const message = await say(bot.alice, 'I love pizza');
			expect((await replyTo(message)).content).toBe('Same here.');
			await settle();
			expect(answersTo(message)).toHaveLength(1);
		});
	});

	describe('templates and counting', () => {
		it('GIVEN {count} and {channel} THEN each fire counts, persisted in the database', async () => {
			await add({ trigger: 'count me', response: 'Fired {count} times in {channel}.', match: 'exact' });
			expect((await replyTo(await say(bot.alice, 'count me'))).content).toBe(`Fired 1 times in <#${bot.general.id}>.`);
			expect((await replyTo(await say(bot.bob, 'count me'))).content).toBe(`Fired 2 times in <#${bot.general.id}>.`);
			expect((await container.prisma.autoReplyTrigger.findFirst({ where: { guildId: bot.guild.id, normalized: 'count me' } }))!.fired).toBe(2);
		});

		it('GIVEN responses with weights 0 and 1 THEN the weight-0 one is never picked', async () => {
			await add({ trigger: 'weighted', response: '0: never this || 1: always this', match: 'exact' });
			for (let i = 0; i < 3; i++) expect((await replyTo(await say(bot.alice, 'weighted'))).content).toBe('always this');
		});
	});

	describe('modes', () => {
		it('GIVEN message mode THEN Tika says it in the channel without replying', async () => {
			await add({ trigger: 'plain please', response: 'Plain answer.', match: 'exact', mode: 'message' });
			const message = await say(bot.alice, 'plain please');
			const answer = await bot.double.waitForMessage({ channel: bot.general, content: 'Plain answer.' });
			expect(answer.message_reference).toBeUndefined();
			expect((await bodyOf(answer)).allowed_mentions).toEqual(lockedFor(bot.alice));
			expect(answersTo(message)).toEqual([]);
		});

		it('GIVEN dm mode THEN the author gets a DM and the channel stays quiet', async () => {
			await add({ trigger: 'dm me', response: 'Psst, {user.name}.', match: 'exact', mode: 'dm' });
			const message = await say(bot.alice, 'dm me');
			const dm = await bot.double.waitForMessage({ where: (m) => m.content === 'Psst, Alice.' });
			expect(bot.alice.dms().map((m) => m.id)).toContain(dm.id);
			expect((await bodyOf(dm)).allowed_mentions).toEqual(lockedFor(bot.alice));
			await leftAlone(message);
		});

		it('GIVEN dm mode and closed DMs THEN nothing breaks: the next message is answered as usual', async () => {
			carol.setDmsClosed();
			await say(carol, 'dm me');
			const next = await say(bot.alice, 'good morning');
			expect((await replyTo(next)).content).toBe('Morning!');
			carol.setDmsClosed(false);
		});

		it('GIVEN react mode THEN Tika only reacts with the emoji', async () => {
			await add({ trigger: 'nice', response: '👍', mode: 'react' });
			const message = await say(bot.alice, 'that is nice');
			await bot.double.waitForRequest(
				{ method: 'PUT', path: `/channels/${bot.general.id}/messages/${message.id}/reactions/👍/@me` },
				{ includeExisting: true }
			);
			await leftAlone(message);
		});

		it('GIVEN react mode with text THEN it is refused; an emoji Discord does not know is refused by Discord and nothing breaks', async () => {
			expect(await replyText(await autoreply(bot.owner, 'add', { trigger: 'wave', response: 'hello', mode: 'react' }))).toContain(
				'must be one emoji'
			);
			await add({ trigger: 'ghost', response: '<:ghost:123456789012345678>', mode: 'react', match: 'exact' });
			await say(bot.alice, 'ghost');
			await bot.double.waitForRequest((request) => request.method === 'PUT' && request.path.includes('/reactions/ghost'), {
				includeExisting: true
			});
			expect((await replyTo(await say(bot.alice, 'good morning'))).content).toBe('Morning!');
			expect(bot.logs.some((line) => line.includes('Unknown Emoji'))).toBe(true);
		});
	});

	describe('deleting the trigger message', () => {
		it('GIVEN Tika lacks Manage Messages THEN the add warns, the answer still goes out and the message stays', async () => {
			const handle = await add({ trigger: 'secret word', response: 'Shh, {user}.', match: 'exact', delete_trigger: true });
			expect(await replyText(handle)).toContain('I do not have **Manage Messages**');
			const message = await say(bot.alice, 'secret word');
			await bot.double.waitForMessage({ channel: bot.general, content: `Shh, <@${bot.alice.id}>.` });
			await leftAlone(await say(bot.alice, 'nothing here'));
			expect(bot.double.requestsTo('DELETE', `/channels/${bot.general.id}/messages/${message.id}`)).toEqual([]);
		});

		it('GIVEN Tika has Manage Messages THEN the message is deleted and the answer is a plain message', async () => {
			const tika = bot.guild.createRole({ name: 'Tika', permissions: PermissionFlagsBits.ManageMessages, position: 20 });
			bot.guild.me.addRole(tika);
			const guild = bot.client.guilds.cache.get(bot.guild.id)!;
			while (!guild.members.me?.roles.cache.has(tika.id)) await sleep(10);
			const message = await say(bot.alice, 'secret word');
			await bot.double.waitForRequest(
				{ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${message.id}` },
				{ includeExisting: true }
			);
			const answer = await bot.double.waitForMessage({ channel: bot.general, after: message.id, content: `Shh, <@${bot.alice.id}>.` });
			expect(answer.message_reference).toBeUndefined();
			expect(bot.double.message(message.id)).toBeUndefined();
		});
	});

	describe('scopes, cooldowns and chance', () => {
		it('GIVEN only_in #memes THEN it answers there and not in #general', async () => {
			await add({ trigger: 'meme time', response: 'Here we go.', match: 'exact', only_in: `<#${memes.id}>` });
			expect((await replyTo(await say(bot.alice, 'meme time', memes))).content).toBe('Here we go.');
			await leftAlone(await say(bot.alice, 'meme time'));
		});

		it('GIVEN not_in #memes THEN it answers in #general and not in #memes', async () => {
			await add({ trigger: 'serious', response: 'Serious mode.', not_in: `<#${memes.id}>` });
			expect((await replyTo(await say(bot.alice, 'be serious'))).content).toBe('Serious mode.');
			await leftAlone(await say(bot.alice, 'be serious', memes), memes);
		});

		it('GIVEN only_roles and not_roles THEN only members with the role, and not muted ones, get answers', async () => {
			bot.guild.member(bot.bob).addRole(artists);
			await add({ trigger: 'art', response: 'Nice art!', only_roles: `<@&${artists.id}>`, not_roles: `<@&${muted.id}>` });
			const guild = bot.client.guilds.cache.get(bot.guild.id)!;
			while (!guild.members.cache.get(bot.bob.id)?.roles.cache.has(artists.id)) await sleep(10);
			expect((await replyTo(await say(bot.bob, 'my art'))).content).toBe('Nice art!');
			await leftAlone(await say(bot.alice, 'my art'));
			bot.guild.member(bot.bob).addRole(muted);
			while (!guild.members.cache.get(bot.bob.id)?.roles.cache.has(muted.id)) await sleep(10);
			await leftAlone(await say(bot.bob, 'my art'));
		});

		it('GIVEN a channel cooldown THEN a second message in that channel waits, while another channel is answered', async () => {
			await add({ trigger: 'coffee', response: '☕', cooldown: 60 });
			expect((await replyTo(await say(bot.alice, 'coffee?'))).content).toBe('☕');
			await leftAlone(await say(bot.bob, 'more coffee'));
			expect((await replyTo(await say(bot.bob, 'coffee', memes))).content).toBe('☕');
		});

		it('GIVEN a user cooldown THEN the same member waits everywhere, another member does not', async () => {
			await add({ trigger: 'tea', response: '🍵', cooldown: 60, cooldown_per: 'user' });
			expect((await replyTo(await say(bot.alice, 'tea'))).content).toBe('🍵');
			await leftAlone(await say(bot.alice, 'tea', memes), memes);
			expect((await replyTo(await say(bot.bob, 'tea'))).content).toBe('🍵');
		});

		it('GIVEN chance 0% THEN it never answers; chance 100% always does', async () => {
			await add({ trigger: 'never', response: 'You will not see this.', chance: 0 });
			await add({ trigger: 'always', response: 'Always.', chance: 100 });
			for (let i = 0; i < 3; i++) await leftAlone(await say(bot.alice, 'never'));
			for (let i = 0; i < 3; i++) expect((await replyTo(await say(bot.alice, 'always'))).content).toBe('Always.');
		});
	});

	describe('who never triggers', () => {
		it('GIVEN a bot, a webhook, a command and Tika herself THEN none of them triggers an auto-reply', async () => {
			const robot = bot.double.createUser({ username: 'robot', bot: true });
			bot.guild.addMember(robot);
			await leftAlone(await say(robot, 'hello'));
			await leftAlone(
				await bot.double.sendMessage({
					channel: bot.general,
					author: carol,
					content: 'hello',
					extra: { webhook_id: '123456789012345678', author: { ...carol.data, bot: true } }
				})
			);
			await leftAlone(await say(bot.alice, '!tika hello'));
			// Tika's answer "echo echo" contains its own trigger: she does not answer herself.
			await add({ trigger: 'echo', response: 'echo echo' });
			const message = await say(bot.alice, 'echo');
			const answer = await replyTo(message);
			await settle();
			expect(answersTo(message)).toHaveLength(1);
			expect(answersTo(answer)).toEqual([]);
		});

		it('GIVEN the word filter blocks a word THEN a message with it is deleted and gets no auto-reply, and XP still runs for answered messages', async () => {
			const filter = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.owner,
				name: 'wordfilter',
				subcommand: 'add',
				options: { pattern: 'forbidden' }
			});
			expect(textOf((await filter.reply()).embeds?.[0])).toContain('now blocked');
			await add({ trigger: 'forbidden', response: 'You should not see this.', match: 'contains' });
			const message = await say(bot.alice, 'a forbidden word');
			await bot.double.waitForRequest(
				{ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${message.id}` },
				{ includeExisting: true }
			);
			await leftAlone(message);
			const stats = () => container.router.stats();
			const xpBefore = stats().find((entry) => entry.name === 'progressionXp')!.calls;
			await replyTo(await say(bot.bob, 'good morning'));
			while (stats().find((entry) => entry.name === 'progressionXp')!.calls <= xpBefore) await sleep(5);
			expect(stats().find((entry) => entry.name === 'automationAutoReply')!.handled).toBe(0);
		});
	});

	describe('refusals', () => {
		const refused = refusedAdd;

		it('GIVEN an empty trigger THEN it is refused', () => refused({ trigger: '   ', response: 'x' }, 'The trigger is empty.'));

		it('GIVEN a response over 2,000 characters THEN it is refused', () =>
			refused({ trigger: 'long one', response: 'x'.repeat(2_001) }, "2,001 characters long; Discord's limit"));

		it('GIVEN a duplicate (same kind, same normalised form) THEN it is refused', () =>
			refused({ trigger: '  HÉLLO ', response: 'again' }, /already a \*\*word\*\* trigger here \(#\d+\)/));

		it('GIVEN a catastrophic regex THEN it is refused', () => refused({ trigger: '(a+)+$', response: 'x', match: 'regex' }, 'nests repetitions'));

		it('GIVEN an invalid regex THEN it is refused', () =>
			refused({ trigger: '(unclosed', response: 'x', match: 'regex' }, 'not a valid regular expression'));

		it('GIVEN an unknown placeholder THEN it is refused with the valid ones', () =>
			refused(
				{ trigger: 'typo', response: 'Hi {usr}' },
				/`\{usr\}`, which I do not know\. Valid placeholders: `\{user\}`, `\{user\.name\}`, `\{server\}`, `\{channel\}`, `\{args\}`, `\{count\}`/
			));

		it('GIVEN a channel that is not the server s THEN the scope is refused', () =>
			refused({ trigger: 'scoped', response: 'x', only_in: 'general' }, 'is not a channel of this server'));
	});

	describe('edit, remove, list, test', () => {
		it('GIVEN the owner types "hel" in /autoreply edit THEN autocomplete offers hello, and the edit changes only what is given', async () => {
			const complete = await bot.double.autocomplete({
				channel: bot.general,
				user: bot.owner,
				name: 'autoreply',
				subcommand: 'edit',
				options: { trigger: 'hel' },
				focused: 'trigger'
			});
			const hello = (await complete.choices()).find((choice) => choice.name === 'Hello (word)');
			expect(hello).toBeDefined();
			const edit = await autoreply(bot.owner, 'edit', { trigger: String(hello!.value), response: 'Hey there, {user.name}.', chance: 100 });
			expect(await replyText(edit)).toContain('Auto-reply changed');
			const row = await container.prisma.autoReplyTrigger.findFirst({ where: { guildId: bot.guild.id, normalized: 'hello' } });
			expect(row).toMatchObject({ trigger: 'Hello', match: 'word', responses: [{ text: 'Hey there, {user.name}.', weight: 1 }] });
			expect((await replyTo(await say(bot.alice, 'hello'))).content).toBe('Hey there, Alice.');
		});

		it('GIVEN an edit that would duplicate another trigger, or a bad value THEN it is refused and nothing changes', async () => {
			const duplicate = await autoreply(bot.owner, 'edit', { trigger: 'tea', new_trigger: 'coffee' });
			expect(await replyText(duplicate)).toMatch(/That auto-reply was not changed[\s\S]*already a \*\*word\*\* trigger/);
			const unknown = await autoreply(bot.owner, 'edit', { trigger: 'no such trigger', chance: 5 });
			expect(await replyText(unknown)).toContain('No auto-reply has the trigger');
			expect(await container.prisma.autoReplyTrigger.count({ where: { guildId: bot.guild.id, normalized: 'tea' } })).toBe(1);
		});

		it('GIVEN /autoreply test THEN it shows which trigger answers and what it would say, and sends, counts and starts nothing', async () => {
			await add({ trigger: 'try me', response: 'Tried {count} times, {user}.', match: 'exact', cooldown: 600 });
			const messagesBefore = bot.double.messagesIn(bot.general).length;
			const test = await autoreply(bot.owner, 'test', { text: 'Try   ME' });
			expect(await test.isEphemeral()).toBe(true);
			const text = await replyText(test);
			expect(text).toContain('this would be answered');
			expect(text).toMatch(/#\d+ \*\*exact\*\* `try me`: \*\*would answer\*\*/);
			expect(text).toContain(`Tried 1 times, <@${bot.owner.id}>.`);
			expect(bot.double.messagesIn(bot.general).length).toBe(messagesBefore);
			expect((await container.prisma.autoReplyTrigger.findFirst({ where: { guildId: bot.guild.id, normalized: 'try me' } }))!.fired).toBe(0);
			// No cooldown was started by the test: the real message is answered.
			expect((await replyTo(await say(bot.alice, 'try me'))).content).toBe(`Tried 1 times, <@${bot.alice.id}>.`);

			const several = await replyText(await autoreply(bot.owner, 'test', { text: 'i love pizza' }));
			expect(several).toMatch(/`i love pizza`: \*\*would answer\*\*/);
			expect(several).toMatch(/`pizza`: matches, but a more specific trigger answers first/);
			const nothing = await replyText(await autoreply(bot.owner, 'test', { text: 'zzz' }));
			expect(nothing).toContain('No trigger matches');
		});

		it('GIVEN more than 10 triggers WHEN the owner runs /autoreply list THEN the pages show them all', async () => {
			const list = await autoreply(bot.owner, 'list');
			expect(await list.isEphemeral()).toBe(true);
			const first = await list.reply();
			const total = await triggerCount();
			const firstText = textOf(first.embeds?.[0]);
			expect(firstText).toContain(`Auto-replies: ${total}/${MAX_TRIGGERS}`);
			expect(firstText).toContain('Page 1/');
			expect(firstText).toContain('**Ignored channels**: none');
			await sleep(100);
			const next = await bot.double.clickButton({ message: first, customId: 'tika:page:next', user: bot.owner });
			expect(textOf((await next.reply()).embeds?.[0])).toMatch(/#\d+ \*\*/);
		});

		it('GIVEN /autoreply remove by autocomplete id and by text THEN the triggers are gone and stop answering', async () => {
			const row = (await container.prisma.autoReplyTrigger.findFirst({ where: { guildId: bot.guild.id, normalized: 'always' } }))!;
			expect(await replyText(await autoreply(bot.owner, 'remove', { trigger: `#${row.id}` }))).toContain('Auto-reply removed');
			expect(await replyText(await autoreply(bot.owner, 'remove', { trigger: 'Weighted' }))).toContain('`weighted` removed');
			await leftAlone(await say(bot.alice, 'always'));
			await leftAlone(await say(bot.alice, 'weighted'));
			expect(await replyText(await autoreply(bot.owner, 'remove', { trigger: 'never existed' }))).toContain('Nothing was removed');
		});
	});

	describe('ignore lists', () => {
		it('GIVEN #quiet is ignored THEN nothing answers there until it is unignored', async () => {
			const ignore = await autoreply(bot.owner, 'ignore', { channel: quiet });
			expect(await replyText(ignore)).toContain(`<#${quiet.id}> will get no auto-replies`);
			const stored = await container.data.getGuildData<{ autoReply?: { ignoredChannels?: string[] } }>(bot.guild.id, 'message_automation', {});
			expect(stored.autoReply?.ignoredChannels).toEqual([quiet.id]);
			const silenced = await say(bot.alice, 'good morning', quiet);
			await sleep(50);
			expect(answersTo(silenced)).toEqual([]);
			await leftAlone(silenced);
			expect(await replyText(await autoreply(bot.owner, 'unignore', { channel: quiet }))).toContain('can get auto-replies again');
			expect((await replyTo(await say(bot.alice, 'good morning', quiet))).content).toBe('Morning!');
		});

		it('GIVEN a role is ignored THEN its members get no answers anywhere', async () => {
			expect(await replyText(await autoreply(bot.owner, 'ignore', { role: artists }))).toContain(`<@&${artists.id}> will get no auto-replies`);
			await leftAlone(await say(bot.bob, 'good morning'));
			expect(await replyText(await autoreply(bot.owner, 'unignore', { role: artists }))).toContain('can get auto-replies again');
			expect((await replyTo(await say(bot.bob, 'good morning'))).content).toBe('Morning!');
		});

		it('GIVEN neither a channel nor a role THEN ignore is refused', async () => {
			expect(await replyText(await autoreply(bot.owner, 'ignore'))).toContain('Give a `channel`, a `role`, or both.');
		});
	});

	describe('limits', () => {
		it(`GIVEN max_triggers ${MAX_TRIGGERS} in config.yml WHEN the server has that many THEN one more is refused and nothing changes`, async () => {
			const have = await triggerCount();
			for (let i = have; i < MAX_TRIGGERS; i++)
				await container.prisma.autoReplyTrigger.create({
					data: {
						guildId: bot.guild.id,
						trigger: `filler${i}`,
						normalized: `filler${i}`,
						match: 'word',
						responses: [{ text: 'x', weight: 1 }],
						createdBy: bot.owner.id
					}
				});
			await refusedAdd(
				{ trigger: 'one too many', response: 'x' },
				`This server already has ${MAX_TRIGGERS} auto-replies, the most it may have (${MAX_TRIGGERS})`
			);
			expect(await triggerCount()).toBe(MAX_TRIGGERS);
		});
	});
});
