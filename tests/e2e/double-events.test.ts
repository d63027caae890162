/**
 * The double's event stream (src/playground/double/events.ts), which the playground's page follows: every gateway
 * dispatch once, every stored message (ephemeral ones too, which are never dispatched), every change to an interaction.
 */
import { ApplicationCommandType, Client, Events, GatewayIntentBits, MessageFlags, type APIMessage } from 'discord.js';
import { once } from 'node:events';
import { DiscordDouble, type ChannelHandle, type InteractionRecord, type UserHandle } from '../../src/playground/double';

describe('the double’s event stream', () => {
	let double: DiscordDouble;
	let client: Client;
	let alice: UserHandle;
	let general: ChannelHandle;

	beforeAll(async () => {
		double = await new DiscordDouble().start();
		alice = double.createUser({ username: 'alice' });
		const guild = double.createGuild({ name: 'Events', ownerId: alice });
		general = guild.createChannel('general');
		client = new Client({
			intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
			...double.clientOptions()
		});
		client.on(Events.InteractionCreate, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			await interaction.reply({ content: 'just you', flags: MessageFlags.Ephemeral });
			await interaction.editReply({ content: 'just you, edited' });
		});
		const ready = once(client, Events.ClientReady);
		await client.login(double.token);
		await ready;
		await client.application!.commands.set([{ name: 'secret', description: 'An ephemeral answer', type: ApplicationCommandType.ChatInput }]);
	});

	afterAll(async () => {
		await client.destroy();
		await double.stop();
	});

	test('GIVEN a user message THEN one MESSAGE_CREATE dispatch and one stored message are reported', async () => {
		const dispatched: string[] = [];
		const stored: APIMessage[] = [];
		const onDispatch = (event: string) => dispatched.push(event);
		const onMessage = (message: APIMessage) => stored.push(message);
		double.events.on('dispatch', onDispatch);
		double.events.on('message', onMessage);
		try {
			const sent = await general.send(alice, 'hello stream');
			expect(dispatched.filter((event) => event === 'MESSAGE_CREATE')).toHaveLength(1);
			expect(stored.map((message) => message.id)).toEqual([sent.id]);
			expect(stored[0]!.content).toBe('hello stream');
		} finally {
			double.events.off('dispatch', onDispatch);
			double.events.off('message', onMessage);
		}
	});

	test('GIVEN an ephemeral reply that is then edited THEN the stream reports the message and both interaction changes, and no dispatch', async () => {
		const dispatched: string[] = [];
		const stored: { content: string; flags: number }[] = [];
		const changes: string[] = [];
		const onDispatch = (event: string) => dispatched.push(event);
		// Stored messages are live objects (a later edit changes them): keep what they said when reported.
		const onMessage = (message: APIMessage) => stored.push({ content: message.content, flags: message.flags ?? 0 });
		const onInteraction = (record: InteractionRecord) => changes.push(record.original?.content ?? '');
		double.events.on('dispatch', onDispatch);
		double.events.on('message', onMessage);
		double.events.on('interaction', onInteraction);
		try {
			const handle = await double.slashCommand({ channel: general, user: alice, name: 'secret' });
			await double.waitForRequest({ method: 'PATCH', path: '/webhooks/:app/:token/messages/@original' });
			expect(await handle.isEphemeral()).toBe(true);
			expect(stored.map((message) => message.content)).toEqual(['just you']);
			expect(stored[0]!.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
			expect(changes).toEqual(['just you', 'just you, edited']);
			expect(dispatched).toEqual(['INTERACTION_CREATE']);
		} finally {
			double.events.off('dispatch', onDispatch);
			double.events.off('message', onMessage);
			double.events.off('interaction', onInteraction);
		}
	});
});
