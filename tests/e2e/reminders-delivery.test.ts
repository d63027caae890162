/**
 * Reminders being delivered, through the real scheduler and the double: the message, who it may ping, the nonce, the
 * buttons, DM fallback, undeliverable reminders, /timer and "Remind me about this".
 */
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import { PermissionFlagsBits } from 'discord.js';
import type { ChannelHandle, InteractionHandle, OptionValue, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

jest.setTimeout(60_000);

const text = (embed: APIEmbed | undefined) => `${embed?.title ?? ''}\n${embed?.description ?? ''}`;
const buttonIds = (message: APIMessage) =>
	((message.components ?? []) as unknown as { components?: { custom_id?: string }[] }[])
		.flatMap((row) => row.components ?? [])
		.map((button) => button.custom_id);

/** POST /channels/:id/messages: a message in a channel or a DM. */
const MESSAGES = /^\/channels\/\d+\/messages$/;

describe('reminders: delivery', () => {
	let bot: TestBot;

	const run = async (user: UserHandle, name: string, options: Record<string, OptionValue> = {}, channel?: ChannelHandle, subcommand?: string) => {
		const handle = await bot.double.slashCommand({ channel: channel ?? bot.general, user, name, subcommand, options });
		await handle.reply();
		return handle;
	};
	const replyText = async (handle: InteractionHandle) => text((await handle.reply()).embeds?.[0]);
	const rowOf = (id: number) => container.prisma.reminderEntry.findUniqueOrThrow({ where: { id } });
	const latest = () => container.prisma.reminderEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
	const taskOf = (id: number) => container.prisma.scheduledTask.findUnique({ where: { key: `reminder:${id}` } });
	/** The delivered message (not an interaction reply) whose embed mentions `marker`, in `channel` or anywhere (DMs). */
	const delivery = (marker: string, channel?: ChannelHandle) =>
		bot.double.waitForMessage(
			{
				...(channel ? { channel } : {}),
				where: (message) => !message.interaction_metadata && text(message.embeds?.[0]).includes(marker),
				after: '0'
			},
			{ timeout: 15_000 }
		);
	/** Messages Discord accepted (channel or DM) mentioning `marker` (a message is stored a moment before its request is recorded). */
	const postsWith = async (marker: string) => {
		const accepted = (request: { method: string; path: string; status: number; body: unknown }) =>
			request.method === 'POST' && MESSAGES.test(request.path) && request.status < 300 && JSON.stringify(request.body ?? '').includes(marker);
		await bot.double.waitForRequest(accepted, { includeExisting: true });
		return bot.double.requests.filter(accepted);
	};

	beforeAll(async () => {
		bot = await startTestBot();
	});
	afterAll(() => bot?.stop());

	it('GIVEN a reminder due in 2s with mentions in its text THEN it is posted once in its channel, pinging only its owner, with a nonce and Snooze buttons', async () => {
		await run(bot.alice, 'remind', { when: 'in 2s', what: `ping ${bot.bob} and @everyone about the marker-one` });
		const reminder = await latest();
		const message = await delivery('marker-one', bot.general);
		expect(message.content).toMatch(new RegExp(`^<@${bot.alice.id}> `));
		expect(text(message.embeds![0])).toContain('⏰ Reminder');
		expect(message.mentions.map((user) => user.id)).toEqual([bot.alice.id]);
		expect(message.mention_everyone).toBe(false);
		const posts = await postsWith('marker-one');
		expect(posts).toHaveLength(1);
		const body = posts[0]!.body as { nonce?: string; enforce_nonce?: boolean; allowed_mentions?: unknown };
		expect(body.enforce_nonce).toBe(true);
		expect(typeof body.nonce).toBe('string');
		expect(body.allowed_mentions).toEqual({ parse: [], users: [bot.alice.id] });
		expect(buttonIds(message)).toEqual([
			`reminders:snooze:${reminder.id}:10m`,
			`reminders:snooze:${reminder.id}:1h`,
			`reminders:snooze:${reminder.id}:tomorrow`
		]);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect((await rowOf(reminder.id)).status).toBe('delivered');
		// A finished task leaves the table.
		expect(await taskOf(reminder.id)).toBeNull();
	});

	it('GIVEN a delivered reminder THEN bob cannot snooze it; alice snoozes it for 10 minutes and it comes back as pending', async () => {
		await run(bot.alice, 'remind', { when: 'in 1s', what: 'marker-snooze' });
		const reminder = await latest();
		const message = await delivery('marker-snooze', bot.general);
		const intruder = await bot.double.clickButton({ message, customId: `reminders:snooze:${reminder.id}:10m`, user: bot.bob });
		expect(await intruder.isEphemeral()).toBe(true);
		expect((await intruder.reply()).content).toBeTruthy();
		expect(buttonIds(await intruder.reply())).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await rowOf(reminder.id)).status).toBe('delivered');

		const before = Date.now();
		const press = await bot.double.clickButton({ message, customId: `reminders:snooze:${reminder.id}:10m`, user: bot.alice });
		expect(buttonIds(await press.reply())).toEqual([]);
		expect(text((await press.followUp(0)).embeds![0])).toContain('Snoozed: 10 min');
		const row = await rowOf(reminder.id);
		expect(row.status).toBe('pending');
		expect(row.dueAt.getTime() - before).toBeGreaterThan(595_000);
		expect(row.dueAt.getTime() - before).toBeLessThan(610_000);
		expect(await taskOf(reminder.id)).toMatchObject({ status: 'pending', runAt: row.dueAt });
	});

	it('GIVEN a daily repeat delivered THEN it has Done; a snooze is a separate one-off and never moves the repeat; Done ends the repeat', async () => {
		await run(bot.alice, 'remind', { when: 'in 1s', what: 'marker-repeat', repeat: 'daily' });
		const reminder = await latest();
		const message = await delivery('marker-repeat', bot.general);
		expect(text(message.embeds![0])).toMatch(/Repeats every day at \d\d:\d\d; next <t:\d+:F>/);
		expect(buttonIds(message)).toContain(`reminders:done:${reminder.id}`);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const repeat = await rowOf(reminder.id);
		expect(repeat.status).toBe('pending');
		expect(repeat.dueAt.getTime() - reminder.dueAt.getTime()).toBe(86_400_000 - (reminder.dueAt.getTime() % 1000));
		expect((await taskOf(reminder.id))?.runAt).toEqual(repeat.dueAt);

		const snooze = await bot.double.clickButton({ message, customId: `reminders:snooze:${reminder.id}:1h`, user: bot.alice });
		await snooze.reply();
		expect(text((await snooze.followUp(0)).embeds![0])).toContain('the repeat keeps its own schedule');
		const copy = await latest();
		expect(copy.id).not.toBe(reminder.id);
		expect(copy).toMatchObject({ rule: null, text: 'marker-repeat', status: 'pending' });
		expect(await rowOf(reminder.id)).toEqual(repeat);
		expect((await taskOf(reminder.id))?.runAt).toEqual(repeat.dueAt);

		// A second delivery of the same repeat (moved to now) carries Done again.
		await container.schedule.reschedule({ key: `reminder:${reminder.id}` }, new Date());
		const again = await bot.double.waitForMessage(
			{
				channel: bot.general,
				where: (candidate) =>
					candidate.id !== message.id && text(candidate.embeds?.[0]).includes('marker-repeat') && buttonIds(candidate).length === 4,
				after: message.id
			},
			{ timeout: 15_000 }
		);
		// The delivery's own row update comes right after its message; Done is pressed after it, as a reader would.
		for (let waited = 0; waited < 10_000 && (await rowOf(reminder.id)).updatedAt.getTime() === repeat.updatedAt.getTime(); waited += 50)
			await new Promise((resolve) => setTimeout(resolve, 50));
		const done = await bot.double.clickButton({ message: again, customId: `reminders:done:${reminder.id}`, user: bot.alice });
		expect(text((await done.followUp(0)).embeds![0])).toContain('Repeat ended');
		expect((await rowOf(reminder.id)).status).toBe('delivered');
		expect(await taskOf(reminder.id)).toBeNull();
	});

	it('GIVEN a reminder run past the grace window (missed_after_minutes, default a day) THEN it is delivered as missed, not as on time', async () => {
		await run(bot.alice, 'remind', { when: 'in 1h', what: 'marker-missed' });
		const reminder = await latest();
		// As if Tika had been stopped for two days: the task is due two days ago when the scheduler sees it.
		await container.prisma.reminderEntry.update({ where: { id: reminder.id }, data: { dueAt: new Date(Date.now() - 2 * 86_400_000) } });
		await container.schedule.reschedule({ key: `reminder:${reminder.id}` }, new Date(Date.now() - 2 * 86_400_000));
		const message = await delivery('marker-missed', bot.general);
		expect(message.embeds![0]!.title).toBe('⏰ Missed reminder');
		expect(text(message.embeds![0])).toMatch(/⚠️ Missed: it was due <t:\d+:F> \(<t:\d+:R>\), 2d( \d+s)? ago, while I was offline\./);
	});

	it('GIVEN where: dm THEN it is delivered in her DMs without a mention', async () => {
		await run(bot.alice, 'remind', { when: 'in 1s', what: 'marker-dm', where: 'dm' });
		const message = await delivery('marker-dm');
		expect(bot.alice.dms().map((dm) => dm.id)).toContain(message.id);
		expect(message.content).not.toContain('<@');
	});

	it('GIVEN the channel is deleted before delivery THEN the reminder falls back to a DM', async () => {
		await run(bot.alice, 'remind', { when: 'in 2s', what: 'marker-gone' });
		// The double cannot delete channels: point the reminder at one that no longer exists (Discord answers 10003).
		const reminder = await latest();
		await container.prisma.reminderEntry.update({ where: { id: reminder.id }, data: { channelId: '1000000000000000001' } });
		const message = await delivery('marker-gone');
		expect(bot.alice.dms().map((dm) => dm.id)).toContain(message.id);
	});

	it('GIVEN Tika lost access to the channel and bob’s DMs are closed THEN his reminder is kept and listed as undeliverable', async () => {
		const secret = bot.guild.createChannel('secret');
		await run(bot.bob, 'remind', { when: 'in 1s', what: 'marker-lost' }, secret);
		const reminder = await latest();
		secret.setOverwrite(bot.guild.member(bot.double.bot), { deny: PermissionFlagsBits.ViewChannel });
		bot.bob.setDmsClosed();
		try {
			for (let waited = 0; waited < 15_000 && (await rowOf(reminder.id)).status === 'pending'; waited += 100)
				await new Promise((resolve) => setTimeout(resolve, 100));
			expect((await rowOf(reminder.id)).status).toBe('undeliverable');
			const posted = bot.double.requests.filter(
				(request) => MESSAGES.test(request.path) && request.status < 300 && JSON.stringify(request.body ?? '').includes('marker-lost')
			);
			expect(posted).toHaveLength(0);
			const list = await run(bot.bob, 'reminders', {}, bot.general, 'list');
			expect(await replyText(list)).toContain('Undeliverable');
			expect(await replyText(list)).toContain('marker-lost');
		} finally {
			bot.bob.setDmsClosed(false);
		}
	});

	it('GIVEN /timer 2s THEN a public live countdown, then a ping for the owner only', async () => {
		const handle = await run(bot.alice, 'timer', { duration: '2s', label: 'marker-tea' });
		expect(await handle.isEphemeral()).toBe(false);
		const countdown = await replyText(handle);
		expect(countdown).toMatch(/Timer #\d+: marker-tea/);
		expect(countdown).toMatch(/Ends <t:\d+:R>/);
		const done = await delivery('marker-tea', bot.general);
		expect(text(done.embeds![0])).toContain('⏱️ Timer done');
		expect(done.content).toMatch(new RegExp(`^<@${bot.alice.id}> `));
		expect(done.mentions.map((user) => user.id)).toEqual([bot.alice.id]);
		expect((await postsWith('marker-tea'))[0]!.body).toMatchObject({ allowed_mentions: { parse: [], users: [bot.alice.id] } });
		expect(buttonIds(done)).toEqual([]);
	});

	it('GIVEN "Remind me about this" on a message THEN a modal asks when, and the reminder quotes and links the message', async () => {
		const source = await bot.double.sendMessage({ channel: bot.general, author: bot.bob, content: 'marker-about: the meeting moved to 3pm' });
		const menu = await bot.double.messageContextMenu({ channel: bot.general, user: bot.alice, name: 'Remind me about this', target: source });
		const modal = await menu.modal();
		expect(modal.title).toBe('Remind me about this');
		const bad = await bot.double.submitModal({
			customId: modal.custom_id,
			fields: { when: 'whenever', note: '' },
			user: bot.alice,
			channel: bot.general
		});
		expect(await replyText(bad)).toContain('cannot read `whenever`');
		const submit = await bot.double.submitModal({
			customId: modal.custom_id,
			fields: { when: 'in 1s', note: '' },
			user: bot.alice,
			channel: bot.general
		});
		const link = `https://discord.com/channels/${bot.guild.id}/${bot.general.id}/${source.id}`;
		expect(await replyText(submit)).toContain(link);
		const reminder = await latest();
		expect(reminder).toMatchObject({ sourceUrl: link, text: '“marker-about: the meeting moved to 3pm”' });
		const message = await delivery('marker-about', bot.general);
		expect(text(message.embeds![0])).toContain(`About this message: ${link}`);
	});
});
