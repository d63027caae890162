/**
 * Shared set-up of the ai_chat end-to-end tests: the real Tika against the Discord double and the OpenAI-compatible
 * double, with ai_chat configured (base URL, model, key) and switched on in every guild.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { startTestBot, type TestBot, type TestBotOptions } from './harness';
import { OpenAIDouble, type OpenAIDoubleOptions } from './openai-double';

/** The key the tests configure: never to be seen in a log. */
export const TEST_API_KEY = 'sk-test-0123456789abcdefSECRET';
export const TEST_MODEL = 'double-model';

export interface AiBot {
	bot: TestBot;
	ai: OpenAIDouble;
	stop(): Promise<void>;
}

export async function startAiBot(
	options: { settings?: Record<string, unknown>; openai?: OpenAIDoubleOptions; enabled?: boolean; bot?: TestBotOptions } = {}
): Promise<AiBot> {
	const ai = await new OpenAIDouble({ apiKey: TEST_API_KEY, models: [TEST_MODEL], ...options.openai }).start();
	process.env.AI_API_KEY = TEST_API_KEY;
	const bot = await startTestBot({
		...options.bot,
		config: (config) => {
			if (options.enabled !== false) {
				config.features.defaultDisabled = config.features.defaultDisabled.filter((name) => name !== 'ai_chat');
				config.features.defaultEnabled = [...config.features.defaultEnabled, 'ai_chat'];
			}
			config.plugins = {
				...config.plugins,
				settings: { ...config.plugins.settings, ai_chat: { base_url: ai.baseURL, model: TEST_MODEL, ...options.settings } }
			};
			options.bot?.config?.(config);
		}
	});
	return {
		bot,
		ai,
		async stop() {
			await bot.stop();
			await ai.stop();
			delete process.env.AI_API_KEY;
		}
	};
}

/** Tika's messages in a channel that answer (reply to) `message`. */
export function answersTo(bot: TestBot, message: APIMessage): APIMessage[] {
	return bot.double
		.messagesIn(message.channel_id)
		.filter((m) => m.author.id === bot.double.bot.id && m.message_reference?.message_id === message.id);
}

/** Waits for Tika's reply to `message` whose content satisfies `done` (the answer streams, so early versions differ). */
export async function answerTo(
	bot: TestBot,
	message: APIMessage,
	done: (content: string) => boolean = (content) => !content.endsWith('▌'),
	timeoutMs = 8_000
): Promise<APIMessage> {
	const started = Date.now();
	for (;;) {
		const answer = answersTo(bot, message)[0];
		const current = answer ? bot.double.message(answer.id) : undefined;
		if (current && done(current.content)) return current;
		if (Date.now() - started > timeoutMs)
			throw new Error(
				`No finished answer to ${message.id} within ${timeoutMs} ms; last: ${JSON.stringify(current?.content)}; logs:\n${bot.logs.slice(-10).join('\n')}`
			);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
