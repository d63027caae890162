import OpenAI from 'openai';
import type * as OpenAIModule from 'openai';
import { classify, retryAfter, scrub } from '../../../src/plugins/ai_chat/lib/errors';
import { StreamCutError, StreamIdleTimeoutError } from '../../../src/plugins/ai_chat/lib/provider';
import { visible } from '../../../src/plugins/ai_chat/lib/writer';

const sdk = OpenAI as unknown as typeof OpenAIModule;
const apiError = (status: number, headers: Record<string, string> = {}) =>
	OpenAI.APIError.generate(status, { error: { message: `status ${status}` } }, undefined, new Headers(headers));

describe('classify', () => {
	it.each([
		[401, 'auth'],
		[403, 'auth'],
		[404, 'model'],
		[429, 'rate'],
		[500, 'server'],
		[503, 'server'],
		[400, 'server']
	])('GIVEN HTTP %i THEN %s', (status, kind) => {
		expect(classify(apiError(status), sdk, 'k')).toMatchObject({ kind, status });
	});

	it('GIVEN a 429 with Retry-After THEN its wait is kept', () => {
		expect(classify(apiError(429, { 'retry-after': '7' }), sdk, 'k').retryAfterMs).toBe(7000);
	});

	it('GIVEN timeouts, a stall, a broken stream and a refused connection THEN timeout, timeout, cut (with the partial text) and connection', () => {
		expect(classify(new OpenAI.APIConnectionTimeoutError(), sdk, 'k').kind).toBe('timeout');
		expect(classify(Object.assign(new StreamIdleTimeoutError('x'), { partial: 'half' }), sdk, 'k')).toMatchObject({
			kind: 'timeout',
			partial: 'half'
		});
		expect(classify(Object.assign(new StreamCutError('x'), { partial: 'half' }), sdk, 'k')).toMatchObject({ kind: 'cut', partial: 'half' });
		const refused = new OpenAI.APIConnectionError({ message: 'Connection error.' });
		expect(classify(refused, sdk, 'k', { elapsedMs: 5, timeoutMs: 1000 }).kind).toBe('connection');
		expect(classify(refused, sdk, 'k', { elapsedMs: 1000, timeoutMs: 1000 }).kind).toBe('timeout');
	});

	it('GIVEN an error message echoing the key THEN the detail for the log has it scrubbed', () => {
		const error = OpenAI.APIError.generate(
			401,
			{ error: { message: 'Incorrect API key provided: sk-live-abcdef123456' } },
			undefined,
			new Headers()
		);
		expect(classify(error, sdk, 'sk-live-abcdef123456').detail).not.toContain('abcdef123456');
	});
});

describe('retryAfter and scrub', () => {
	it('GIVEN seconds, milliseconds, an HTTP date or nothing THEN milliseconds or null', () => {
		const now = Date.UTC(2026, 0, 1);
		expect(retryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
		expect(retryAfter(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now)).toBe(150);
		expect(retryAfter(new Headers({ 'retry-after': new Date(now + 30_000).toUTCString() }), now)).toBe(30_000);
		expect(retryAfter(new Headers(), now)).toBeNull();
		expect(retryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeNull();
	});

	it('GIVEN bearer tokens and sk- keys THEN they are replaced', () => {
		expect(scrub('Authorization: Bearer abc.def and sk-proj-12345678', undefined)).toBe('Authorization: Bearer [key] and sk-[key]');
		expect(scrub('my key is hunter22', 'hunter22')).toBe('my key is [key]');
	});
});

describe('visible', () => {
	it("GIVEN a reasoning model's <think> block THEN members only see the answer, and nothing while it still thinks", () => {
		expect(visible('<think>hmm, the user wants</think>\n\nHello!')).toBe('Hello!');
		expect(visible('<think>still thinking')).toBe('');
		expect(visible('  plain  ')).toBe('plain');
	});
});
