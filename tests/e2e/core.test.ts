import { startTestBot, type TestBot } from '../support/harness';

describe('Tika boots against Discord and answers the core commands', () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot();
	});
	afterAll(async () => {
		await bot?.stop();
	});

	it('registers all commands with one bulk overwrite', () => {
		const puts = bot.double.requestsTo('PUT', '/applications/:id/commands');
		expect(puts).toHaveLength(1);
		const names = (puts[0]!.body as { name: string }[]).map((command) => command.name);
		expect(names).toEqual(expect.arrayContaining(['ping', 'help']));
	});

	it('identifies with the intents the features need and no presences', async () => {
		const { intents } = await bot.double.waitForIdentify();
		const MESSAGE_CONTENT = 1 << 15;
		const GUILD_MEMBERS = 1 << 1;
		const GUILD_PRESENCES = 1 << 8;
		expect(intents & MESSAGE_CONTENT).toBe(MESSAGE_CONTENT);
		expect(intents & GUILD_MEMBERS).toBe(GUILD_MEMBERS);
		expect(intents & GUILD_PRESENCES).toBe(0);
	});

	it('GIVEN alice runs /ping THEN the reply says pong with gateway and round-trip latency', async () => {
		const ping = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'ping' });
		const reply = await ping.reply();
		await bot.double.waitForRequest({ method: 'PATCH', path: /messages\/(@original|%40original)/ });
		const final = await ping.reply();
		expect(final.content).toMatch(/^🏓 Pong\. .*Gateway: \*\*(\d+ ms|n\/a)\*\* · Round trip: \*\*\d+ ms\*\*/);
		expect(reply).toBeDefined();
	});

	it('GIVEN alice writes "!tika ping" THEN Tika answers in the channel', async () => {
		await bot.general.send(bot.alice, '!tika ping');
		const edited = await bot.double.waitForRequest({ method: 'PATCH', path: '/channels/:id/messages/:id' });
		expect((edited.body as { content: string }).content).toContain('Pong');
	});

	it('GIVEN the prefix in another case ("!TIKA PING") THEN it still works (case_insensitive: true)', async () => {
		bot.double.clearRequests();
		await bot.general.send(bot.alice, '!TIKA PING');
		const sent = await bot.double.waitForMessage({ channel: bot.general });
		expect(sent.content).toContain('Pinging');
	});

	it('GIVEN alice mentions Tika with "ping" THEN Tika answers', async () => {
		bot.double.clearRequests();
		await bot.general.send(bot.alice, `<@${bot.double.bot.id}> ping`);
		const sent = await bot.double.waitForMessage({ channel: bot.general });
		expect(sent.content).toContain('Pinging');
	});

	it('GIVEN alice runs /help THEN she privately sees the commands grouped by plugin', async () => {
		const help = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'help' });
		const reply = await help.reply();
		expect(await help.isEphemeral()).toBe(true);
		const embed = reply.embeds![0]!;
		const core = embed.fields!.find((field) => field.name.startsWith('core'))!;
		expect(core.value).toContain('`/ping`');
		expect(core.value).toContain('`/help`');
	});

	it('GIVEN alice asks /help about one command THEN she gets its forms', async () => {
		const help = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'help', options: { command: 'ping' } });
		const embed = (await help.reply()).embeds![0]!;
		expect(embed.title).toBe('/ping');
		expect(embed.fields!.find((field) => field.name === 'Forms')!.value).toContain('!tika ping');
	});

	it('GIVEN alice asks /help about a command that does not exist THEN she is told so', async () => {
		const help = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'help', options: { command: 'nope' } });
		expect((await help.reply()).embeds![0]!.description).toContain("I don't have a command called `nope`");
	});

	it('GIVEN alice types in the /help command option THEN autocomplete suggests matching commands', async () => {
		const auto = await bot.double.autocomplete({
			channel: bot.general,
			user: bot.alice,
			name: 'help',
			options: { command: 'pi' },
			focused: 'command'
		});
		expect(await auto.choices()).toEqual([{ name: 'ping', value: 'ping' }]);
	});

	it('never lets a message ping @everyone, roles or the replied-to user', () => {
		// Every message-creating request: channel messages and interaction replies (callback type 4), not autocomplete.
		const bodies = bot.double.requests
			.filter((request) => request.method === 'POST' && /\/messages$|\/callback$/.test(request.path))
			.map((request) => request.body as { type?: number; allowed_mentions?: unknown; data?: { allowed_mentions?: unknown } })
			.filter((body) => body.type === undefined || body.type === 4);
		expect(bodies.length).toBeGreaterThan(0);
		for (const body of bodies) {
			const mentions = (body.data?.allowed_mentions ?? body.allowed_mentions) as { parse: string[]; replied_user?: boolean } | undefined;
			expect(mentions).toBeDefined();
			expect(mentions!.parse).toEqual(['users']);
			expect(mentions!.replied_user ?? false).toBe(false);
		}
	});

	it('hit no route the double does not know', () => {
		expect(bot.double.unknownRoutes()).toEqual([]);
	});
});
