import { once } from 'node:events';
import { join } from 'node:path';
import { ApplicationCommandRegistries, container, Events, LogLevel, RegisterBehavior, SapphireClient } from '@sapphire/framework';
import {
	ActionRowBuilder,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	ChannelType,
	Client,
	DiscordAPIError,
	StringSelectMenuBuilder,
	Events as DjsEvents,
	GatewayIntentBits,
	InteractionResponseType,
	MessageFlags,
	PermissionFlagsBits,
	type GuildMember,
	type Role,
	type TextChannel
} from 'discord.js';
import { DiscordDouble, type ChannelHandle, type GuildHandle, type RoleHandle, type UserHandle } from '../../src/playground/double';

const FOURTEEN_DAYS = 14 * 24 * 60 * 60 * 1000;

async function waitUntil(condition: () => boolean, timeout = 2000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

describe('DiscordDouble driving a real SapphireClient', () => {
	let double: DiscordDouble;
	let client: SapphireClient;
	let guild: GuildHandle;
	let general: ChannelHandle;
	let mods: RoleHandle;
	let alice: UserHandle;
	let bob: UserHandle;

	beforeAll(async () => {
		double = await new DiscordDouble().start();
		alice = double.createUser({ username: 'alice', globalName: 'Alice' });
		bob = double.createUser({ username: 'bob' });
		guild = double.createGuild({ name: 'Tika Test', ownerId: alice });
		guild.createCategory('text');
		general = guild.createChannel('general');
		guild.createVoiceChannel('lounge');
		mods = guild.createRole({ name: 'Mods', permissions: PermissionFlagsBits.ManageMessages | PermissionFlagsBits.KickMembers, position: 1 });
		guild.addMember(bob, { roles: [mods], nick: 'Bobby' });

		ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);
		client = new SapphireClient({
			intents: [
				GatewayIntentBits.Guilds,
				GatewayIntentBits.GuildMembers,
				GatewayIntentBits.GuildMessages,
				GatewayIntentBits.GuildMessageReactions,
				GatewayIntentBits.MessageContent,
				GatewayIntentBits.DirectMessages
			],
			baseUserDirectory: null,
			loadMessageCommandListeners: true,
			defaultPrefix: '!',
			logger: { level: LogLevel.Warn },
			...double.clientOptions()
		});
		// baseUserDirectory is ignored outside login(); register the fixture pieces explicitly.
		container.stores.registerPath(join(__dirname, '..', 'support', 'fixtures', 'double-pieces'));
		const registered = once(client, Events.ApplicationCommandRegistriesRegistered);
		await client.login(double.token);
		await registered;
		await double.ready;
	});

	afterAll(async () => {
		await client?.destroy();
		await double?.stop();
	});

	it('logs in: IDENTIFY recorded, clientReady reached and guild cache filled from GUILD_CREATE', async () => {
		const identify = await double.waitForIdentify();
		expect(identify.token).toBe(double.token);
		expect(Number(identify.intents) & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
		expect(client.isReady()).toBe(true);
		expect(client.user?.id).toBe(double.bot.id);

		const cached = client.guilds.cache.get(guild.id);
		expect(cached?.name).toBe('Tika Test');
		expect(cached?.ownerId).toBe(alice.id);
		expect(cached?.channels.cache.get(general.id)?.type).toBe(ChannelType.GuildText);
		expect(cached?.channels.cache.filter((c) => c.type === ChannelType.GuildVoice).size).toBe(1);
		expect(cached?.roles.everyone.id).toBe(guild.id);
		expect(cached?.roles.cache.get(mods.id)?.permissions.has(PermissionFlagsBits.KickMembers)).toBe(true);
		expect(cached?.members.cache.get(bob.id)?.displayName).toBe('Bobby');
		expect(cached?.members.cache.get(bob.id)?.roles.cache.has(mods.id)).toBe(true);
		expect(cached?.members.me?.id).toBe(double.bot.id);
		expect(container.stores.get('commands').size).toBe(5);
		expect(container.stores.get('interaction-handlers').size).toBe(2);
	});

	it('registers every slash command with ONE bulk-overwrite PUT', () => {
		const puts = double.requestsTo('PUT', '/applications/:app/commands');
		expect(puts).toHaveLength(1);
		expect((puts[0]!.body as { name: string }[]).map((c) => c.name).sort()).toEqual(['confirm', 'feedback', 'give', 'ping', 'slow']);
		expect(
			double
				.commands()
				.map((c) => c.name)
				.sort()
		).toEqual(['confirm', 'feedback', 'give', 'ping', 'slow']);
	});

	it('delivers MESSAGE_CREATE to a listener whose channel.send reaches REST with the right body', async () => {
		const sent = await general.send(alice, 'echo hello world');
		const request = await double.waitForRequest({ method: 'POST', path: `/channels/${general.id}/messages` });
		expect(request.body).toMatchObject({ content: 'echo: hello world' });
		expect(request.headers.authorization).toBe(`Bot ${double.token}`);
		const reply = await double.waitForMessage({ channel: general });
		expect(reply.content).toBe('echo: hello world');
		expect(double.messagesIn(general).map((m) => m.id)).toEqual([sent.id, reply.id]);
	});

	it('runs a prefix command (!ping) that replies to the message', async () => {
		const sent = await general.send(alice, '!ping');
		const reply = await double.waitForMessage({ channel: general });
		expect(reply.content).toBe('pong');
		expect(reply.message_reference?.message_id).toBe(sent.id);
		expect(reply.mentions.map((u) => u.id)).toContain(alice.id);
	});

	it('answers a slash command with a reply', async () => {
		const ping = await double.slashCommand({ channel: general, user: alice, name: 'ping' });
		expect((await ping.response()).type).toBe(InteractionResponseType.ChannelMessageWithSource);
		expect((await ping.reply()).content).toBe('pong');
		expect(await ping.isEphemeral()).toBe(false);
		expect(double.messagesIn(general).at(-1)?.content).toBe('pong');
	});

	it('resolves typed options (user + integer) from the registered definition', async () => {
		const give = await double.slashCommand({ channel: general, user: alice, name: 'give', options: { user: bob, amount: 5 } });
		expect((await give.reply()).content).toBe('Bobby receives 5 points (from alice)');
		const data = give.payload.data as { options: { name: string; type: number; value: unknown }[]; resolved: { users: object; members: object } };
		expect(data.options).toEqual([
			{ name: 'user', type: 6, value: bob.id },
			{ name: 'amount', type: 4, value: 5 }
		]);
		expect(Object.keys(data.resolved.users)).toEqual([bob.id]);
		expect(Object.keys(data.resolved.members)).toEqual([bob.id]);
	});

	it('keeps ephemeral replies out of the channel', async () => {
		const ping = await double.slashCommand({ channel: general, user: bob, name: 'ping', options: { private: true } });
		const reply = await ping.reply();
		expect(reply.content).toBe('pong');
		expect(await ping.isEphemeral()).toBe(true);
		expect(double.messagesIn(general).some((m) => m.id === reply.id)).toBe(false);
	});

	it('handles deferReply + editReply + ephemeral followUp', async () => {
		const slow = await double.slashCommand({ channel: general, user: alice, name: 'slow' });
		expect(await slow.wasDeferred()).toBe(true);
		expect((await slow.reply()).content).toBe('done thinking');
		const followUp = await slow.followUp(0);
		expect(followUp.content).toBe('psst, only you see this');
		expect(followUp.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
		expect(await slow.isEphemeral()).toBe(false);
		expect(double.requestsTo('PATCH', '/webhooks/:app/:token/messages/@original')).toHaveLength(1);
	});

	it('clicks a button on the reply and sees the message updated', async () => {
		const confirm = await double.slashCommand({ channel: general, user: alice, name: 'confirm' });
		const question = await confirm.reply();
		expect(question.content).toBe('Are you sure?');
		const click = await double.clickButton({ message: question, customId: 'confirm:yes', user: bob });
		expect((await click.response()).type).toBe(InteractionResponseType.UpdateMessage);
		const updated = await click.reply();
		expect(updated.id).toBe(question.id);
		expect(updated.content).toBe('Confirmed by bob');
		expect(updated.components).toEqual([]);
		// The buttons are gone from the updated message, so a user can no longer click them.
		await expect(double.clickButton({ message: question, customId: 'confirm:yes', user: bob })).rejects.toThrow(/no component "confirm:yes"/);
	});

	it('shows a modal and handles its submission', async () => {
		const feedback = await double.slashCommand({ channel: general, user: alice, name: 'feedback' });
		const modal = await feedback.modal();
		expect(modal.custom_id).toBe('feedback');
		expect(modal.title).toBe('Feedback');
		const submit = await double.submitModal({ channel: general, user: alice, customId: 'feedback', fields: { 'feedback:text': 'great bot' } });
		expect((await submit.reply()).content).toBe('Thanks for: great bot');
		expect(await submit.isEphemeral()).toBe(true);
	});

	it('retries after an injected 429 with rate-limit headers, and succeeds', async () => {
		const limited: number[] = [];
		client.rest.on('rateLimited', (info) => limited.push(info.retryAfter));
		double.failNext({ method: 'POST', path: '/channels/:id/messages', status: 429, retryAfter: 0.05 });
		const channel = client.channels.cache.get(general.id) as TextChannel;
		const message = await channel.send('after the storm');
		const attempts = double.requestsTo('POST', `/channels/${general.id}/messages`).slice(-2);
		expect(attempts.map((r) => [r.status, r.injected])).toEqual([
			[429, true],
			[200, false]
		]);
		expect(attempts[1]!.body).toMatchObject({ content: 'after the storm' });
		expect(message.content).toBe('after the storm');
		// @discordjs/rest saw the bucket exhausted (remaining 0, reset-after 0.05 s) and waited.
		expect(limited).toHaveLength(1);
		expect(limited[0]).toBeGreaterThan(0);
	});

	it('enforce_nonce returns the first message for a repeated nonce instead of posting twice; a nonce over 25 characters is refused', async () => {
		const channel = client.channels.cache.get(general.id) as TextChannel;
		const before = double.messagesIn(general.id).length;
		const first = await channel.send({ content: 'exactly once', nonce: 't1.abc', enforceNonce: true });
		const again = await channel.send({ content: 'exactly once', nonce: 't1.abc', enforceNonce: true });
		expect(again.id).toBe(first.id);
		// Without enforce_nonce the nonce is only echoed: a second message is created, as on Discord.
		const loose = await channel.send({ content: 'twice', nonce: 't1.abc' });
		expect(loose.id).not.toBe(first.id);
		expect(double.messagesIn(general.id).length).toBe(before + 2);
		await expect(channel.send({ content: 'too long', nonce: 'x'.repeat(26), enforceNonce: true })).rejects.toMatchObject({
			status: 400,
			code: 50035
		});
	});

	it('answers unknown routes with a recorded 404', async () => {
		await expect(client.rest.get('/definitely/not/a/route')).rejects.toMatchObject({
			status: 404,
			message: expect.stringContaining('DiscordDouble: no route for GET /v10/definitely/not/a/route')
		});
		expect(double.unknownRoutes().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /definitely/not/a/route']);
	});

	it('fetches members over the gateway (op 8 → GUILD_MEMBERS_CHUNK with the nonce)', async () => {
		const members = await client.guilds.cache.get(guild.id)!.members.fetch();
		expect([...members.keys()].sort()).toEqual([alice.id, bob.id, double.bot.id].sort());
		const request = double.gateway.received.find((frame) => frame.op === 8) as { d: { nonce?: string } } | undefined;
		expect(request?.d.nonce).toEqual(expect.any(String));
	});

	it('propagates member, role and reaction events into the client caches', async () => {
		const cachedGuild = client.guilds.cache.get(guild.id)!;
		const joined = once(client, DjsEvents.GuildMemberAdd) as Promise<[GuildMember]>;
		const carol = double.createUser({ username: 'carol' });
		guild.addMember(carol);
		const [member] = await joined;
		expect(member.id).toBe(carol.id);

		const roleCreated = once(client, DjsEvents.GuildRoleCreate) as Promise<[Role]>;
		const vip = guild.createRole({ name: 'VIP', permissions: 0n });
		expect((await roleCreated)[0].id).toBe(vip.id);

		const updated = once(client, DjsEvents.GuildMemberUpdate);
		guild.member(carol).addRole(vip);
		await updated;
		expect(cachedGuild.members.cache.get(carol.id)?.roles.cache.has(vip.id)).toBe(true);

		const target = await general.send(carol, 'react to me');
		const reacted = once(client, DjsEvents.MessageReactionAdd);
		await double.react({ message: target, user: carol, emoji: '🔥' });
		const [reaction] = (await reacted) as [{ emoji: { name: string }; count: number }];
		expect(reaction.emoji.name).toBe('🔥');
	});

	it('applies REST writes to the double state (roles, nick, timeout, bans)', async () => {
		const cachedGuild = client.guilds.cache.get(guild.id)!;
		const bobMember = await cachedGuild.members.fetch(bob.id);
		await bobMember.roles.remove(mods.id);
		await bobMember.setNickname('Robert');
		await bobMember.timeout(60_000, 'spam');
		const member = guild.member(bob);
		expect(member.hasRole(mods)).toBe(false);
		expect(member.nick).toBe('Robert');
		expect(Date.parse(member.communicationDisabledUntil!)).toBeGreaterThan(Date.now());
		expect(double.requestsTo('PATCH', '/guilds/:guild/members/:user').at(-1)?.headers['x-audit-log-reason']).toBe('spam');

		const dave = double.createUser({ username: 'dave' });
		guild.addMember(dave);
		await cachedGuild.members.ban(dave.id, { reason: 'bye' });
		expect(guild.hasMember(dave)).toBe(false);
		expect(guild.ban(dave)?.reason).toBe('bye');
	});

	it('rejects bulk deletes of messages older than 14 days (50034), like Discord', async () => {
		const old = await general.send(alice, 'ancient', { timestamp: Date.now() - FOURTEEN_DAYS - 60_000 });
		const recent = await general.send(alice, 'recent');
		const channel = client.channels.cache.get(general.id) as TextChannel;
		await expect(channel.bulkDelete([old.id, recent.id])).rejects.toMatchObject({ status: 400, code: 50034 });
		const fresh = await general.send(alice, 'fresh');
		await channel.bulkDelete([recent.id, fresh.id]);
		expect(double.message(recent.id)).toBeUndefined();
		expect(double.message(old.id)).toBeDefined();
	});

	it('sends DMs, and answers 50007 when the user has DMs closed', async () => {
		const erin = double.createUser({ username: 'erin' });
		await client.users.send(erin.id, 'hello erin');
		expect(erin.dms().map((m) => m.content)).toEqual(['hello erin']);
		const frank = double.createUser({ username: 'frank', dmsClosed: true });
		const error = await client.users.send(frank.id, 'hello frank').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect((error as DiscordAPIError).code).toBe(50007);
	});

	it('resumes after the connection drops and keeps delivering events', async () => {
		const shard = client.ws.shards.first()!;
		const resumed = once(shard, 'resumed');
		double.gateway.dropConnections(4000);
		await resumed;
		expect(double.gateway.received.some((frame) => frame.op === 6)).toBe(true);
		expect(double.identifies).toHaveLength(1);
		await general.send(alice, 'echo still here');
		expect((await double.waitForMessage({ channel: general })).content).toBe('echo: still here');
	});

	it('dispatches user edits and deletions (MESSAGE_UPDATE / MESSAGE_DELETE)', async () => {
		const original = await general.send(alice, 'typo heer');
		const edited = once(client, DjsEvents.MessageUpdate);
		await double.editMessage(original, { content: 'typo here' });
		const [, after] = (await edited) as [unknown, { content: string }];
		expect(after.content).toBe('typo here');
		const deleted = once(client, DjsEvents.MessageDelete) as Promise<[{ id: string }]>;
		await double.deleteMessage(original);
		expect((await deleted)[0].id).toBe(original.id);
		expect(double.messagesIn(general).some((m) => m.id === original.id)).toBe(false);
	});

	it('explains timeouts with the last requests it saw', async () => {
		await expect(double.waitForRequest({ method: 'DELETE', path: '/guilds/:guild' }, { timeout: 30 })).rejects.toThrow(
			/timed out after 30 ms: no request matching DELETE \/guilds\/:guild; last \d+ REST requests:\n {2}\d{3} /
		);
	});

	it('saw no route it does not know and had no internal errors', () => {
		expect(double.unknownRoutes().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /definitely/not/a/route']);
		expect(double.errors).toEqual([]);
	});
});

describe('DiscordDouble with a plain discord.js Client', () => {
	let double: DiscordDouble;
	let client: Client;
	let guild: GuildHandle;
	let general: ChannelHandle;
	let alice: UserHandle;
	let bob: UserHandle;

	beforeAll(async () => {
		double = await new DiscordDouble().start();
		alice = double.createUser({ username: 'alice' });
		bob = double.createUser({ username: 'bob' });
		guild = double.createGuild({ name: 'Plain', ownerId: alice });
		general = guild.createChannel('general');
		guild.addMember(bob);
		// No MessageContent intent: the double must blank content like Discord does.
		client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], ...double.clientOptions() });
		client.on(DjsEvents.InteractionCreate, async (interaction) => {
			if (interaction.isAutocomplete()) {
				const typed = String(interaction.options.getFocused());
				await interaction.respond(['apple', 'apricot', 'banana'].filter((f) => f.startsWith(typed)).map((f) => ({ name: f, value: f })));
			} else if (interaction.isUserContextMenuCommand()) {
				await interaction.reply(`profile of ${interaction.targetUser.username}`);
			} else if (interaction.isMessageContextMenuCommand()) {
				await interaction.reply({
					content: `quoted: ${interaction.targetMessage.content}`,
					files: [{ attachment: Buffer.from('quote!'), name: 'quote.txt' }]
				});
			} else if (interaction.isChatInputCommand()) {
				const menu = new StringSelectMenuBuilder()
					.setCustomId('fruit')
					.addOptions({ label: 'Apple', value: 'apple' }, { label: 'Banana', value: 'banana' });
				const response = await interaction.reply({
					content: `pick one (${interaction.options.getString('fruit')})`,
					components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
					withResponse: true
				});
				responseMessageIds.push(response.resource?.message?.id ?? 'none');
			} else if (interaction.isStringSelectMenu()) {
				await interaction.deferUpdate();
				await interaction.editReply({ content: `picked ${interaction.values.join(', ')}`, components: [] });
			}
		});
		await client.login(double.token);
		await double.ready;
		await client.application!.commands.set([
			{
				name: 'fruit',
				description: 'Pick a fruit',
				options: [{ name: 'fruit', description: 'Which', type: ApplicationCommandOptionType.String, autocomplete: true }]
			},
			{ name: 'Profile', type: ApplicationCommandType.User },
			{ name: 'Quote', type: ApplicationCommandType.Message }
		]);
	});

	const responseMessageIds: string[] = [];

	afterAll(async () => {
		await client?.destroy();
		await double?.stop();
	});

	it('blanks message content without the MessageContent intent (unless the bot is mentioned)', async () => {
		const seen: string[] = [];
		client.on(DjsEvents.MessageCreate, (message) => void seen.push(message.content));
		await general.send(alice, 'secret plans');
		await general.send(alice, `hey ${double.bot} look`);
		await waitUntil(() => seen.length === 2);
		expect(seen).toEqual(['', `hey <@${double.bot.id}> look`]);
	});

	it('answers autocomplete with choices', async () => {
		const auto = await double.autocomplete({ channel: general, user: bob, name: 'fruit', options: { fruit: 'ap' }, focused: 'fruit' });
		expect((await auto.choices()).map((c) => c.value)).toEqual(['apple', 'apricot']);
	});

	it('handles user and message context menus, with file uploads parsed from multipart', async () => {
		const profile = await double.userContextMenu({ channel: general, user: alice, name: 'Profile', target: bob });
		expect((await profile.reply()).content).toBe('profile of bob');

		const target = await general.send(bob, 'to be quoted');
		const quote = await double.messageContextMenu({ user: alice, name: 'Quote', target });
		const reply = await quote.reply();
		expect(reply.content).toBe('quoted: to be quoted');
		expect(reply.attachments.map((a) => [a.filename, a.size])).toEqual([['quote.txt', 6]]);
		const callback = double.requestsTo('POST', '/interactions/:id/:token/callback').at(-1)!;
		expect(callback.headers.authorization).toBeUndefined();
		expect(callback.files.map((f) => [f.name, f.filename, f.bytes.toString()])).toEqual([['files[0]', 'quote.txt', 'quote!']]);
		// The attachment URL serves the uploaded bytes.
		expect(await (await fetch(reply.attachments[0]!.url)).text()).toBe('quote!');
	});

	it('supports with_response, string selects, deferUpdate + editReply', async () => {
		const fruit = await double.slashCommand({ channel: general, user: alice, name: 'fruit', options: { fruit: 'apple' } });
		const menuMessage = await fruit.reply();
		expect(menuMessage.content).toBe('pick one (apple)');
		// The double answered before discord.js parsed the with_response body: wait for the handler.
		await waitUntil(() => responseMessageIds.length > 0);
		expect(responseMessageIds).toEqual([menuMessage.id]);
		await expect(double.selectMenu({ message: menuMessage, customId: 'fruit', values: ['cherry'], user: bob })).rejects.toThrow(
			/no option\(s\) cherry/
		);
		const pick = await double.selectMenu({ message: menuMessage, customId: 'fruit', values: ['banana'], user: bob });
		expect((await pick.response()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
		expect((await pick.reply()).content).toBe('picked banana');
		expect(double.message(menuMessage.id)?.components).toEqual([]);
	});

	it('fails clearly when a slash command was never registered', async () => {
		await expect(double.slashCommand({ channel: general, user: alice, name: 'nope' })).rejects.toThrow(/no registered command "nope"/);
		expect(double.unknownRoutes()).toEqual([]);
		expect(double.errors).toEqual([]);
	});
});
