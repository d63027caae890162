import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import { PermissionFlagsBits } from 'discord.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { ChannelHandle, InteractionHandle, OptionValue, RoleHandle, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

/** Polls a read until it satisfies `done` (state written after the request a test can wait for). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Every line of the personality's filter_warning category, addressed to `user`. */
function filterWarnings(user: UserHandle): string[] {
	const table = parse(readFileSync(resolve(__dirname, '../../src/plugins/moderation/personality.yml'), 'utf8')) as Record<
		string,
		Record<string, string[]>
	>;
	return Object.values(table.filter_warning!)
		.flat()
		.map((line) => line.replaceAll('{user}', `<@${user.id}>`));
}

const textOf = (embed: APIEmbed | undefined) =>
	[embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((field) => [field.name, field.value])].filter(Boolean).join('\n');

describe('moderation: word filter', () => {
	let bot: TestBot;
	let staff: ChannelHandle;
	let artists: RoleHandle;
	let carol: UserHandle;
	let erin: UserHandle;

	const wordfilter = (user: UserHandle, subcommand: string, options: Record<string, OptionValue> = {}, subcommandGroup?: string) =>
		bot.double.slashCommand({ channel: bot.general, user, name: 'wordfilter', subcommand, subcommandGroup, options });
	const replyText = async (handle: InteractionHandle) => textOf((await handle.reply()).embeds?.[0]);
	const deletion = (message: APIMessage) =>
		bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${message.channel_id}/messages/${message.id}` }, { includeExisting: true });
	const wasDeleted = (message: APIMessage) => bot.double.requestsTo('DELETE', `/channels/${message.channel_id}/messages/${message.id}`).length > 0;
	const warningFor = (user: UserHandle, channel: ChannelHandle = bot.general) =>
		bot.double.waitForMessage({ channel, where: (message) => message.content.includes(`<@${user.id}>`) });
	const strikesOf = (user: UserHandle) => container.prisma.wordFilterStrike.count({ where: { guildId: bot.guild.id, userId: user.id } });
	const casesOf = (user: UserHandle, action: string) =>
		container.prisma.modCase.findMany({ where: { guildId: bot.guild.id, targetId: user.id, action }, orderBy: { number: 'asc' } });
	/**
	 * Proves a message was left alone without sleeping: the router handles messages in order, so once a later
	 * offending message (the sentinel) has been deleted and its case stored, the earlier one was long decided.
	 */
	const leftAlone = async (message: APIMessage) => {
		const sentinel = await bot.double.sendMessage({ channel: bot.general, author: bot.bob, content: 'sentinel: bad' });
		await deletion(sentinel);
		await warningFor(bot.bob);
		expect(wasDeleted(message)).toBe(false);
	};

	beforeAll(async () => {
		bot = await startTestBot();
		const tikaRole = bot.guild.createRole({
			name: 'Tika',
			permissions: PermissionFlagsBits.ManageRoles | PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageMessages,
			position: 20
		});
		const mods = bot.guild.createRole({ name: 'Mods', permissions: PermissionFlagsBits.ManageMessages, position: 10 });
		artists = bot.guild.createRole({ name: 'Artists', position: 3 });
		carol = bot.double.createUser({ username: 'carol' });
		erin = bot.double.createUser({ username: 'erin' });
		bot.guild.addMember(carol);
		bot.guild.addMember(erin, { roles: [artists.id] });
		bot.guild.me.addRole(tikaRole);
		bot.guild.member(bot.alice).addRole(mods);
		staff = bot.guild.createChannel('staff');
		const guild = bot.client.guilds.cache.get(bot.guild.id)!;
		while (!guild.members.me?.roles.cache.has(tikaRole.id) || !guild.channels.cache.has(staff.id))
			await new Promise((resolve) => setTimeout(resolve, 10));
	});
	afterAll(async () => {
		await bot?.stop();
	});

	it('GIVEN bob lacks Manage Server WHEN he runs /wordfilter add or /wordfilter list THEN he is refused and no rule is stored', async () => {
		const add = await wordfilter(bot.bob, 'add', { pattern: 'bad' });
		expect(await add.isEphemeral()).toBe(true);
		expect(await replyText(add)).toMatch(/Manage Server/i);
		const list = await wordfilter(bot.bob, 'list');
		expect(await replyText(list)).toMatch(/Manage Server/i);
		expect(await container.prisma.wordFilterRule.count()).toBe(0);
	});

	it('GIVEN the owner WHEN she adds "bad" as a word and "free nitro" as a regex THEN both are stored and confirmed privately', async () => {
		const add = await wordfilter(bot.owner, 'add', { pattern: 'bad' });
		expect(await add.isEphemeral()).toBe(true);
		expect(await replyText(add)).toContain('`bad` is now blocked as a **word** rule');
		const regex = await wordfilter(bot.owner, 'add', { pattern: 'free\\s*nitro', match: 'regex' });
		expect(await replyText(regex)).toContain('blocked as a **regex** rule');
		const rules = await container.prisma.wordFilterRule.findMany({ where: { guildId: bot.guild.id }, orderBy: { id: 'asc' } });
		expect(rules.map((rule) => [rule.pattern, rule.match, rule.createdBy])).toEqual([
			['bad', 'word', bot.owner.id],
			['free\\s*nitro', 'regex', bot.owner.id]
		]);
	});

	it('GIVEN a catastrophic, a backreferencing and a match-everything regex WHEN the owner adds them THEN each is refused with its reason and nothing is stored', async () => {
		const catastrophic = await wordfilter(bot.owner, 'add', { pattern: '(a+)+$', match: 'regex' });
		expect(await replyText(catastrophic)).toContain('That regex nests repetitions');
		const backreference = await wordfilter(bot.owner, 'add', { pattern: '(ba)\\1d', match: 'regex' });
		expect(await replyText(backreference)).toContain('Backreferences');
		const empty = await wordfilter(bot.owner, 'add', { pattern: 'x*', match: 'regex' });
		expect(await replyText(empty)).toContain('matches an empty message');
		const duplicate = await wordfilter(bot.owner, 'add', { pattern: 'bad' });
		expect(await replyText(duplicate)).toContain('already blocked');
		expect(await container.prisma.wordFilterRule.count({ where: { guildId: bot.guild.id } })).toBe(2);
	});

	it('GIVEN the rules WHEN the owner runs /wordfilter test THEN the reply shows the rule, the kind, the normalised text and the matched span', async () => {
		const test = await wordfilter(bot.owner, 'test', { text: 'so B.a.a.a.D today' });
		expect(await test.isEphemeral()).toBe(true);
		const text = await replyText(test);
		expect(text).toContain('this would be removed');
		expect(text).toContain('**Normalised text**: `so b.a.a.a.d today`');
		expect(text).toMatch(/#\d+ \*\*word\*\* `bad` matched `B\.a\.a\.a\.D` at characters 4–12/);
		const clean = await wordfilter(bot.owner, 'test', { text: 'a badge for the class' });
		expect(await replyText(clean)).toContain('No rule matches');
	});

	it('GIVEN the word rule WHEN bob writes "this is so B4D" THEN the message is deleted, a strike and a filter_hit case are recorded and a warning mentions him', async () => {
		const message = await bot.double.sendMessage({ channel: bot.general, author: bot.bob, content: 'this is so B4D' });
		await deletion(message);
		const warning = await warningFor(bot.bob);
		expect(filterWarnings(bot.bob).some((line) => warning.content === line || warning.content === `<@${bot.bob.id}> ${line}`)).toBe(true);
		expect(await strikesOf(bot.bob)).toBe(1);
		const [hit] = await casesOf(bot.bob, 'filter_hit');
		expect(hit).toMatchObject({
			moderatorId: bot.double.bot.id,
			details: expect.objectContaining({ pattern: 'bad', kind: 'word', matched: 'B4D' })
		});
	});

	it('GIVEN the regex rule WHEN bob writes "FREE   NITRO here" THEN it is deleted too', async () => {
		const message = await bot.double.sendMessage({ channel: bot.general, author: bot.bob, content: 'FREE   NITRO here' });
		await deletion(message);
		await warningFor(bot.bob);
		expect((await casesOf(bot.bob, 'filter_hit')).at(-1)?.details).toMatchObject({ kind: 'regex', matched: 'FREE   NITRO' });
	});

	it('GIVEN a clean message WHEN bob edits it into "b a d" THEN the edited message is deleted', async () => {
		const message = await bot.double.sendMessage({ channel: bot.general, author: bot.bob, content: 'hello everyone' });
		await bot.double.editMessage(message, { content: 'hello everyone, b a d' });
		await deletion(message);
		await warningFor(bot.bob);
		expect((await casesOf(bot.bob, 'filter_hit')).at(-1)?.details).toMatchObject({ edited: true, matched: 'b a d' });
	});

	it('GIVEN alice has Manage Messages WHEN she writes "bad" THEN moderators are exempt by default and her message stays', async () => {
		const message = await bot.double.sendMessage({ channel: bot.general, author: bot.alice, content: 'that is bad' });
		await leftAlone(message);
		expect(await strikesOf(bot.alice)).toBe(0);
	});

	it('GIVEN #staff and the Artists role are exempt WHEN bob writes in #staff or erin (an artist) writes in #general THEN both messages stay', async () => {
		const channel = await wordfilter(bot.owner, 'add', { channel: staff }, 'exempt');
		expect(await replyText(channel)).toContain(`<#${staff.id}> is now exempt`);
		const role = await wordfilter(bot.owner, 'add', { role: artists }, 'exempt');
		expect(await replyText(role)).toContain(`<@&${artists.id}> is now exempt`);
		const inStaff = await bot.double.sendMessage({ channel: staff, author: bot.bob, content: 'bad in staff' });
		const byArtist = await bot.double.sendMessage({ channel: bot.general, author: erin, content: 'bad from an artist' });
		await leftAlone(inStaff);
		expect(wasDeleted(byArtist)).toBe(false);
	});

	it('GIVEN the moderator exemption is switched off WHEN alice writes "bad" THEN her message is deleted', async () => {
		const off = await wordfilter(bot.owner, 'moderators', { exempt: false }, 'exempt');
		expect(await replyText(off)).toContain('filtered like everyone else');
		const message = await bot.double.sendMessage({ channel: bot.general, author: bot.alice, content: 'bad' });
		await deletion(message);
		await (await wordfilter(bot.owner, 'moderators', { exempt: true }, 'exempt')).reply();
	});

	it('GIVEN detention is set up and the action is delete+detain after 2 strikes in 1h WHEN carol offends twice THEN the second hit detains her', async () => {
		const setup = await bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'detention', subcommand: 'setup' });
		await setup.reply();
		const detainedRole = (await container.data.getGuildData<{ detentionRoleId?: string }>(bot.guild.id, 'moderation', {})).detentionRoleId;
		expect(detainedRole).toBeTruthy();

		const action = await wordfilter(bot.owner, 'action', { action: 'delete+detain', strikes: 2, window: '1h' });
		expect(await replyText(action)).toContain('detain after 2 strikes within 1h');
		// The filter's settings sit next to detention's in one document: neither clobbered the other.
		const stored = await container.data.getGuildData<Record<string, unknown>>(bot.guild.id, 'moderation', {});
		expect(stored).toMatchObject({
			detentionRoleId: detainedRole,
			filter: expect.objectContaining({ action: 'delete+detain', strikes: 2, windowMs: 3_600_000 })
		});

		const first = await bot.double.sendMessage({ channel: bot.general, author: carol, content: 'bad' });
		await deletion(first);
		expect((await warningFor(carol)).content).toContain('(strike 1/2)');
		expect(bot.guild.member(carol).hasRole(detainedRole!)).toBe(false);

		const roleChange = bot.double.waitForRequest({ method: 'PATCH', path: `/guilds/${bot.guild.id}/members/${carol.id}` });
		const second = await bot.double.sendMessage({ channel: bot.general, author: carol, content: 'b-a-d' });
		await deletion(second);
		await roleChange;
		expect(bot.guild.member(carol).hasRole(detainedRole!)).toBe(true);
		const [detained] = await until(
			() => casesOf(carol, 'filter_detain'),
			(cases) => cases.length === 1
		);
		expect(detained?.reason).toContain('Word filter: 2 strikes within 1h');
		// The count starts again after a detention.
		await until(
			() => strikesOf(carol),
			(count) => count === 0
		);
	});

	it('GIVEN a window that cannot be read WHEN the owner sets the action THEN it is refused and the settings stay', async () => {
		const bad = await wordfilter(bot.owner, 'action', { action: 'delete', window: 'soonish' });
		expect(await replyText(bad)).toContain('Write it like `30m`');
		const stored = await container.data.getGuildData<{ filter?: { action?: string } }>(bot.guild.id, 'moderation', {});
		expect(stored.filter?.action).toBe('delete+detain');
	});

	it('GIVEN 20 rules WHEN the owner runs /wordfilter list THEN the first page shows the settings and 15 rules, and the next page the rest', async () => {
		for (let i = 0; i < 18; i++)
			await container.prisma.wordFilterRule.create({
				data: { guildId: bot.guild.id, pattern: `filler${i}`, match: 'contains', createdBy: bot.owner.id }
			});
		const list = await wordfilter(bot.owner, 'list');
		const first = await list.reply();
		const firstText = textOf(first.embeds?.[0]);
		expect(firstText).toContain('Word filter: 20 rules');
		expect(firstText).toContain('**On a hit**: delete the message, warn the author, and detain after 2 strikes within 1h');
		expect(firstText).toContain(`<#${staff.id}>`);
		expect(firstText).toContain('Page 1/2');
		await new Promise((resolve) => setTimeout(resolve, 100));
		const next = await bot.double.clickButton({ message: first, customId: 'tika:page:next', user: bot.owner });
		expect(textOf((await next.reply()).embeds?.[0])).toContain('filler17');
	});

	it('GIVEN the owner types "ba" in /wordfilter remove THEN autocomplete offers "bad", and removing it lets "bad" through again', async () => {
		const complete = await bot.double.autocomplete({
			channel: bot.general,
			user: bot.owner,
			name: 'wordfilter',
			subcommand: 'remove',
			options: { pattern: 'ba' },
			focused: 'pattern'
		});
		const choices = await complete.choices();
		const bad = choices.find((choice) => choice.name === 'bad (word)');
		expect(bad).toBeDefined();
		const remove = await wordfilter(bot.owner, 'remove', { pattern: String(bad!.value) });
		expect(await replyText(remove)).toMatch(/removed/);
		expect(await container.prisma.wordFilterRule.count({ where: { guildId: bot.guild.id, pattern: 'bad' } })).toBe(0);
		const missing = await wordfilter(bot.owner, 'remove', { pattern: 'never-added' });
		expect(await replyText(missing)).toContain('No rule has the pattern');

		// Silent deletion from now on: no warning, no detention.
		expect(await replyText(await wordfilter(bot.owner, 'action', { action: 'delete' }))).toContain('delete the message silently');
		const message = await bot.double.sendMessage({ channel: bot.general, author: bot.bob, content: 'bad is fine now' });
		const sentinel = await bot.double.sendMessage({ channel: bot.general, author: bot.bob, content: 'free nitro' });
		await deletion(sentinel);
		expect(wasDeleted(message)).toBe(false);
	});
});
