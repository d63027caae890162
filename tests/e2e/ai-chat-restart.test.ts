/**
 * ai_chat across restarts, with Tika as a real process: with memory.persist on, conversations, replies to earlier
 * answers and today's budgets survive; with it off, a restart forgets the conversation. An answer being written when
 * SIGTERM comes is marked cut off before the process exits.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import { TEST_API_KEY, TEST_MODEL } from '../support/ai-chat';
import { OpenAIDouble, textOf } from '../support/openai-double';
import { linesOf } from '../support/personality';
import { botEnv, REPO_ROOT, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

describe('ai_chat across restarts', () => {
	let dir: string;
	let double: DiscordDouble;
	let ai: OpenAIDouble;
	let owner: UserHandle;
	let alice: UserHandle;
	let general: ChannelHandle;
	let bot: BotProcess | null = null;

	/** A config.yml with ai_chat on and configured; `persist` decides whether memory is stored (0 tokens: no daily budget). */
	const configFile = (name: string, persist: boolean, memberDailyTokens = 0) => {
		const config = parse(readFileSync(join(REPO_ROOT, 'config.yml'), 'utf8')) as Record<string, Record<string, unknown>>;
		config.features!.default_enabled = [...(config.features!.default_enabled as string[]), 'ai_chat'];
		config.features!.default_disabled = [];
		config.plugins!.settings = {
			ai_chat: {
				base_url: ai.baseURL,
				model: TEST_MODEL,
				memory: { persist },
				limits: { member_daily_tokens: memberDailyTokens, member_requests: 0, guild_requests: 0 }
			}
		};
		const path = join(dir, name);
		writeFileSync(path, stringify(config));
		return path;
	};
	const start = async (config: string, database = 'tika.db') => {
		bot = await startBotProcess(
			double,
			botEnv(double, `file:${join(dir, database)}`, { BOT_OWNERS: owner.id, TIKA_CONFIG: config, AI_API_KEY: TEST_API_KEY })
		);
	};
	const stop = async () => {
		const exited = await stopBotProcess(bot!);
		bot = null;
		return exited;
	};
	const ask = (content: string, reference?: APIMessage) =>
		double.sendMessage({ channel: general, author: alice, content, ...(reference ? { reference } : {}) });
	const answerTo = async (message: APIMessage, done: (content: string) => boolean = (content) => !content.endsWith('▌')) => {
		for (let tries = 0; tries < 400; tries++) {
			const answer = double.messagesIn(general).find((m) => m.author.id === double.bot.id && m.message_reference?.message_id === message.id);
			const current = answer ? double.message(answer.id) : undefined;
			if (current && done(current.content)) return current;
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
		throw new Error(`no answer to ${message.id}:\n${bot?.stdout()}`);
	};

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'tika-ai-chat-'));
		double = await new DiscordDouble().start();
		ai = await new OpenAIDouble({ apiKey: TEST_API_KEY, models: [TEST_MODEL] }).start();
		owner = double.createUser({ username: 'owner' });
		alice = double.createUser({ username: 'alice', globalName: 'Alice' });
		const guild = double.createGuild({ name: 'AI Restart', ownerId: owner });
		guild.addMember(alice);
		general = guild.createChannel('general');
	});
	afterAll(async () => {
		if (bot) await stopBotProcess(bot);
		await ai?.stop();
		await double?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('GIVEN memory.persist WHEN Tika restarts THEN she remembers the conversation, replies to her old answer reach her, and the budget spent stays spent', async () => {
		const config = configFile('persist.yml', true, 400);
		await start(config);
		const mention = `<@${double.bot.id}>`;
		ai.script({ kind: 'answer', text: 'Teal is a fine colour.', usage: { prompt_tokens: 150, completion_tokens: 50 } });
		const first = await answerTo(await ask(`${mention} my favourite colour is teal`));
		expect((await stop()).code).toBe(0);

		await start(config);
		ai.script({ kind: 'answer', text: 'You said teal.', usage: { prompt_tokens: 150, completion_tokens: 50 } });
		const reply = await ask('what was my favourite colour?', first);
		expect((await answerTo(reply)).content).toBe('You said teal.');
		const texts = ai.completions().at(-1)!.messages.map(textOf);
		expect(texts).toContain('Alice: my favourite colour is teal');
		expect(texts).toContain('Teal is a fine colour.');
		expect(texts.at(-1)).toBe('Alice: what was my favourite colour?');
		expect((await stop()).code).toBe(0);

		// 400 tokens spent of alice's 400 before this process started: refused without asking the model.
		await start(config);
		const before = ai.completions().length;
		const refused = await answerTo(await ask(`${mention} one more?`), () => true);
		expect(linesOf('ai_chat', 'ai_member_budget').some((pattern) => pattern.test(refused.content))).toBe(true);
		expect(ai.completions().length).toBe(before);
		expect((await stop()).code).toBe(0);
	}, 120_000);

	it('GIVEN memory is not persisted WHEN Tika restarts THEN the conversation starts afresh', async () => {
		const config = configFile('memory.yml', false);
		await start(config, 'fresh.db');
		const mention = `<@${double.bot.id}>`;
		ai.script({ kind: 'answer', text: 'Noted: pizza.' });
		await answerTo(await ask(`${mention} I like pizza`));
		ai.script({ kind: 'answer', text: 'Pizza, you said.' });
		await answerTo(await ask(`${mention} what do I like?`));
		expect(ai.completions().at(-1)!.messages.map(textOf)).toContain('Alice: I like pizza');
		expect((await stop()).code).toBe(0);

		await start(config, 'fresh.db');
		ai.script({ kind: 'answer', text: 'No idea.' });
		await answerTo(await ask(`${mention} what do I like now?`));
		const messages = ai.completions().at(-1)!.messages;
		expect(messages.map(textOf)).not.toContain('Alice: I like pizza');
		expect(messages).toHaveLength(2);
	}, 120_000);

	it('GIVEN SIGTERM while an answer streams THEN the half answer is marked cut off before Tika exits', async () => {
		ai.tokenDelayMs = 150;
		try {
			ai.script({ kind: 'answer', text: 'This answer takes a long time to arrive, word by word, and will not be finished today' });
			const message = await ask(`<@${double.bot.id}> tell me slowly`);
			await answerTo(message, () => true);
			expect((await stop()).code).toBe(0);
			const answer = await answerTo(message, () => true);
			expect(answer.content).toMatch(/^This\b/);
			expect(answer.content).toContain('\n\n-# ✂️ ');
			expect(answer.content).not.toContain('today');
		} finally {
			ai.tokenDelayMs = 0;
		}
	}, 60_000);
});
