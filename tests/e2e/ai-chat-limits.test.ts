/**
 * ai_chat's cost controls: per-member and per-guild rate limits, daily token budgets (the server's own usage counts),
 * each refused in character once (not once per message), and /ai usage for admins.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import type { ChannelHandle, UserHandle } from '../../src/playground/double';
import { answersTo, answerTo, sleep, startAiBot, type AiBot } from '../support/ai-chat';
import { linesOf } from '../support/personality';
import type { Script } from '../support/openai-double';

const WINDOW_S = 2;

describe('ai_chat: limits and budgets', () => {
	let env: AiBot;
	let mention: string;
	let carol: UserHandle;
	let dave: UserHandle;

	const bot = () => env.bot;
	const ai = () => env.ai;
	const answer = (text: string, prompt = 10, completion = 5): Script => ({
		kind: 'answer',
		text,
		usage: { prompt_tokens: prompt, completion_tokens: completion }
	});
	const ask = (author: UserHandle, content = 'hello', channel: ChannelHandle = bot().general) =>
		bot().double.sendMessage({ channel, author, content: `${mention} ${content}` });
	const isLine = (category: string, text: string) => linesOf('ai_chat', category).some((pattern) => pattern.test(text));
	/** Asks and expects the model's answer. */
	const answered = async (author: UserHandle, text = 'ok', usage: [number, number] = [10, 5]) => {
		ai().script(answer(text, ...usage));
		const message = await ask(author);
		expect((await answerTo(bot(), message)).content).toBe(text);
		return message;
	};
	/** Asks and expects a refusal line of `category`, with no request to the model. */
	const refused = async (author: UserHandle, category: string) => {
		const before = ai().completions().length;
		const message = await ask(author);
		const reply = await answerTo(bot(), message, () => true);
		expect(isLine(category, reply.content)).toBe(true);
		expect(ai().completions().length).toBe(before);
		return reply;
	};
	/** Proves `message` got nothing at all: a later question by someone else is answered first. */
	const ignored = async (message: APIMessage, by: UserHandle) => {
		await answered(by, 'sentinel');
		expect(answersTo(bot(), message)).toEqual([]);
	};

	beforeAll(async () => {
		env = await startAiBot({
			settings: {
				limits: { window_seconds: WINDOW_S, member_requests: 2, guild_requests: 5, member_daily_tokens: 300, guild_daily_tokens: 1000 }
			}
		});
		mention = `<@${bot().double.bot.id}>`;
		carol = bot().double.createUser({ username: 'carol', globalName: 'Carol' });
		dave = bot().double.createUser({ username: 'dave', globalName: 'Dave' });
		bot().guild.addMember(carol);
		bot().guild.addMember(dave);
		const guild = bot().client.guilds.cache.get(bot().guild.id)!;
		while (!guild.members.cache.has(dave.id)) await sleep(10);
	});
	afterAll(async () => {
		await env?.stop();
	});
	afterEach(() => {
		const left = ai().pending;
		ai().clearScripts();
		expect(left).toBe(0);
	});

	it('GIVEN alice sends a third message within the window THEN she is told to slow down once, then ignored until it passes', async () => {
		await answered(bot().alice);
		await answered(bot().alice);
		const slow = await refused(bot().alice, 'ai_slow_down');
		const sent = bot().double.requests.find(
			(request) => request.method === 'POST' && (request.response as APIMessage | undefined)?.id === slow.id
		);
		expect((sent!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [], replied_user: false });
		const again = await ask(bot().alice, 'still there?');
		await ignored(again, bot().bob);
		await sleep(WINDOW_S * 1000 + 100);
		await answered(bot().alice, 'back');
	});

	it('GIVEN the whole server asks more than its limit within the window THEN the next member hears the server is busy', async () => {
		await sleep(WINDOW_S * 1000 + 100);
		await answered(bot().alice);
		await answered(bot().alice);
		await answered(bot().bob);
		await answered(bot().bob);
		await answered(carol);
		await refused(dave, 'ai_guild_busy');
		await sleep(WINDOW_S * 1000 + 100);
	});

	it("GIVEN alice's answers reach her daily tokens THEN she is told her allowance renews at midnight UTC, and others still talk", async () => {
		await answered(bot().alice, 'expensive', [250, 60]);
		const reply = await refused(bot().alice, 'ai_member_budget');
		const midnight = Math.floor(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) / 1000);
		if (reply.content.includes('<t:')) expect(reply.content).toContain(`<t:${midnight}:R>`);
		await answered(bot().bob, 'cheap');
	});

	it('GIVEN the server reaches its daily tokens THEN everyone hears the server allowance is spent', async () => {
		await sleep(WINDOW_S * 1000 + 100);
		await answered(bot().bob, 'very expensive', [500, 200]);
		await refused(carol, 'ai_guild_budget');
	});

	it("GIVEN the owner runs /ai usage THEN today's answers, tokens and top members match what was billed; bob may not", async () => {
		const handle = await bot().double.slashCommand({ channel: bot().general, user: bot().owner, name: 'ai', subcommand: 'usage' });
		expect(await handle.isEphemeral()).toBe(true);
		const text = (await handle.reply()).embeds![0]!.description!;
		// /ai usage writes what was waiting first: the rows hold every answer billed so far.
		const rows = await container.prisma.aiChatUsage.findMany({ where: { guildId: bot().guild.id } });
		const tokens = rows.reduce((sum, row) => sum + row.promptTokens + row.completionTokens, 0);
		const requests = rows.reduce((sum, row) => sum + row.requests, 0);
		const alice = rows.find((row) => row.userId === bot().alice.id)!;
		expect(alice.promptTokens + alice.completionTokens).toBeGreaterThanOrEqual(300);
		expect(requests).toBe(ai().completions().length);
		expect(text).toContain(`${requests} answers, ${tokens.toLocaleString('en-US')} of 1,000 tokens`);
		expect(text).toContain(`<@${bot().bob.id}>: `);
		expect(text.indexOf(`<@${bot().bob.id}>`)).toBeLessThan(text.indexOf(`<@${bot().alice.id}>`));

		const denied = await bot().double.slashCommand({ channel: bot().general, user: bot().bob, name: 'ai', subcommand: 'usage' });
		expect((await denied.reply()).embeds![0]!.description ?? (await denied.reply()).embeds![0]!.title).toMatch(/Manage Server/i);
	});
});
