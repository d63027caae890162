import { join } from 'node:path';
import { container, Events } from '@sapphire/framework';
import type { Message, TextChannel } from 'discord.js';
import { MESSAGES_PER_CHANNEL } from '../../src/core/client';
import { GenerationalCollection } from '../../src/core/GenerationalCollection';
import { startTestBot, type TestBot } from '../support/harness';

describe('the message router, end to end', () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({ pluginPaths: [join(__dirname, '../support/fixtures/plugins')] });
	});
	afterAll(async () => {
		await bot?.stop();
	});

	const botMessagesIn = () => bot.double.messagesIn(bot.general).filter((message) => message.author.id === bot.double.bot.id);
	const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

	it('GIVEN a message one handler claims THEN routing stops there and later handlers never see it', async () => {
		const before = botMessagesIn().length;
		await bot.general.send(bot.alice, 'claim this one');
		expect((await bot.double.waitForMessage({ channel: bot.general })).content).toBe('claimed by the first handler');
		await settle();
		const sent = botMessagesIn()
			.slice(before)
			.map((message) => message.content);
		expect(sent).toEqual(['claimed by the first handler']);
	});

	it('GIVEN a handler that throws THEN the error is logged with the handler and message, and the next handler still runs', async () => {
		const message = await bot.general.send(bot.alice, 'boom goes the handler');
		expect((await bot.double.waitForMessage({ channel: bot.general })).content).toBe('the later handler saw it');
		const line = bot.logs.find((entry) => entry.includes('kaboom from a fixture'));
		expect(line).toBeDefined();
		expect(bot.logs.join('\n')).toContain(message.id);
		const stats = container.router.stats().find((entry) => entry.name === 'fxRouterBoom')!;
		expect(stats.errors).toBe(1);
		expect(stats.plugin).toBe('fx_router');
	});

	it('GIVEN the router itself throws or rejects THEN the error is logged as the listener’s, and the next message is routed', async () => {
		const route = jest
			.spyOn(container.router, 'route')
			.mockImplementationOnce(() => {
				throw new Error('router exploded synchronously');
			})
			.mockImplementationOnce(() => Promise.reject(new Error('router exploded asynchronously')));
		try {
			await bot.general.send(bot.alice, 'first victim');
			await bot.general.send(bot.alice, 'second victim');
			await settle();
			for (const text of ['router exploded synchronously', 'router exploded asynchronously']) {
				const line = bot.logs.find((entry) => entry.includes(text));
				expect(line).toContain('[listener] "CoreMessageCreate" failed on event "messageCreate"');
			}
		} finally {
			route.mockRestore();
		}
		await bot.general.send(bot.alice, 'claim this one');
		expect((await bot.double.waitForMessage({ channel: bot.general, content: 'claimed by the first handler' })).content).toBe(
			'claimed by the first handler'
		);
	});

	it('GIVEN chat, a prefix command and mentions THEN only the ones that can be commands reach Sapphire’s prefix parser, and every one is routed', async () => {
		const parsed: string[] = [];
		const listener = (message: Message) => parsed.push(message.content);
		container.client.on(Events.PreMessageParsed, listener);
		try {
			const before = container.router.routedMessages;
			await bot.general.send(bot.alice, 'just some chat about tika ping');
			await bot.general.send(bot.alice, '!tika ping');
			await bot.general.send(bot.alice, `<@${bot.double.bot.id}> ping`);
			await bot.general.send(bot.alice, `<@${bot.bob.id}> not for tika`);
			await bot.double.waitForMessage({ channel: bot.general, content: /Pinging/ });
			await settle();
			expect(parsed).toEqual(['!tika ping', `<@${bot.double.bot.id}> ping`, `<@${bot.bob.id}> not for tika`]);
			// The router still saw all four (its handlers are told which ones are commands).
			expect(container.router.routedMessages - before).toBe(4);
		} finally {
			container.client.off(Events.PreMessageParsed, listener);
		}
	});

	it('GIVEN 60 members chatting in turn THEN all of them stay in the member cache, so no message rebuilds its author', async () => {
		const chatters = Array.from({ length: 60 }, (_, index) => {
			const user = bot.double.createUser({ username: `chatter${index}` });
			bot.guild.addMember(user);
			return user;
		});
		for (const user of chatters) await bot.general.send(user, 'hello all');
		await settle();
		const members = container.client.guilds.cache.get(bot.guild.id)!.members.cache;
		const first = members.get(chatters[0]!.id);
		expect(chatters.filter((user) => members.has(user.id))).toHaveLength(60);
		// The first chatter's next message finds the same object: patched, not rebuilt.
		await bot.general.send(chatters[0]!, 'me again');
		await settle();
		expect(members.get(chatters[0]!.id)).toBe(first);
		// The channel's messages are cached (at least the last MESSAGES_PER_CHANNEL / 2 = 100: all 61 of this test), in the
		// cache that leaves V8 no chain of old tables.
		const channel = container.client.channels.cache.get(bot.general.id) as TextChannel;
		expect(channel.messages.cache).toBeInstanceOf(GenerationalCollection);
		expect(MESSAGES_PER_CHANNEL / 2).toBeGreaterThanOrEqual(61);
		expect(channel.messages.cache.filter((message) => message.content === 'hello all').size).toBe(60);
		expect(channel.messages.cache.last()?.content).toBe('me again');
	});

	it('GIVEN a message from another bot THEN no handler runs', async () => {
		const robot = bot.double.createUser({ username: 'robot', bot: true });
		bot.guild.addMember(robot);
		const calls = container.router.stats().find((entry) => entry.name === 'fxRouterClaim')!.calls;
		await bot.general.send(robot, 'claim everything');
		await settle();
		expect(container.router.stats().find((entry) => entry.name === 'fxRouterClaim')!.calls).toBe(calls);
	});

	it('GIVEN a handler that opted in to edits THEN an edited message reaches it', async () => {
		const message = await bot.general.send(bot.alice, 'just chatting');
		await settle();
		await bot.double.editMessage(message, { content: 'now it is edited' });
		expect((await bot.double.waitForMessage({ channel: bot.general })).content).toBe('saw the edit');
	});

	it('keeps per-handler statistics in routing order', () => {
		const names = container.router
			.stats()
			.filter((entry) => entry.plugin === 'fx_router')
			.map((entry) => entry.name);
		expect(names).toEqual(['fxRouterBoom', 'fxRouterClaim', 'fxRouterAfter', 'fxRouterEdits']);
		const claim = container.router.stats().find((entry) => entry.name === 'fxRouterClaim')!;
		expect(claim.handled).toBeGreaterThanOrEqual(1);
		expect(claim.meanMs).toBeGreaterThan(0);
	});
});
