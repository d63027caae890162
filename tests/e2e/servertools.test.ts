import { loadImage } from '@napi-rs/canvas';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import { PermissionFlagsBits } from 'discord.js';
import type { InteractionHandle, OptionValue } from '../../src/playground/double';
import type { ChannelHandle, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

const DAY = 24 * 60 * 60 * 1000;
const collectorAttached = () => new Promise((resolve) => setTimeout(resolve, 100));
const buttonIds = (message: APIMessage) =>
	((message.components ?? []) as unknown as { components?: { custom_id: string }[] }[])
		.flatMap((row) => row.components ?? [])
		.map((b) => b.custom_id);
const text = (embed: APIEmbed | undefined) => `${embed?.title ?? ''}\n${embed?.description ?? ''}`;

describe('server_tools: /clear and /serverstats', () => {
	let bot: TestBot;
	let helperBot: UserHandle;
	let modLog: ChannelHandle;
	const channels: ChannelHandle[] = [];
	const channel = (name: string) => {
		const created = bot.guild.createChannel(name);
		channels.push(created);
		return created;
	};
	const say = (target: ChannelHandle, author: UserHandle, content: string, extra: { ageMs?: number; pinned?: boolean; file?: boolean } = {}) =>
		bot.double.sendMessage({
			channel: target,
			author,
			content,
			...(extra.ageMs ? { timestamp: Date.now() - extra.ageMs } : {}),
			...(extra.pinned ? { extra: { pinned: true } } : {}),
			...(extra.file ? { attachments: [{ filename: 'notes.txt', content: 'hi' }] } : {})
		});
	const bulkBodies = (target: ChannelHandle) =>
		bot.double
			.requestsTo('POST', `/channels/${target.id}/messages/bulk-delete`)
			.map((request) => (request.body as { messages: string[] }).messages);
	const singleDeletes = (target: ChannelHandle) =>
		bot.double.requestsTo('DELETE', new RegExp(`^/channels/${target.id}/messages/\\d+$`)).map((request) => request.path.split('/').pop()!);
	const remaining = (target: ChannelHandle) => bot.double.messagesIn(target).map((message) => message.id);
	const clear = (target: ChannelHandle, user: UserHandle, options: Record<string, OptionValue>) =>
		bot.double.slashCommand({ channel: target, user, name: 'clear', options });
	/** The ephemeral reply once it shows a final summary (after a confirmation, the first edit is the prompt). */
	const summaryOf = async (run: InteractionHandle) => {
		await bot.double.waitForRequest(
			(request) =>
				request.method === 'PATCH' &&
				request.path.includes(run.token) &&
				/Channel cleaned|Nothing deleted|Cancelled/.test(JSON.stringify((request.body as { embeds?: unknown[] }).embeds ?? []))
		);
		const reply = await run.reply();
		return bot.double.message(reply.id) ?? reply;
	};

	beforeAll(async () => {
		bot = await startTestBot();
		helperBot = bot.double.createUser({ username: 'helperbot', bot: true });
		bot.guild.addMember(helperBot);
		const mods = bot.guild.createRole({ name: 'Mods', permissions: PermissionFlagsBits.ManageMessages });
		const tikaRole = bot.guild.createRole({ name: 'Tika', permissions: PermissionFlagsBits.ManageMessages });
		bot.guild.member(bot.alice).addRole(mods);
		bot.guild.me.addRole(tikaRole);
		modLog = channel('mod-log');
		await container.data.updateGuildData<Record<string, unknown>>(bot.guild.id, 'moderation', (current) => ({
			...current,
			modLogChannelId: modLog.id
		}));
	});
	afterAll(async () => {
		await bot?.stop();
	});

	describe('/serverstats', () => {
		it('GIVEN messages in two channels WHEN alice runs /serverstats THEN the embed has the right counts and a chart of the expected size', async () => {
			const busy = channel('stats-busy');
			const quiet = channel('stats-quiet');
			for (let index = 0; index < 4; index++) await say(busy, bot.alice, `chat ${index}`);
			await say(quiet, bot.bob, 'hello');
			await say(busy, helperBot, 'bots are not counted');

			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'serverstats' });
			const reply = await run.reply();
			const embed = reply.embeds[0]!;
			const field = (name: string) => embed.fields!.find((f) => f.name.startsWith(name))!.value;
			// owner, alice, bob, helperbot and Tika.
			expect(field('Members')).toBe('**5**\n3 humans · 2 bots');
			expect(embed.fields!.find((f) => f.name.startsWith('Channels'))!.name).toBe(`Channels (${channels.length + 1})`);
			expect(field('Channels')).toBe(`Text: ${channels.length + 1}`);
			expect(field('Roles')).toBe('**2**');
			expect(field('Boosts')).toBe('**0** boosts\nNo level');
			expect(field('Created')).toMatch(/<t:\d+:D>/);
			expect(field('Top channels')).toBe(`1. <#${busy.id}> · 4\n2. <#${quiet.id}> · 1`);
			expect(field('Activity')).toContain('**5** messages');
			expect(embed.image?.url).toContain('activity.png');

			const upload = bot.double.requests.filter((request) => request.path.includes(run.token) && request.files.length > 0).at(-1)!;
			expect(upload.files[0]!.filename).toBe('activity.png');
			const image = await loadImage(upload.files[0]!.bytes);
			expect([image.width, image.height]).toEqual([960, 420]);

			const stored = await bot.instance.database.prisma.channelActivity.findMany({ where: { channelId: busy.id } });
			expect(stored).toEqual([expect.objectContaining({ guildId: bot.guild.id, messages: 4, day: new Date().toISOString().slice(0, 10) })]);
		});

		it('GIVEN days 30 WHEN bob runs /serverstats THEN the activity covers 30 days', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.bob, name: 'serverstats', options: { days: 30 } });
			const reply = await run.reply();
			expect(reply.embeds[0]!.fields!.some((f) => f.name === 'Activity (30 days)')).toBe(true);
		});
	});

	describe('/clear', () => {
		it('GIVEN bob, pinned and old messages WHEN alice clears 10 from bob THEN only his recent unpinned ones are bulk-deleted and the summary says what was left', async () => {
			const room = channel('clear-user');
			const old = await say(room, bot.bob, 'ancient', { ageMs: 20 * DAY });
			const pinned = await say(room, bot.bob, 'rules', { pinned: true });
			const bobs = [await say(room, bot.bob, 'one'), await say(room, bot.bob, 'two'), await say(room, bot.bob, 'three')];
			const alices = [await say(room, bot.alice, 'mine'), await say(room, bot.alice, 'also mine')];

			const run = await clear(room, bot.alice, { amount: 10, user: bot.bob });
			const reply = await run.reply();
			expect(await run.isEphemeral()).toBe(true);
			expect(bulkBodies(room)).toHaveLength(1);
			expect([...bulkBodies(room)[0]!].sort()).toEqual(bobs.map((m) => m.id).sort());
			const summary = text(reply.embeds[0]);
			expect(summary).toContain('Deleted **3** messages');
			expect(summary).toContain('Skipped **1** pinned');
			expect(summary).toContain('Left **1** older than 14 days');
			expect(summary).toContain(`from <@${bot.bob.id}>`);
			expect(remaining(room).sort()).toEqual([old.id, pinned.id, ...alices.map((m) => m.id)].sort());

			// The clear is a moderation case, posted to the mod log.
			const logged = await bot.double.waitForMessage({ channel: modLog });
			expect(logged.embeds).toHaveLength(1);
			const cases = await bot.instance.database.prisma.modCase.findMany({ where: { guildId: bot.guild.id, action: 'clear' } });
			expect(cases).toEqual([
				expect.objectContaining({
					number: 1,
					moderatorId: bot.alice.id,
					targetId: bot.bob.id,
					details: expect.objectContaining({
						count: 3,
						channelId: room.id,
						skippedPinned: 1,
						tooOld: 1,
						filters: [`from <@${bot.bob.id}>`]
					})
				})
			]);
		});

		it('GIVEN mixed messages WHEN alice clears by text, links, attachments and bots THEN each filter takes only its messages', async () => {
			const room = channel('clear-filters');
			const hello = [await say(room, bot.alice, 'hello world'), await say(room, bot.bob, 'HELLO there')];
			const link = await say(room, bot.bob, 'see https://example.com/page');
			const file = await say(room, bot.bob, 'my notes', { file: true });
			const beep = await say(room, helperBot, 'beep boop');
			const plain = await say(room, bot.bob, 'just chatting');

			const byText = await (await clear(room, bot.alice, { amount: 50, contains: 'hello' })).reply();
			expect(text(byText.embeds[0])).toContain('Deleted **2** messages');
			expect([...bulkBodies(room)[0]!].sort()).toEqual(hello.map((m) => m.id).sort());

			await (await clear(room, bot.alice, { amount: 50, links: true })).reply();
			await (await clear(room, bot.alice, { amount: 50, attachments: true })).reply();
			const byBots = await (await clear(room, bot.alice, { amount: 50, bots: true })).reply();
			expect(text(byBots.embeds[0])).toContain('Deleted **1** message.');
			// One match each: the single DELETE, never the bulk endpoint (which needs 2 to 100 ids).
			expect(singleDeletes(room)).toEqual([link.id, file.id, beep.id]);
			expect(bulkBodies(room)).toHaveLength(1);
			expect(remaining(room)).toEqual([plain.id]);
		});

		it('GIVEN five messages WHEN alice clears after the first and before a link to the last THEN only the middle three go', async () => {
			const room = channel('clear-range');
			const list = [];
			for (let index = 1; index <= 5; index++) list.push(await say(room, bot.bob, `m${index}`));
			const link = `https://discord.com/channels/${bot.guild.id}/${room.id}/${list[4]!.id}`;
			const reply = await (await clear(room, bot.alice, { amount: 100, after: list[0]!.id, before: link })).reply();
			expect(text(reply.embeds[0])).toContain('Deleted **3** messages');
			expect(remaining(room)).toEqual([list[0]!.id, list[4]!.id]);
		});

		it('GIVEN a link to another channel in before THEN alice gets a clear error and nothing is deleted', async () => {
			const room = channel('clear-badref');
			await say(room, bot.bob, 'stay');
			const run = await clear(room, bot.alice, {
				amount: 5,
				before: `https://discord.com/channels/${bot.guild.id}/${bot.general.id}/123456789012345678`
			});
			const reply = await run.reply();
			expect(await run.isEphemeral()).toBe(true);
			expect(reply.embeds[0]!.description).toContain('`before` points at another channel.');
			expect(remaining(room)).toHaveLength(1);
		});

		it('GIVEN include_pinned and include_old WHEN alice clears THEN pinned go in the bulk request and old ones are deleted one by one', async () => {
			const room = channel('clear-all');
			const old = await say(room, bot.bob, 'old', { ageMs: 15 * DAY });
			const pinned = await say(room, bot.bob, 'pinned', { pinned: true });
			const recent = await say(room, bot.bob, 'recent');
			const reply = await (await clear(room, bot.alice, { amount: 10, include_pinned: true, include_old: true })).reply();
			expect([...bulkBodies(room)[0]!].sort()).toEqual([pinned.id, recent.id].sort());
			expect(singleDeletes(room)).toEqual([old.id]);
			expect(text(reply.embeds[0])).toContain('Deleted **3** messages');
			expect(remaining(room)).toEqual([]);
		});

		it('GIVEN 130 messages and a 429 on the first bulk delete WHEN alice clears 150 and confirms THEN they go in batches of 100 and 30', async () => {
			const room = channel('clear-big');
			for (let index = 0; index < 130; index++) await say(room, bot.bob, `spam ${index}`);
			bot.double.failNext({ method: 'POST', path: '/channels/:channel/messages/bulk-delete', status: 429, retryAfter: 0.05 });

			const run = await clear(room, bot.alice, { amount: 150 });
			const prompt = await run.reply();
			expect(text(prompt.embeds[0])).toContain('Delete up to 150 messages?');
			expect(bulkBodies(room)).toHaveLength(0);
			await collectorAttached();
			await bot.double.clickButton({ message: prompt, customId: buttonIds(prompt).find((id) => id.endsWith(':yes'))!, user: bot.alice });

			const summary = await summaryOf(run);
			expect(text(summary.embeds[0])).toContain('Deleted **130** messages');
			const sent = bot.double.requestsTo('POST', `/channels/${room.id}/messages/bulk-delete`);
			expect(sent.some((request) => request.injected)).toBe(true);
			expect(
				bulkBodies(room)
					.filter((_, index) => !sent[index]!.injected)
					.map((ids) => ids.length)
			).toEqual([100, 30]);
			expect(remaining(room)).toEqual([]);
		});

		it('GIVEN the confirmation for 101 WHEN alice cancels THEN nothing is deleted and the reply says so', async () => {
			const room = channel('clear-cancel');
			await say(room, bot.bob, 'keep me');
			await say(room, bot.bob, 'me too');
			const run = await clear(room, bot.alice, { amount: 101 });
			const prompt = await run.reply();
			await collectorAttached();
			await bot.double.clickButton({ message: prompt, customId: buttonIds(prompt).find((id) => id.endsWith(':no'))!, user: bot.alice });
			const summary = await summaryOf(run);
			expect(text(summary.embeds[0])).toContain('Nothing was deleted.');
			expect(bulkBodies(room)).toEqual([]);
			expect(remaining(room)).toHaveLength(2);
		});

		it('GIVEN bob has no Manage Messages WHEN he runs /clear THEN he is refused privately and nothing is deleted', async () => {
			const room = channel('clear-bob');
			await say(room, bot.alice, 'safe');
			const run = await clear(room, bot.bob, { amount: 5 });
			const reply = await run.reply();
			expect(await run.isEphemeral()).toBe(true);
			expect(JSON.stringify(reply.embeds)).toContain('Manage Messages');
			expect(bulkBodies(room)).toEqual([]);
			expect(remaining(room)).toHaveLength(1);
		});

		it('GIVEN Tika is denied Manage Messages in a channel WHEN alice runs /clear there THEN Tika says it lacks the permission', async () => {
			const room = channel('clear-locked');
			room.setOverwrite(bot.guild.me, { deny: PermissionFlagsBits.ManageMessages });
			await say(room, bot.bob, 'locked in');
			const run = await clear(room, bot.alice, { amount: 5 });
			const reply = await run.reply();
			expect(await run.isEphemeral()).toBe(true);
			expect(JSON.stringify(reply.embeds)).toMatch(/I need Manage Messages/);
			expect(bulkBodies(room)).toEqual([]);
			expect(remaining(room)).toHaveLength(1);
		});

		it('GIVEN seven messages WHEN alice writes `!tika clear 5` THEN the five newest and her command go in one bulk delete and a summary is posted', async () => {
			const room = channel('clear-prefix');
			const list = [];
			for (let index = 0; index < 7; index++) list.push(await say(room, bot.bob, `line ${index}`));
			const command = await say(room, bot.alice, '!tika clear 5');
			const summary = await bot.double.waitForMessage({ channel: room });
			expect(text(summary.embeds[0])).toContain('Deleted **5** messages');
			expect([...bulkBodies(room)[0]!].sort()).toEqual([command.id, ...list.slice(2).map((m) => m.id)].sort());
			expect(remaining(room)).toEqual([list[0]!.id, list[1]!.id, summary.id]);
		});

		it('GIVEN messages from alice and bob WHEN alice writes `!tika clear 3 @bob` THEN only bob’s go (with her command)', async () => {
			const room = channel('clear-prefix-user');
			const mine = await say(room, bot.alice, 'hi');
			const bobs = [await say(room, bot.bob, 'a'), await say(room, bot.bob, 'b')];
			const command = await say(room, bot.alice, `!tika clear 3 <@${bot.bob.id}>`);
			const summary = await bot.double.waitForMessage({ channel: room });
			expect(text(summary.embeds[0])).toContain('Deleted **2** messages');
			expect([...bulkBodies(room)[0]!].sort()).toEqual([command.id, ...bobs.map((m) => m.id)].sort());
			expect(remaining(room)).toEqual([mine.id, summary.id]);
		});

		it('GIVEN `!tika clear 150` WHEN alice confirms on the prompt THEN the messages and her command are deleted', async () => {
			const room = channel('clear-prefix-confirm');
			const list = [await say(room, bot.bob, 'a'), await say(room, bot.bob, 'b')];
			const command = await say(room, bot.alice, '!tika clear 150');
			const prompt = await bot.double.waitForMessage({ channel: room });
			expect(text(prompt.embeds[0])).toContain('Delete up to 150 messages?');
			await collectorAttached();
			await bot.double.clickButton({ message: prompt, customId: buttonIds(prompt).find((id) => id.endsWith(':yes'))!, user: bot.alice });
			const summary = await bot.double.waitForMessage({
				channel: room,
				where: (message) => text(message.embeds[0]).includes('Channel cleaned')
			});
			expect(text(summary.embeds[0])).toContain('Deleted **2** messages');
			expect([...bulkBodies(room)[0]!].sort()).toEqual([command.id, ...list.map((m) => m.id)].sort());
			expect(remaining(room)).toEqual([prompt.id, summary.id]);
		});

		it('GIVEN `!tika clear 5000` THEN alice is told the bounds and nothing is deleted', async () => {
			const room = channel('clear-prefix-bad');
			await say(room, bot.bob, 'x');
			await say(room, bot.alice, '!tika clear 5000');
			const answer = await bot.double.waitForMessage({ channel: room });
			expect(answer.embeds[0]!.description).toContain('between 1 and 1000');
			expect(bulkBodies(room)).toEqual([]);
		});
	});

	describe('activity counting', () => {
		it('GIVEN messages counted since the last write WHEN Tika shuts down THEN their counts are written to the database', async () => {
			const room = channel('activity-shutdown');
			await say(room, bot.alice, 'one');
			await say(room, bot.bob, 'two');
			await say(room, bot.alice, '!tika ping');
			// Messages are routed in order: once the ping is answered, the two before it were counted.
			await bot.double.waitForMessage({ channel: room });
			const prisma = bot.instance.database.prisma;
			expect(await prisma.channelActivity.findMany({ where: { channelId: room.id } })).toEqual([]);

			const report = await bot.client.lifecycle.shutdown();
			expect(report.completed).toContain('server_tools:activity');
			expect(await prisma.channelActivity.findMany({ where: { channelId: room.id } })).toEqual([
				{ guildId: bot.guild.id, day: new Date().toISOString().slice(0, 10), channelId: room.id, messages: 3 }
			]);
		});
	});
});
