import { join } from 'node:path';
import { container } from '@sapphire/framework';
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
