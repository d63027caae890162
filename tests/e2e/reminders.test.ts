/**
 * Reminders: every command and every refusal, through the double. Delivery, buttons and the context menu are in
 * reminders-delivery.test.ts; DST and the timezone change in reminders-time.test.ts; a restart in
 * reminders-restart.test.ts.
 */
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import { PermissionFlagsBits } from 'discord.js';
import type { ChannelHandle, InteractionHandle, OptionValue, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

const MAX_PER_MEMBER = 6;
const PAGE_SIZE = 2;

const text = (embed: APIEmbed | undefined) => `${embed?.title ?? ''}\n${embed?.description ?? ''}`;
const unix = (iso: Date) => Math.floor(iso.getTime() / 1000);
/** The custom ids of a message's buttons, in order. */
const buttonIds = (message: APIMessage) =>
	((message.components ?? []) as unknown as { components?: { custom_id?: string }[] }[])
		.flatMap((row) => row.components ?? [])
		.map((button) => button.custom_id);

describe('reminders: commands and refusals', () => {
	let bot: TestBot;
	let readOnly: ChannelHandle;
	let other: ChannelHandle;

	const run = async (
		user: UserHandle,
		name: string,
		subcommand: string | undefined,
		options: Record<string, OptionValue> = {},
		channel?: ChannelHandle
	) => {
		const handle = await bot.double.slashCommand({ channel: channel ?? bot.general, user, name, subcommand, options });
		await handle.reply();
		return handle;
	};
	const replyText = async (handle: InteractionHandle) => text((await handle.reply()).embeds?.[0]);
	const remind = (user: UserHandle, options: Record<string, OptionValue>, channel?: ChannelHandle) =>
		run(user, 'remind', undefined, options, channel);
	const rows = (ownerId?: string) => container.prisma.reminderEntry.findMany({ where: ownerId ? { ownerId } : {}, orderBy: { id: 'asc' } });
	const tasks = () => container.prisma.scheduledTask.findMany({ where: { kind: 'reminderDue' }, orderBy: { id: 'asc' } });
	const clearAll = async () => {
		await container.prisma.reminderEntry.deleteMany({});
		await container.prisma.scheduledTask.deleteMany({ where: { kind: 'reminderDue' } });
	};

	beforeAll(async () => {
		bot = await startTestBot({
			config: (config) => {
				(config.plugins as { settings: Record<string, unknown> }).settings = {
					...config.plugins.settings,
					reminders: { max_per_member: MAX_PER_MEMBER, page_size: PAGE_SIZE }
				};
			}
		});
		readOnly = bot.guild.createChannel('announcements');
		readOnly.setOverwrite(bot.guild.everyone, { deny: PermissionFlagsBits.SendMessages });
		other = bot.guild.createChannel('other');
	});
	afterAll(() => bot?.stop());
	beforeEach(clearAll);

	it('GIVEN alice runs /remind in 2h30m THEN it is confirmed privately with the absolute and relative time, and the reminder and its task are saved together', async () => {
		const before = Date.now();
		const handle = await remind(bot.alice, { when: 'in 2h30m', what: 'stretch your legs' });
		expect(await handle.isEphemeral()).toBe(true);
		const [row] = await rows();
		expect(row).toMatchObject({
			ownerId: bot.alice.id,
			guildId: bot.guild.id,
			channelId: bot.general.id,
			target: 'here',
			text: 'stretch your legs',
			rule: null,
			status: 'pending',
			wallClock: false
		});
		expect(row!.dueAt.getTime() - before).toBeGreaterThanOrEqual(9_000_000 - 1_000);
		expect(row!.dueAt.getTime() - before).toBeLessThan(9_000_000 + 5_000);
		const reply = await replyText(handle);
		expect(reply).toContain(`Reminder #${row!.id} set`);
		expect(reply).toContain(`<t:${unix(row!.dueAt)}:F>`);
		expect(reply).toContain(`<t:${unix(row!.dueAt)}:R>`);
		expect(reply).toContain('stretch your legs');
		const [task] = await tasks();
		expect(task).toMatchObject({ key: `reminder:${row!.id}`, status: 'pending', guildId: bot.guild.id, payload: { reminderId: row!.id } });
		expect(task!.runAt.getTime()).toBe(row!.dueAt.getTime());
	});

	it('GIVEN /remind every monday 9am THEN the reminder repeats as a local-time rule in the default zone (UTC)', async () => {
		const handle = await remind(bot.alice, { when: 'every monday 9am', what: 'standup', where: 'dm' });
		const [row] = await rows();
		expect(row!.rule).toMatch(/^DTSTART:\d{8}T090000\nRRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO$/);
		expect(row!.zone).toBe('UTC');
		expect(row!.target).toBe('dm');
		expect(row!.dueAt.getUTCDay()).toBe(1);
		expect(row!.dueAt.getUTCHours()).toBe(9);
		const reply = await replyText(handle);
		expect(reply).toContain('every Monday at 09:00 (UTC)');
		expect(reply).toContain('your DMs');
	});

	it('GIVEN a repeat option THEN the when is the first occurrence', async () => {
		await remind(bot.alice, { when: 'tomorrow 8am', what: 'water the plants', repeat: 'every 2 days' });
		const [row] = await rows();
		expect(row!.rule).toMatch(/^DTSTART:\d{8}T080000\nRRULE:FREQ=DAILY;INTERVAL=2$/);
		expect(row!.dueAt.getUTCHours()).toBe(8);
	});

	describe('refusals create nothing', () => {
		const refused = async (handle: InteractionHandle, expected: RegExp) => {
			expect(await handle.isEphemeral()).toBe(true);
			const embed = (await handle.reply()).embeds![0]!;
			expect(embed.title).toMatch(/^❌ /);
			expect(text(embed)).toMatch(expected);
			expect(await rows()).toHaveLength(0);
			expect(await tasks()).toHaveLength(0);
		};

		it.each([
			['yesterday', /is in the past/],
			['banana o clock', /cannot read `banana o clock` as a time/],
			['tomorrow and then some', /cannot read/],
			['in 10 years', /too far away[\s\S]*at most 5 years/],
			['every 2 minutes', /repeats too often[\s\S]*at least 5 minutes/]
		])('GIVEN when %p THEN it is refused', async (when, expected) => {
			await refused(await remind(bot.alice, { when, what: 'x' }), expected);
		});

		it('GIVEN a repeat under the minimum, an unreadable repeat or the repeat given twice THEN each is refused', async () => {
			await refused(await remind(bot.alice, { when: 'in 1h', what: 'x', repeat: 'every 4 minutes' }), /repeats too often/);
			await refused(await remind(bot.alice, { when: 'in 1h', what: 'x', repeat: 'now and then' }), /cannot read `now and then` as a repeat/);
			await refused(await remind(bot.alice, { when: 'every day', what: 'x', repeat: 'weekly' }), /repeat is given twice/);
		});

		it('GIVEN text over 1,500 characters THEN it is refused', async () => {
			await refused(await remind(bot.alice, { when: 'in 1h', what: 'y'.repeat(1_501) }), /too long \(1501 characters\)[\s\S]*1500 characters/);
		});

		it('GIVEN a channel where alice cannot post THEN a reminder there is refused, and a DM one is fine', async () => {
			await refused(await remind(bot.alice, { when: 'in 1h', what: 'x' }, readOnly), /cannot post in this channel/);
			await remind(bot.alice, { when: 'in 1h', what: 'x', where: 'dm' }, readOnly);
			expect(await rows()).toHaveLength(1);
		});

		it(`GIVEN alice has ${MAX_PER_MEMBER} reminders here THEN the next is refused, and bob is not affected`, async () => {
			for (let index = 0; index < MAX_PER_MEMBER; index++) await remind(bot.alice, { when: `in ${index + 1}h`, what: `r${index}` });
			const handle = await remind(bot.alice, { when: 'in 9h', what: 'one too many' });
			expect(text((await handle.reply()).embeds![0])).toMatch(new RegExp(`already have ${MAX_PER_MEMBER} reminders`));
			expect(await rows()).toHaveLength(MAX_PER_MEMBER);
			await remind(bot.bob, { when: 'in 9h', what: 'mine' });
			expect(await rows(bot.bob.id)).toHaveLength(1);
			const timer = await run(bot.alice, 'timer', undefined, { duration: '5m' });
			expect(text((await timer.reply()).embeds![0])).toMatch(/already have/);
		});
	});

	it('GIVEN reminders of alice and bob THEN /reminders list shows only her own, paginated, soonest first', async () => {
		await remind(bot.alice, { when: 'in 3h', what: 'third' });
		await remind(bot.alice, { when: 'in 1h', what: 'first' });
		await remind(bot.alice, { when: 'in 2h', what: 'second', repeat: 'daily' });
		await remind(bot.bob, { when: 'in 1h', what: 'bob secret' });
		const list = await run(bot.alice, 'reminders', 'list');
		expect(await list.isEphemeral()).toBe(true);
		const page = await list.reply();
		const body = text(page.embeds![0]);
		expect(body).toContain('Your reminders: 3/6');
		expect(body.indexOf('first')).toBeLessThan(body.indexOf('second'));
		expect(body).toContain('Repeats every day at');
		expect(body).not.toContain('third');
		expect(body).not.toContain('bob secret');
		expect(body).toContain('Page 1/2');
		const next = (page.components ?? [])
			.flatMap((row) => (row as { components: { custom_id?: string }[] }).components)
			.find((button) => button.custom_id === 'tika:page:next');
		expect(next).toBeDefined();
		const turned = await bot.double.clickButton({ message: page, customId: 'tika:page:next', user: bot.alice });
		expect(text((await turned.reply()).embeds![0])).toContain('third');

		const empty = await run(bot.owner, 'reminders', 'list');
		expect(await replyText(empty)).toContain('Nothing waiting');
	});

	it('GIVEN /reminders cancel THEN autocomplete offers only her own, and cancelling removes the reminder and its task; bob cannot cancel hers', async () => {
		await remind(bot.alice, { when: 'in 1h', what: 'buy milk' });
		await remind(bot.bob, { when: 'in 1h', what: 'bob thing' });
		const [mine, bobs] = await rows();
		const suggest = await bot.double.autocomplete({
			channel: bot.general,
			user: bot.alice,
			name: 'reminders',
			subcommand: 'cancel',
			options: { reminder: 'milk' },
			focused: 'reminder'
		});
		const choices = await suggest.choices();
		expect(choices).toEqual([expect.objectContaining({ value: String(mine!.id) })]);
		expect(choices[0]!.name).toContain('buy milk');

		const stolen = await run(bot.bob, 'reminders', 'cancel', { reminder: String(mine!.id) });
		expect(await replyText(stolen)).toContain(`no reminder #${mine!.id}`);
		expect(await rows()).toHaveLength(2);

		const cancelled = await run(bot.alice, 'reminders', 'cancel', { reminder: `#${mine!.id}` });
		expect(await replyText(cancelled)).toContain(`Reminder #${mine!.id} cancelled`);
		expect((await rows()).map((row) => row.id)).toEqual([bobs!.id]);
		expect((await tasks()).map((task) => task.key)).toEqual([`reminder:${bobs!.id}`]);
	});

	it('GIVEN /reminders edit THEN the time, text, repeat and place change and the task moves; bad edits are refused and change nothing', async () => {
		await remind(bot.alice, { when: 'in 1h', what: 'old text' });
		const [row] = await rows();
		const edited = await run(bot.alice, 'reminders', 'edit', { reminder: String(row!.id), when: 'in 5h', what: 'new text', where: 'dm' });
		expect(await replyText(edited)).toContain(`Reminder #${row!.id} changed`);
		const [after] = await rows();
		expect(after).toMatchObject({ text: 'new text', target: 'dm' });
		expect(after!.dueAt.getTime() - row!.dueAt.getTime()).toBeGreaterThan(4 * 3_600_000 - 10_000);
		expect((await tasks())[0]!.runAt.getTime()).toBe(after!.dueAt.getTime());

		await run(bot.alice, 'reminders', 'edit', { reminder: String(row!.id), repeat: 'weekly' });
		const [weekly] = await rows();
		expect(weekly!.rule).toContain('FREQ=WEEKLY');
		// The repeat starts at the reminder's time (rules hold whole seconds).
		expect(unix(weekly!.dueAt)).toBe(unix(after!.dueAt));

		const noRepeat = await run(bot.alice, 'reminders', 'edit', { reminder: String(row!.id), when: 'in 2h' });
		expect(await replyText(noRepeat)).toContain('This reminder repeats');
		const nothing = await run(bot.alice, 'reminders', 'edit', { reminder: String(row!.id) });
		expect(await replyText(nothing)).toContain('Nothing to change');
		const past = await run(bot.alice, 'reminders', 'edit', { reminder: String(row!.id), when: 'yesterday', repeat: 'none' });
		expect(await replyText(past)).toContain('is in the past');
		const long = await run(bot.alice, 'reminders', 'edit', { reminder: String(row!.id), what: 'z'.repeat(1_501) });
		expect(await replyText(long)).toContain('too long');
		expect(await rows()).toEqual([weekly]);

		await run(bot.alice, 'reminders', 'edit', { reminder: String(row!.id), when: 'in 2h', repeat: 'none' });
		expect((await rows())[0]!.rule).toBeNull();
		const bobEdit = await run(bot.bob, 'reminders', 'edit', { reminder: String(row!.id), what: 'hacked' });
		expect(await replyText(bobEdit)).toContain('no reminder');
	});

	it('GIVEN /reminders clear THEN after confirming, all of alice’s go; with a channel, a member clears only their own there, a moderator everyone’s', async () => {
		await remind(bot.alice, { when: 'in 1h', what: 'a1' });
		await remind(bot.alice, { when: 'in 1h', what: 'a2' }, other);
		await remind(bot.bob, { when: 'in 1h', what: 'b1' }, other);
		await remind(bot.bob, { when: 'in 1h', what: 'b2' });

		const own = await run(bot.alice, 'reminders', 'clear', { channel: other });
		const prompt = await own.reply();
		expect(text(prompt.embeds![0])).toContain('Cancel 1 reminder?');
		await bot.double.clickButton({ message: prompt, customId: buttonIds(prompt)[0]!, user: bot.alice });
		expect(text((await own.followUp(0)).embeds![0])).toContain('1 reminder cancelled');
		expect((await rows()).map((row) => row.text)).toEqual(['a1', 'b1', 'b2']);

		const mod = await run(bot.owner, 'reminders', 'clear', { channel: other });
		const modPrompt = await mod.reply();
		expect(text(modPrompt.embeds![0])).toContain('everyone’s reminders posting in');
		await bot.double.clickButton({ message: modPrompt, customId: buttonIds(modPrompt)[0]!, user: bot.owner });
		await mod.followUp(0);
		expect((await rows()).map((row) => row.text)).toEqual(['a1', 'b2']);

		const kept = await run(bot.bob, 'reminders', 'clear');
		const keptPrompt = await kept.reply();
		await bot.double.clickButton({ message: keptPrompt, customId: buttonIds(keptPrompt)[1]!, user: bot.bob });
		expect((await rows()).map((row) => row.text)).toEqual(['a1', 'b2']);

		const all = await run(bot.alice, 'reminders', 'clear');
		const allPrompt = await all.reply();
		await bot.double.clickButton({ message: allPrompt, customId: buttonIds(allPrompt)[0]!, user: bot.alice });
		await all.followUp(0);
		expect((await rows()).map((row) => row.text)).toEqual(['b2']);
		expect((await tasks()).map((task) => task.key)).toEqual([`reminder:${(await rows())[0]!.id}`]);

		const none = await run(bot.alice, 'reminders', 'clear');
		expect(await replyText(none)).toContain('Nothing to clear');
	});

	it('GIVEN /timezone THEN autocomplete offers IANA places with their offset, set validates and canonicalises, show reports it', async () => {
		const suggest = await bot.double.autocomplete({
			channel: bot.general,
			user: bot.bob,
			name: 'timezone',
			subcommand: 'set',
			options: { zone: 'paris' },
			focused: 'zone'
		});
		expect(await suggest.choices()).toEqual([
			{ name: expect.stringMatching(/^Europe\/Paris \(UTC\+0[12]:00, now \d\d:\d\d\)$/), value: 'Europe/Paris' }
		]);
		const many = await bot.double.autocomplete({
			channel: bot.general,
			user: bot.bob,
			name: 'timezone',
			subcommand: 'set',
			options: { zone: '' },
			focused: 'zone'
		});
		expect(await many.choices()).toHaveLength(25);

		const shown = await run(bot.bob, 'timezone', 'show');
		expect(await replyText(shown)).toContain('UTC');
		expect(await replyText(shown)).toContain('server default');

		const bad = await run(bot.bob, 'timezone', 'set', { zone: 'Mars/Olympus' });
		expect(await replyText(bad)).toContain('not a time zone I know');
		const offset = await run(bot.bob, 'timezone', 'set', { zone: '+02:00' });
		expect(await replyText(offset)).toContain('not a time zone I know');

		const set = await run(bot.bob, 'timezone', 'set', { zone: 'asia/kolkata' });
		expect(await replyText(set)).toContain('Asia/Kolkata (UTC+05:30');
		expect(await replyText(await run(bot.bob, 'timezone', 'show'))).toContain('Asia/Kolkata');
		await remind(bot.bob, { when: 'tomorrow 9am', what: 'chai' });
		const [row] = await rows();
		expect(row!.zone).toBe('Asia/Kolkata');
		expect(`${row!.dueAt.getUTCHours()}:${row!.dueAt.getUTCMinutes()}`).toBe('3:30');
	});

	it('GIVEN /timer with a bad or too long duration THEN it is refused and creates nothing', async () => {
		for (const duration of ['soon', '0s', '10']) {
			const handle = await run(bot.alice, 'timer', undefined, { duration });
			expect(await replyText(handle)).toContain('as a duration');
		}
		const long = await run(bot.alice, 'timer', undefined, { duration: '300 weeks' });
		expect(await replyText(long)).toContain('too long');
		const label = await run(bot.alice, 'timer', undefined, { duration: '5m', label: 'l'.repeat(1_501) });
		expect(await replyText(label)).toContain('The label is too long');
		const here = await run(bot.alice, 'timer', undefined, { duration: '5m' }, readOnly);
		expect(await replyText(here)).toContain('cannot post in this channel');
		expect(await rows()).toHaveLength(0);
	});
});
