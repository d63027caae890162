import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import type { ChannelHandle, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

function text(embed: APIEmbed | undefined): string {
	if (!embed) return '';
	return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, `${field.value}`])].filter(Boolean).join('\n');
}

describe('word chain', () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot();
	});
	afterAll(async () => {
		await bot?.stop();
	});

	const reactionsOn = (message: APIMessage) =>
		bot.double.requests.filter((request) => request.method === 'PUT' && request.path.includes(`/messages/${message.id}/reactions/`));

	/** Sends a word and waits for Tika's ✅ on it. */
	async function valid(user: UserHandle, word: string, channel: ChannelHandle = bot.general): Promise<APIMessage> {
		const sent = await channel.send(user, word);
		const put = await bot.double.waitForRequest(
			(request) => request.method === 'PUT' && request.path.includes(`/messages/${sent.id}/reactions/`)
		);
		expect(decodeURIComponent(put.path)).toContain('/reactions/✅/@me');
		return sent;
	}

	/** Sends a word and returns Tika's reply explaining why it does not count (after checking the ❌). */
	async function invalid(user: UserHandle, word: string): Promise<string> {
		const sent = await bot.general.send(user, word);
		const reply = await bot.double.waitForMessage({
			channel: bot.general,
			where: (message) => message.message_reference?.message_id === sent.id
		});
		expect(reactionsOn(sent).map((request) => decodeURIComponent(request.path))).toEqual([expect.stringContaining('/reactions/❌/@me')]);
		return reply.content;
	}

	async function slash(user: UserHandle, subcommand: string, options?: Record<string, unknown>) {
		const run = await bot.double.slashCommand({
			channel: bot.general,
			user,
			name: 'wordchain',
			subcommand,
			...(options ? { options: options as never } : {})
		});
		const reply = await run.reply();
		return { reply, text: text(reply.embeds[0]), ephemeral: await run.isEphemeral() };
	}

	it('GIVEN alice lacks Manage Channels WHEN she runs /wordchain start THEN she is refused privately and no game starts', async () => {
		const start = await slash(bot.alice, 'start');
		expect(start.ephemeral).toBe(true);
		expect(start.text).toContain('Manage Channels');
		const status = await slash(bot.alice, 'status');
		expect(status.text).toContain('No word chain here');
	});

	it('GIVEN the owner WHEN he runs /wordchain start THEN the rules are posted in the channel', async () => {
		const start = await slash(bot.owner, 'start');
		expect(start.ephemeral).toBe(false);
		expect(start.text).toContain('Word chain started');
		expect(start.text).toContain('last letter');
		expect(start.text).toContain('`//`');
		expect((await slash(bot.owner, 'start')).text).toContain('already has a word chain');
	});

	it('GIVEN a running chain WHEN players send words THEN valid words get ✅ and each broken rule gets ❌ and its reason', async () => {
		await valid(bot.alice, 'Apple!');
		expect(await invalid(bot.alice, 'egg')).toContain('you played the last word too');
		expect(await invalid(bot.bob, 'tiger')).toContain('has to start with **E**');
		expect(await invalid(bot.bob, 'eggz')).toContain('**eggz** is not in my dictionary');
		await valid(bot.bob, 'EGG');
		await valid(bot.alice, 'giraffe');
		await valid(bot.bob, 'éléphant');
		await valid(bot.alice, 'tiger');
		await valid(bot.bob, 'rabbit');
		expect(await invalid(bot.alice, 'tiger')).toContain('**tiger** was already played in this chain');
	});

	it('GIVEN chat, the ignore prefix and commands in the game channel THEN Tika leaves them alone', async () => {
		const chat = await bot.general.send(bot.alice, 'that was a good one');
		const hidden = await bot.general.send(bot.alice, '//tomato');
		const emoji = await bot.general.send(bot.alice, '😂');
		const command = await bot.general.send(bot.alice, '!tika coinflip');
		await bot.double.waitForMessage({ channel: bot.general, where: (message) => message.message_reference?.message_id === command.id });
		// A later word is judged, so the earlier messages have been routed by now.
		await valid(bot.alice, 'tomato');
		for (const message of [chat, hidden, emoji, command]) expect(reactionsOn(message)).toEqual([]);
		expect(
			bot.double
				.messagesIn(bot.general)
				.filter((message) => [chat.id, hidden.id, emoji.id].includes(message.message_reference?.message_id ?? ''))
		).toEqual([]);
	});

	it('GIVEN /wordchain config min_length 4 from the owner THEN shorter words are refused as too short', async () => {
		expect((await slash(bot.alice, 'config', { min_length: 4 })).text).toContain('Manage Server');
		const saved = await slash(bot.owner, 'config', { min_length: 4, ignore_prefix: '#' });
		expect(saved.ephemeral).toBe(true);
		expect(saved.text).toContain('Minimum word length: 4');
		expect(saved.text).toContain('Ignore prefix: `#`');
		expect(await invalid(bot.bob, 'owl')).toContain('at least 4 letters');
		expect((await slash(bot.owner, 'config', { ignore_prefix: 'x' })).text).toContain('cannot start with a letter');
		expect((await slash(bot.owner, 'config')).text).toContain('Ignore prefix: `#`');
	});

	it('GIVEN the chain so far WHEN anyone asks /wordchain status THEN it shows the last word, the next letter and the length', async () => {
		const status = await slash(bot.bob, 'status');
		expect(status.text).toContain('Last word: **tomato**');
		expect(status.text).toContain('Next word starts with: **O**');
		expect(status.text).toContain('Chain length: **7**');
	});

	it('GIVEN the words played WHEN players ask /wordchain stats THEN score, words and mistakes add up', async () => {
		// alice: apple 1 + giraffe 3 + tiger 1 + tomato 2 = 7; mistakes: egg (twice in a row), tiger (repeat).
		const alice = await slash(bot.bob, 'stats', { user: bot.alice });
		expect(alice.reply.embeds[0]!.fields!.map((field) => [field.name, field.value])).toEqual([
			['Score', '7'],
			['Valid words', '4'],
			['Mistakes', '2'],
			['Accuracy', '67%']
		]);
		// bob: egg 1 + elephant 4 + rabbit 2 = 7; mistakes: tiger (letter), eggz, owl (too short).
		const bob = await slash(bot.bob, 'stats');
		expect(bob.reply.embeds[0]!.fields!.slice(0, 3).map((field) => field.value)).toEqual(['7', '3', '3']);
		expect(bob.text).toContain('**#1**');
		expect((await slash(bot.owner, 'stats')).text).toContain('has not played');
	});

	it('GIVEN two players WHEN anyone opens /wordchain leaderboard THEN they are ranked by score, ties by words', async () => {
		const board = await slash(bot.owner, 'leaderboard');
		const lines = board.reply.embeds[0]!.description!.split('\n');
		expect(lines[0]).toContain(`<@${bot.alice.id}>: **7** pts · 4 words`);
		expect(lines[1]).toContain(`<@${bot.bob.id}>: **7** pts · 3 words`);
	});

	it('GIVEN a running chain WHEN the owner runs /wordchain stop THEN the summary shows and words are no longer judged', async () => {
		expect((await slash(bot.alice, 'stop')).text).toContain('Manage Channels');
		const stop = await slash(bot.owner, 'stop');
		expect(stop.text).toContain('after **7** words');
		expect(stop.text).toContain('Last word: **tomato**');
		expect(stop.text).toContain(`1. <@${bot.alice.id}>: 4 words`);
		expect((await slash(bot.owner, 'status')).text).toContain('No word chain here');
		expect((await slash(bot.owner, 'stop')).text).toContain('There is no word chain');

		// Scores outlive the game.
		expect((await slash(bot.owner, 'leaderboard')).reply.embeds[0]!.description).toContain(`<@${bot.alice.id}>`);
	});

	it('GIVEN a game started for another channel THEN the rules go there and only that channel plays', async () => {
		const lounge = bot.guild.createChannel('lounge');
		const start = await slash(bot.owner, 'start', { channel: lounge });
		expect(start.ephemeral).toBe(true);
		expect(start.text).toContain(`<#${lounge.id}>`);
		const announcement = await bot.double.waitForMessage({ channel: lounge });
		expect(text(announcement.embeds[0])).toContain('Word chain started');

		const word = await lounge.send(bot.alice, 'hello');
		// #general has no game any more: after a word in #lounge is judged, the #general one is still untouched.
		const ignored = await bot.general.send(bot.bob, 'apple');
		await bot.double.waitForRequest((request) => request.method === 'PUT' && request.path.includes(`/messages/${word.id}/reactions/`));
		await valid(bot.bob, 'orange', lounge);
		expect(reactionsOn(ignored)).toEqual([]);
		await slash(bot.owner, 'stop', { channel: lounge });
	});
});
