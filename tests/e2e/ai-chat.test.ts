import { startAiBot, answerTo, type AiBot, TEST_API_KEY } from '../support/ai-chat';
import { textOf } from '../support/openai-double';

describe('ai_chat: conversations', () => {
	let env: AiBot;

	beforeAll(async () => {
		env = await startAiBot();
	});
	afterAll(async () => {
		await env?.stop();
	});

	it('GIVEN alice mentions Tika THEN the model is asked and its answer is her reply, pinging nobody', async () => {
		const { bot, ai } = env;
		ai.script({ kind: 'answer', text: 'Hello Alice, what do you want?' });
		const message = await bot.general.send(bot.alice, `<@${bot.double.bot.id}> hi there`);
		const answer = await answerTo(bot, message);
		expect(answer.content).toBe('Hello Alice, what do you want?');
		const body = ai.completions().at(-1)!;
		expect(body.stream).toBe(true);
		expect(textOf(body.messages.at(-1)!)).toBe('Alice: hi there');
		expect(JSON.stringify(bot.logs)).not.toContain(TEST_API_KEY);
	});
});
