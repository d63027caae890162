/**
 * ai_chat's output safety and inputs: the guild's word filter applies to Tika's answers (never shown, not even while
 * streaming), pictures reach a vision model, and memory keeps within its token budget.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { answerTo, startAiBot, type AiBot } from '../support/ai-chat';
import { linesOf } from '../support/personality';
import { textOf, type ChatMessage } from '../support/openai-double';

const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4830000000049454e44ae426082',
	'hex'
);

describe('ai_chat: word filter, vision and the memory budget', () => {
	let env: AiBot;
	let mention: string;

	const bot = () => env.bot;
	const ai = () => env.ai;
	const ask = (content: string, extra: Partial<Parameters<AiBot['bot']['double']['sendMessage']>[0]> = {}) =>
		bot().double.sendMessage({ channel: bot().general, author: bot().alice, content: `${mention} ${content}`, ...extra });
	/** Every text Tika sent to Discord for her answers since `since` (creates and edits). */
	const bodiesSince = (since: number) =>
		bot()
			.double.requests.filter(
				(request) => request.time >= since && (request.method === 'POST' || request.method === 'PATCH') && /\/messages/.test(request.path)
			)
			.map((request) => (request.body as { content?: string } | undefined)?.content ?? '');

	beforeAll(async () => {
		env = await startAiBot({
			settings: { vision: true, max_images: 2, memory: { max_tokens: 120 }, limits: { member_requests: 0, guild_requests: 0 } }
		});
		mention = `<@${bot().double.bot.id}>`;
		const add = await bot().double.slashCommand({
			channel: bot().general,
			user: bot().owner,
			name: 'wordfilter',
			subcommand: 'add',
			options: { pattern: 'frobnicate' }
		});
		expect((await add.reply()).embeds?.[0]?.title ?? '').not.toMatch(/^❌/);
	});
	afterAll(async () => {
		await env?.stop();
	});
	afterEach(() => {
		const left = ai().pending;
		ai().clearScripts();
		expect(left).toBe(0);
	});

	describe('the word filter on her output', () => {
		it('GIVEN the model writes a filtered word THEN the answer is withheld in character and the word never reaches Discord', async () => {
			const since = Date.now();
			ai().script({ kind: 'answer', text: 'Sure, just frobnicate the widget.' });
			const answer = await answerTo(bot(), await ask('how do I fix it?'), () => true);
			expect(linesOf('ai_chat', 'ai_filtered').some((pattern) => pattern.test(answer.content))).toBe(true);
			expect(bodiesSince(since).join('\n')).not.toMatch(/frobnicate/i);
			// Logged once the bot's own edit has returned, a moment after the double shows it.
			const deadline = Date.now() + 5_000;
			while (!bot().logs.some((line) => line.includes('word filter withheld an answer')) && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 20));
			expect(bot().logs.some((line) => line.includes('word filter withheld an answer'))).toBe(true);
		});

		it('GIVEN the filtered word comes late in a streamed answer THEN what was shown is replaced, and nothing filtered is ever shown or remembered', async () => {
			const since = Date.now();
			ai().tokenDelayMs = 80;
			try {
				const words =
					'Here is a long and perfectly innocent beginning of an answer, and then f.r.o.b.n.i.c.a.t.e it all, and more words after that never matter';
				ai().script({ kind: 'answer', text: words });
				const message = await ask('tell me');
				const answer = await answerTo(bot(), message, (content) => !content.endsWith('▌') && !content.startsWith('Here'), 10_000);
				expect(linesOf('ai_chat', 'ai_filtered').some((pattern) => pattern.test(answer.content))).toBe(true);
				const bodies = bodiesSince(since);
				expect(bodies.some((body) => body.startsWith('Here is a long'))).toBe(true);
				expect(bodies.join('\n')).not.toMatch(/f\.r\.o\.b/);
			} finally {
				ai().tokenDelayMs = 0;
			}
			ai().script({ kind: 'answer', text: 'Next.' });
			await answerTo(bot(), await ask('what did you say?'));
			expect(ai().completions().at(-1)!.messages.map(textOf).join('\n')).not.toMatch(/f\.r\.o\.b/);
		});

		it('GIVEN moderation is switched off in the server THEN her answers are not filtered', async () => {
			await (
				await bot().double.slashCommand({
					channel: bot().general,
					user: bot().owner,
					name: 'features',
					subcommand: 'disable',
					options: { feature: 'moderation' }
				})
			).reply();
			try {
				ai().script({ kind: 'answer', text: 'You may frobnicate now.' });
				expect((await answerTo(bot(), await ask('and now?'))).content).toBe('You may frobnicate now.');
			} finally {
				await (
					await bot().double.slashCommand({
						channel: bot().general,
						user: bot().owner,
						name: 'features',
						subcommand: 'enable',
						options: { feature: 'moderation' }
					})
				).reply();
			}
		});
	});

	describe('vision', () => {
		it('GIVEN alice attaches a picture and a text file THEN the model gets the picture as a data URL and the file by name', async () => {
			ai().script({ kind: 'answer', text: 'A very small picture.' });
			const message = await ask('what is this?', {
				attachments: [
					{ filename: 'dot.png', content: PNG, contentType: 'image/png' },
					{ filename: 'notes.txt', content: 'hello', contentType: 'text/plain' }
				]
			});
			await answerTo(bot(), message);
			const last = ai().completions().at(-1)!.messages.at(-1)! as ChatMessage;
			expect(Array.isArray(last.content)).toBe(true);
			const parts = last.content as Exclude<ChatMessage['content'], string>;
			expect(parts[0]).toEqual({ type: 'text', text: 'Alice: what is this?\n[attached: dot.png]\n[attached: notes.txt]' });
			expect(parts.slice(1)).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } }]);
		});
	});

	describe('the memory budget', () => {
		it('GIVEN a long conversation THEN the prompt keeps only the newest turns that fit in memory.max_tokens, counted with the tokenizer', async () => {
			await (await bot().double.slashCommand({ channel: bot().general, user: bot().owner, name: 'ai', subcommand: 'reset' })).reply();
			let last: APIMessage | null = null;
			for (let index = 1; index <= 8; index++) {
				ai().script({ kind: 'answer', text: `Noted ${index}.` });
				last = await ask(`fact number ${index}: the sky is a shade of blue called cerulean number ${index}`);
				await answerTo(bot(), last);
			}
			const messages = ai().completions().at(-1)!.messages.slice(1);
			const texts = messages.map(textOf);
			expect(texts.at(-1)).toBe('Alice: fact number 8: the sky is a shade of blue called cerulean number 8');
			expect(texts.join('\n')).not.toContain('fact number 1:');
			const used = messages.reduce((sum, message) => sum + countTokens(textOf(message)) + 4, 0);
			expect(used).toBeLessThanOrEqual(120);
			expect(messages.length).toBeGreaterThanOrEqual(3);
		});
	});
});
