/**
 * ai_chat when the provider fails: 401, 404 model, 429 with Retry-After (retried by the client, then honoured by
 * Tika), 5xx, a server that never answers, a stream closed mid-answer and one that goes silent. Each gets an
 * in-character reply carrying an error id that the log line carries too; a half-streamed answer is marked cut off.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { answersTo, answerTo, sleep, startAiBot, TEST_API_KEY, type AiBot } from '../support/ai-chat';
import { linesOf } from '../support/personality';

describe('ai_chat: provider errors', () => {
	let env: AiBot;
	let mention: string;

	const bot = () => env.bot;
	const ai = () => env.ai;
	const ask = (content: string) => bot().double.sendMessage({ channel: bot().general, author: bot().alice, content: `${mention} ${content}` });
	/** The answer's line and error id; the line must be one of the category's, the id in one log line with `kind`. */
	const expectFailure = async (message: APIMessage, category: string, kind: string) => {
		const answer = await answerTo(bot(), message, (content) => /\(error `[0-9a-f]{8}`\)$/.test(content));
		const [, line, id] = /^(.*) \(error `([0-9a-f]{8})`\)$/s.exec(answer.content)!;
		expect(linesOf('ai_chat', category).some((pattern) => pattern.test(line!))).toBe(true);
		const logged = bot().logs.filter((entry) => entry.includes(`[error ${id}]`));
		expect(logged).toHaveLength(1);
		expect(logged[0]).toContain(`[ai_chat] ${kind}`);
		expect(logged[0]).toContain(message.id);
		expect(bot().logs.join('\n')).not.toContain(TEST_API_KEY);
		return { answer, id: id!, log: logged[0]! };
	};
	/** A cut-off answer: the words that arrived, then the small cut-off line (with an error id when it failed). */
	const expectCutOff = async (message: APIMessage, shown: string, withId: boolean) => {
		const answer = await answerTo(bot(), message, (content) => content.includes('✂️'), 10_000);
		const [before, marker] = answer.content.split('\n\n-# ✂️ ');
		expect(before).toBe(shown);
		const [line, id] = withId ? /^(.*) \(error `([0-9a-f]{8})`\)$/s.exec(marker!)!.slice(1) : [marker, null];
		expect(linesOf('ai_chat', 'ai_cut_off').some((pattern) => pattern.test(line!))).toBe(true);
		return { answer, id };
	};

	beforeAll(async () => {
		env = await startAiBot({
			settings: { timeout_ms: 1000, idle_timeout_ms: 1000, max_retries: 1, limits: { member_requests: 0, guild_requests: 0 } }
		});
		mention = `<@${bot().double.bot.id}>`;
	});
	afterAll(async () => {
		await env?.stop();
	});
	afterEach(() => {
		const left = ai().pending;
		ai().clearScripts();
		expect(left).toBe(0);
	});

	it('GIVEN the provider refuses the key (401) THEN she says the key is wrong, with the error id of the log line', async () => {
		ai().script({ kind: 'error', status: 401, code: 'invalid_api_key', message: `Incorrect API key provided: ${TEST_API_KEY}` });
		const { log } = await expectFailure(await ask('hello'), 'ai_error_auth', 'auth');
		expect(log).toContain('HTTP 401');
	});

	it('GIVEN the model does not exist (404) THEN she says her model is missing', async () => {
		ai().script({ kind: 'error', status: 404, code: 'model_not_found', message: 'The model `double-model` does not exist' });
		const { log } = await expectFailure(await ask('hello'), 'ai_error_model', 'model');
		expect(log).toContain('HTTP 404');
	});

	it('GIVEN one 429 with Retry-After: 1 THEN the client waits that second and retries, and she answers', async () => {
		ai().script({ kind: 'error', status: 429, retryAfter: 1 }, { kind: 'answer', text: 'Worth the wait.' });
		const before = ai().completions().length;
		const message = await ask('hello');
		const answer = await answerTo(bot(), message);
		expect(answer.content).toBe('Worth the wait.');
		const [first, second] = ai().requests.slice(-2);
		expect(ai().completions().length).toBe(before + 2);
		expect(second!.time - first!.time).toBeGreaterThanOrEqual(950);
	});

	it('GIVEN 429s with Retry-After: 2 past the retries THEN she says so, and sends nothing to the provider until it passes', async () => {
		ai().script({ kind: 'error', status: 429, retryAfter: 2 }, { kind: 'error', status: 429, retryAfter: 2 });
		const { log } = await expectFailure(await ask('hello'), 'ai_error_rate', 'rate');
		expect(log).toContain('HTTP 429, Retry-After 2s');
		const failedAt = Date.now();
		const before = ai().completions().length;
		const early = await ask('now?');
		const wait = await answerTo(bot(), early, () => true);
		expect(linesOf('ai_chat', 'ai_error_rate').some((pattern) => pattern.test(wait.content))).toBe(true);
		expect(ai().completions().length).toBe(before);
		await sleep(Math.max(0, 2100 - (Date.now() - failedAt)));
		ai().script({ kind: 'answer', text: 'Back in business.' });
		expect((await answerTo(bot(), await ask('and now?'))).content).toBe('Back in business.');
	});

	it('GIVEN the provider fails (503) THEN she blames upstream, in character', async () => {
		ai().script({ kind: 'error', status: 503 }, { kind: 'error', status: 503 });
		const { log } = await expectFailure(await ask('hello'), 'ai_error_server', 'server');
		expect(log).toContain('HTTP 503');
	});

	it('GIVEN the provider never answers THEN she gives up after the timeout and says so', async () => {
		ai().script({ kind: 'hang' }, { kind: 'hang' });
		await expectFailure(await ask('hello'), 'ai_error_timeout', 'timeout');
	});

	it('GIVEN the stream closes mid-answer THEN what arrived stays, marked cut off with the error id of the log line', async () => {
		ai().tokenDelayMs = 30;
		try {
			ai().script({ kind: 'cut', text: 'The answer is forty two because', after: 3 });
			const message = await ask('meaning of life?');
			const { id } = await expectCutOff(message, 'The answer is', true);
			const logged = bot().logs.filter((entry) => entry.includes(`[error ${id}]`));
			expect(logged).toHaveLength(1);
			expect(logged[0]).toContain('[ai_chat] cut');
			expect(logged[0]).toContain('answer cut off');
			// One message: the cut-off answer is not followed by another reply.
			expect(answersTo(bot(), message)).toHaveLength(1);
		} finally {
			ai().tokenDelayMs = 0;
		}
	});

	it('GIVEN the stream goes silent mid-answer THEN it times out and the answer is marked cut off', async () => {
		ai().script({ kind: 'stall', text: 'Let me think about', after: 3 });
		const { id } = await expectCutOff(await ask('think hard'), 'Let me think', true);
		expect(bot().logs.some((entry) => entry.includes(`[error ${id}]`) && entry.includes('[ai_chat] timeout'))).toBe(true);
	});

	it('GIVEN the model stops at its token limit THEN the answer is marked cut off (not an error)', async () => {
		ai().script({ kind: 'answer', text: 'A very long story that never', finishReason: 'length' });
		await expectCutOff(await ask('tell me a story'), 'A very long story that never', false);
	});

	it('GIVEN the model answers nothing THEN she says she has nothing, instead of an empty message', async () => {
		ai().script({ kind: 'answer', text: '' });
		const answer = await answerTo(bot(), await ask('say nothing'), () => true);
		expect(linesOf('ai_chat', 'ai_error_empty').some((pattern) => pattern.test(answer.content))).toBe(true);
	});
});
