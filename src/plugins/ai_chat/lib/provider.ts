import type * as OpenAIModule from 'openai';
import { lazy } from '#core/lazy';
import type { AiChatConfig } from '../plugin';
import type { PromptMessage } from './prompt';

type OpenAIClient = InstanceType<typeof OpenAIModule.OpenAI>;

/**
 * The provider: any OpenAI-compatible chat-completions server, through the maintained `openai` package (its baseURL,
 * streaming, retries honouring Retry-After, and error classes). Required on first use, never at start-up: a bot that
 * never answers never loads it (core's `lazy`).
 */
export const openai = lazy(() => require('openai') as typeof OpenAIModule);
let cached: { signature: string; client: OpenAIClient } | null = null;

/** One client per key, server and timeouts: a changed config.yml (tests) gets a fresh one. */
function client(config: AiChatConfig, apiKey: string): OpenAIClient {
	const signature = JSON.stringify([config.base_url, apiKey, config.timeout_ms, config.max_retries]);
	if (cached?.signature !== signature) {
		const { OpenAI } = openai();
		// The SDK's own logger stays quiet: it would print requests, and nothing of the key may reach a log.
		cached = {
			signature,
			client: new OpenAI({ apiKey, baseURL: config.base_url, timeout: config.timeout_ms, maxRetries: config.max_retries, logLevel: 'off' })
		};
	}
	return cached.client;
}

export interface CompletionResult {
	text: string;
	/** stop, length, content_filter...; null when the stream ended without saying why (it was cut). */
	finishReason: string | null;
	/** What the server billed, when it said (stream_options.include_usage). */
	usage: { prompt: number; completion: number } | null;
	/** Aborted by the caller (shutdown, the word filter) rather than finished. */
	aborted: boolean;
}

/** The stream went silent for longer than idle_timeout_ms. */
export class StreamIdleTimeoutError extends Error {
	public override readonly name = 'StreamIdleTimeoutError';
}

/** The stream ended without a finish reason: the connection closed mid-answer. */
export class StreamCutError extends Error {
	public override readonly name = 'StreamCutError';
}

export interface StreamOptions {
	config: AiChatConfig;
	apiKey: string;
	messages: PromptMessage[];
	/** Called with each piece of text as it arrives. */
	onDelta: (piece: string) => void;
	signal: AbortSignal;
}

/**
 * Streams one answer. Resolves with the whole text and why it stopped; throws the SDK's errors (status errors,
 * timeouts before the first byte), {@link StreamIdleTimeoutError} when the stream stalls, and {@link StreamCutError}
 * (with the text so far in `partial`) when it breaks off.
 */
export async function streamCompletion({ config, apiKey, messages, onDelta, signal }: StreamOptions): Promise<CompletionResult> {
	const controller = new AbortController();
	const abort = () => controller.abort();
	signal.addEventListener('abort', abort, { once: true });
	let idle = false;
	let timer: NodeJS.Timeout | undefined;
	const arm = () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			idle = true;
			controller.abort();
		}, config.idle_timeout_ms);
		timer.unref();
	};
	const result: CompletionResult = { text: '', finishReason: null, usage: null, aborted: false };
	try {
		const stream = await client(config, apiKey).chat.completions.create(
			{
				model: config.model,
				messages: messages as OpenAIModule.OpenAI.Chat.Completions.ChatCompletionMessageParam[],
				stream: true,
				stream_options: { include_usage: true },
				max_tokens: config.max_output_tokens,
				...(config.temperature === undefined ? {} : { temperature: config.temperature })
			},
			{ signal: controller.signal }
		);
		arm();
		try {
			for await (const chunk of stream) {
				arm();
				const choice = chunk.choices[0];
				const piece = choice?.delta?.content;
				if (piece) {
					result.text += piece;
					onDelta(piece);
				}
				if (choice?.finish_reason) result.finishReason = choice.finish_reason;
				if (chunk.usage) result.usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
			}
		} catch (error) {
			if (idle) throw Object.assign(new StreamIdleTimeoutError(`no data for ${config.idle_timeout_ms} ms`), { partial: result.text });
			if (signal.aborted) return { ...result, aborted: true };
			throw Object.assign(new StreamCutError(`the stream broke off: ${describe(error)}`), { partial: result.text, cause: error });
		}
		// The SDK ends the iteration quietly when its request is aborted: say which abort it was.
		if (idle) throw Object.assign(new StreamIdleTimeoutError(`no data for ${config.idle_timeout_ms} ms`), { partial: result.text });
		if (signal.aborted) return { ...result, aborted: true };
		if (result.finishReason === null)
			throw Object.assign(new StreamCutError('the stream ended without a finish reason'), { partial: result.text });
		return result;
	} catch (error) {
		if (signal.aborted && !idle && !(error instanceof StreamCutError)) return { ...result, aborted: true };
		throw error;
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', abort);
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
