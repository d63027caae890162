/**
 * A reminder that comes due while Tika is stopped is delivered once at the next start, marked late. Tika runs as a real
 * child process (a second in-process boot in one jest file is not supported), against one double and one database.
 */
import type { APIEmbed, APIMessage } from 'discord.js';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { botEnv, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

jest.setTimeout(120_000);

const text = (embed: APIEmbed | undefined) => `${embed?.title ?? ''}\n${embed?.description ?? ''}`;
const MESSAGES = /^\/channels\/\d+\/messages$/;

describe('reminders across a restart', () => {
	let double: DiscordDouble;
	let database: TestDatabase;
	let alice: UserHandle;
	let general: ChannelHandle;
	let env: Record<string, string>;
	let bot: BotProcess | null = null;

	beforeAll(async () => {
		database = await createTestDatabase();
		double = await new DiscordDouble().start();
		const owner = double.createUser({ username: 'owner' });
		alice = double.createUser({ username: 'alice' });
		const guild = double.createGuild({ name: 'Restart Reminders', ownerId: owner });
		general = guild.createChannel('general');
		guild.addMember(alice);
		env = botEnv(double, database.url, { BOT_OWNERS: owner.id });
	});

	afterEach(async () => {
		if (bot) await stopBotProcess(bot);
		bot = null;
	});

	afterAll(async () => {
		await double?.stop();
		await database?.cleanup();
	});

	it('GIVEN a reminder due in 3s WHEN Tika is stopped until after it and started again THEN it is delivered once at start, marked late', async () => {
		bot = await startBotProcess(double, env, 60_000);
		const remind = await double.slashCommand({
			channel: general,
			user: alice,
			name: 'remind',
			options: { when: 'in 3s', what: 'marker-restart' }
		});
		expect(text((await remind.reply()).embeds?.[0])).toContain('Reminder #1 set');
		const due = Date.now() + 3_000;

		expect((await stopBotProcess(bot)).code).toBe(0);
		bot = null;
		// Wall-clock wait: the point of the test is that the due time passes while nothing is running.
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) + 1_500));
		const delivered = (message: APIMessage) => !message.interaction_metadata && text(message.embeds?.[0]).includes('marker-restart');
		expect(double.messagesIn(general).filter(delivered)).toHaveLength(0);

		bot = await startBotProcess(double, env, 60_000);
		const message = await double.waitForMessage({ channel: general, where: delivered, after: '0' }, { timeout: 30_000 });
		expect(message.content).toMatch(new RegExp(`^<@${alice.id}> `));
		expect(text(message.embeds![0])).toMatch(/⏳ Late by \d+s: it was due <t:\d+:F> \(<t:\d+:R>\) while I was offline\./);

		// Still once a moment later (nothing retried, nothing left pending).
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(double.messagesIn(general).filter(delivered)).toHaveLength(1);
		const posts = double.requests.filter(
			(request) => request.method === 'POST' && MESSAGES.test(request.path) && JSON.stringify(request.body ?? '').includes('marker-restart')
		);
		expect(posts).toHaveLength(1);
		expect(posts[0]!.body).toMatchObject({ enforce_nonce: true, nonce: expect.any(String) });
	});
});
