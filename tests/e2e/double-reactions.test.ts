import { Client, DiscordAPIError, GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits, type TextChannel } from 'discord.js';
import { DiscordDouble, type ChannelHandle, type GuildHandle, type UserHandle } from '../../src/playground/double';

/**
 * The double's reactions and custom emojis, against a plain discord.js client: what Discord's Create Reaction and Get
 * Reactions routes accept and refuse (discord-api-spec paths `/channels/{channel_id}/messages/{message_id}/reactions/...`,
 * the channel resource docs), and custom emojis reaching the client's cache.
 */
describe('DiscordDouble reactions and emojis', () => {
	let double: DiscordDouble;
	let client: Client;
	let guild: GuildHandle;
	let general: ChannelHandle;
	let alice: UserHandle;
	let channel: TextChannel;

	const codeOf = async (promise: Promise<unknown>) => {
		try {
			await promise;
			return 'ok';
		} catch (error) {
			return error instanceof DiscordAPIError ? error.code : String(error);
		}
	};

	beforeAll(async () => {
		double = await new DiscordDouble().start();
		alice = double.createUser({ username: 'alice' });
		guild = double.createGuild({ name: 'Reactions', ownerId: alice });
		general = guild.createChannel('general');
		guild.createEmoji({ name: 'blessed' });
		client = new Client({
			intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions],
			...double.clientOptions()
		});
		await client.login(double.token);
		await double.ready;
		channel = (await client.channels.fetch(general.id)) as TextChannel;
	});

	afterAll(async () => {
		await client?.destroy();
		await double?.stop();
	});

	it('sends custom emojis in GUILD_CREATE and serves them over REST (10014 for an unknown one)', async () => {
		const emoji = client.emojis.cache.find((candidate) => candidate.name === 'blessed');
		expect(emoji?.guild.id).toBe(guild.id);
		const later = guild.createEmoji({ name: 'later', roles: [guild.everyone] });
		const fetched = await client.guilds.cache.get(guild.id)!.emojis.fetch(later.id!);
		expect(fetched.name).toBe('later');
		expect(await codeOf(client.guilds.cache.get(guild.id)!.emojis.fetch('123456789012345678'))).toBe(10014);
	});

	it('lets the bot react with unicode and with custom emojis of its guilds; unknown ones are 10014', async () => {
		const message = await double.sendMessage({ channel: general, author: alice, content: 'react to me' });
		const fetched = await channel.messages.fetch(message.id);
		expect(await codeOf(fetched.react('⭐'))).toBe('ok');
		const blessed = client.emojis.cache.find((candidate) => candidate.name === 'blessed')!;
		expect(await codeOf(fetched.react(blessed))).toBe('ok');
		expect(await codeOf(fetched.react('<:nowhere:123456789012345678>'))).toBe(10014);
		expect(await codeOf(fetched.react('abc'))).toBe(10014);
		expect(double.message(message.id)!.reactions!.map((reaction) => reaction.emoji.name)).toEqual(['⭐', 'blessed']);
	});

	it('refuses reactions without Read Message History (50013), and new emojis without Add Reactions (50013) but not existing ones', async () => {
		const locked = guild.createChannel('locked');
		const message = await double.sendMessage({ channel: locked, author: alice, content: 'careful' });
		await double.react({ message, user: alice, emoji: '🔥' });
		const lockedChannel = (await client.channels.fetch(locked.id)) as TextChannel;
		const fetched = await lockedChannel.messages.fetch(message.id);
		locked.setOverwrite(guild.me, { deny: PermissionFlagsBits.AddReactions });
		expect(await codeOf(fetched.react('⭐'))).toBe(50013);
		expect(await codeOf(fetched.react('🔥'))).toBe('ok');
		locked.setOverwrite(guild.me, { deny: PermissionFlagsBits.ReadMessageHistory });
		expect(await codeOf(fetched.react('🔥'))).toBe(50013);
		locked.setOverwrite(guild.me, { deny: PermissionFlagsBits.ViewChannel });
		expect(await codeOf(fetched.react('🔥'))).toBe(50001);
	});

	it('refuses a 21st distinct emoji on a message (30010)', async () => {
		const message = await double.sendMessage({ channel: general, author: alice, content: 'so many' });
		const emojis = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋', '😎', '😍', '😘', '🥰', '😗', '😙', '🥲', '😚', '🙂'];
		for (const emoji of emojis) await double.react({ message, user: alice, emoji });
		const fetched = await channel.messages.fetch(message.id);
		expect(await codeOf(fetched.react('🤗'))).toBe(30010);
		expect(await codeOf(fetched.react('😀'))).toBe('ok');
	});

	it('lists reacting users by id with limit (1-100, else 50035) and after, as discord.js pages them', async () => {
		const message = await double.sendMessage({ channel: general, author: alice, content: 'count us' });
		const users = Array.from({ length: 5 }, (_, index) => {
			const user = double.createUser({ username: `fan${index}` });
			guild.addMember(user);
			return user;
		});
		for (const user of [...users].reverse()) await double.react({ message, user, emoji: '⭐' });
		const fetched = await channel.messages.fetch({ message: message.id, force: true });
		const reaction = fetched.reactions.cache.get('⭐')!;
		const firstPage = await reaction.users.fetch({ limit: 2 });
		expect([...firstPage.keys()]).toEqual(users.slice(0, 2).map((user) => user.id));
		const secondPage = await reaction.users.fetch({ limit: 2, after: users[1]!.id });
		expect([...secondPage.keys()]).toEqual(users.slice(2, 4).map((user) => user.id));
		expect(await codeOf(reaction.users.fetch({ limit: 101 }))).toBe(50035);
	});

	it('dispatches MESSAGE_REACTION_ADD with the member and the message author, and REMOVE without them', async () => {
		const message = await double.sendMessage({ channel: general, author: alice, content: 'watch the events' });
		const events: Record<string, unknown>[] = [];
		const record = (data: Record<string, unknown>) => events.push(data);
		client.ws.on(GatewayDispatchEvents.MessageReactionAdd, record);
		client.ws.on(GatewayDispatchEvents.MessageReactionRemove, record);
		const fan = double.createUser({ username: 'eventful' });
		guild.addMember(fan);
		await double.react({ message, user: fan, emoji: 'blessed:' + client.emojis.cache.find((emoji) => emoji.name === 'blessed')!.id });
		await double.unreact({ message, user: fan, emoji: '⭐' });
		await double.react({ message, user: fan, emoji: '⭐' });
		await double.unreact({ message, user: fan, emoji: '⭐' });
		const deadline = Date.now() + 2000;
		while (events.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
		client.ws.off(GatewayDispatchEvents.MessageReactionAdd, record);
		client.ws.off(GatewayDispatchEvents.MessageReactionRemove, record);
		expect(events).toHaveLength(3);
		expect(events[0]).toMatchObject({
			user_id: fan.id,
			message_author_id: alice.id,
			member: { user: { id: fan.id } },
			emoji: { name: 'blessed' }
		});
		expect(events[2]).not.toHaveProperty('member');
		expect(events[2]).not.toHaveProperty('message_author_id');
	});
});
