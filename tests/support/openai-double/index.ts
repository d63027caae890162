/**
 * A local OpenAI-compatible chat-completions server for tests and benches: what ai_chat talks to instead of OpenAI,
 * OpenRouter, Ollama... One HTTP server on 127.0.0.1 and a random port, no network.
 *
 * - `POST /v1/chat/completions`, streamed (SSE chunks, a usage chunk when `stream_options.include_usage`, `[DONE]`)
 *   and not; `GET /v1/models`.
 * - Answers are scripted per test (`script(...)`, used in order), else `fallback` (default: "ok").
 * - `latencyMs` before the first byte and `tokenDelayMs` between streamed pieces.
 * - Each failure ai_chat must survive: any status with an OpenAI-shaped error body (401 invalid_api_key, 404
 *   model_not_found, 429 with Retry-After, 5xx), `hang` (never answers: a timeout), `cut` (the stream closes mid-answer,
 *   without a finish_reason or [DONE]) and `stall` (the stream goes silent mid-answer and stays open).
 * - A wrong `Authorization` is a 401 and an unknown model a 404, as on the real servers, when `apiKey` / `models` are set.
 * - Every request is recorded (`requests`, `completions()`), so a test can assert what Tika sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ChatMessage {
	role: string;
	content: string | { type: string; text?: string; image_url?: { url: string } }[];
	name?: string;
}

export interface CompletionBody {
	model: string;
	messages: ChatMessage[];
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
	max_tokens?: number;
	max_completion_tokens?: number;
	temperature?: number;
	[key: string]: unknown;
}

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	body: unknown;
	time: number;
}

export type Script =
	/** An answer; `pieces` are the streamed deltas (default: the text split after each space). */
	| {
			kind: 'answer';
			text: string;
			pieces?: string[];
			finishReason?: 'stop' | 'length';
			usage?: { prompt_tokens: number; completion_tokens: number };
	  }
	/** An error status with OpenAI's error body; `retryAfter` (seconds) sets the Retry-After header. */
	| { kind: 'error'; status: number; code?: string | null; type?: string; message?: string; retryAfter?: number }
	/** Accepts the request and never answers. */
	| { kind: 'hang' }
	/** Streams `after` pieces of `text`, then destroys the connection. */
	| { kind: 'cut'; text: string; after: number }
	/** Streams `after` pieces of `text`, then sends nothing more and keeps the connection open. */
	| { kind: 'stall'; text: string; after: number };

export type ScriptSource = Script | ((body: CompletionBody, request: RecordedRequest) => Script);

export interface OpenAIDoubleOptions {
	/** When set, any other bearer token is a 401. */
	apiKey?: string;
	/** When set, any other model is a 404 model_not_found (and /v1/models lists these). */
	models?: string[];
	latencyMs?: number;
	tokenDelayMs?: number;
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** The text as streamed pieces: one per word, each with the spaces after it. */
export function piecesOf(text: string): string[] {
	return text.match(/\S+\s*|\s+/g) ?? [];
}

/** The text of a message's content (its text parts, for a vision message). */
export function textOf(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	return message.content
		.filter((part) => part.type === 'text')
		.map((part) => part.text ?? '')
		.join('');
}

export class OpenAIDouble {
	public readonly requests: RecordedRequest[] = [];
	public latencyMs: number;
	public tokenDelayMs: number;
	public fallback: ScriptSource = { kind: 'answer', text: 'ok' };
	readonly #options: OpenAIDoubleOptions;
	readonly #queue: ScriptSource[] = [];
	readonly #sockets = new Set<Socket>();
	readonly #waiters: { count: number; resolve: () => void }[] = [];
	#server: Server | null = null;
	#port = 0;
	#id = 0;

	public constructor(options: OpenAIDoubleOptions = {}) {
		this.#options = options;
		this.latencyMs = options.latencyMs ?? 0;
		this.tokenDelayMs = options.tokenDelayMs ?? 0;
	}

	/** The base URL an OpenAI client takes: `http://127.0.0.1:<port>/v1`. */
	public get baseURL(): string {
		return `http://127.0.0.1:${this.#port}/v1`;
	}

	public async start(): Promise<this> {
		const server = createServer((request, response) => void this.#handle(request, response));
		server.on('connection', (socket) => {
			this.#sockets.add(socket);
			socket.once('close', () => this.#sockets.delete(socket));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		this.#server = server;
		this.#port = (server.address() as AddressInfo).port;
		return this;
	}

	public async stop(): Promise<void> {
		for (const socket of this.#sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
		this.#server = null;
	}

	/** Queues answers for the next chat completions, in order; after them, `fallback` answers. */
	public script(...scripts: ScriptSource[]): this {
		this.#queue.push(...scripts);
		return this;
	}

	/** Scripted answers not used yet. */
	public get pending(): number {
		return this.#queue.length;
	}

	/** The bodies of every chat completion request so far. */
	public completions(): CompletionBody[] {
		return this.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as CompletionBody);
	}

	/** Resolves once `count` chat completion requests have arrived in total. */
	public waitForCompletions(count: number, timeoutMs = 5000): Promise<CompletionBody[]> {
		return new Promise((resolve, reject) => {
			const done = () => {
				clearTimeout(timer);
				resolve(this.completions());
			};
			const timer = setTimeout(
				() => reject(new Error(`OpenAIDouble: waited ${timeoutMs} ms for ${count} chat completions, got ${this.completions().length}`)),
				timeoutMs
			);
			if (this.completions().length >= count) return done();
			this.#waiters.push({ count, resolve: done });
		});
	}

	/** Drops the scripted answers not used yet (between tests). */
	public clearScripts(): void {
		this.#queue.length = 0;
	}

	public clear(): void {
		this.requests.length = 0;
		this.#queue.length = 0;
	}

	async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		let body: unknown = raw;
		try {
			body = raw ? JSON.parse(raw) : undefined;
		} catch {
			// Recorded as text: a test can see what was wrong with it.
		}
		const path = (request.url ?? '/').split('?')[0]!;
		const recorded: RecordedRequest = { method: request.method ?? 'GET', path, headers: request.headers, body, time: Date.now() };
		this.requests.push(recorded);

		const { apiKey, models } = this.#options;
		if (apiKey !== undefined && request.headers.authorization !== `Bearer ${apiKey}`)
			return this.#error(response, { kind: 'error', status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided.' });

		if (request.method === 'GET' && path === '/v1/models') {
			const data = (models ?? ['double-model']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'double' }));
			return this.#json(response, 200, { object: 'list', data });
		}
		if (request.method !== 'POST' || path !== '/v1/chat/completions')
			return this.#error(response, { kind: 'error', status: 404, code: null, message: `No route for ${request.method} ${path}` });

		const completion = body as CompletionBody;
		for (const waiter of [...this.#waiters]) {
			if (this.completions().length < waiter.count) continue;
			this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
			waiter.resolve();
		}
		if (!completion || typeof completion !== 'object' || !Array.isArray(completion.messages))
			return this.#error(response, { kind: 'error', status: 400, code: null, message: "'messages' is a required property" });
		if (models && !models.includes(completion.model))
			return this.#error(response, {
				kind: 'error',
				status: 404,
				code: 'model_not_found',
				message: `The model \`${completion.model}\` does not exist or you do not have access to it.`
			});

		const next = this.#queue.shift() ?? this.fallback;
		const script = typeof next === 'function' ? next(completion, recorded) : next;
		await sleep(this.latencyMs);
		switch (script.kind) {
			case 'hang':
				return;
			case 'error':
				return this.#error(response, script);
			case 'answer':
				if (completion.stream) return this.#stream(response, completion, script.pieces ?? piecesOf(script.text), script);
				return this.#json(response, 200, this.#completion(completion, script));
			case 'cut':
			case 'stall':
				return this.#stream(response, completion, piecesOf(script.text).slice(0, script.after), script);
		}
	}

	#completion(body: CompletionBody, script: Extract<Script, { kind: 'answer' }>) {
		return {
			id: `chatcmpl-${++this.#id}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model,
			choices: [{ index: 0, message: { role: 'assistant', content: script.text }, finish_reason: script.finishReason ?? 'stop' }],
			usage: this.#usage(body, script)
		};
	}

	#usage(body: CompletionBody, script: Extract<Script, { kind: 'answer' }>) {
		const prompt = script.usage?.prompt_tokens ?? Math.ceil(body.messages.map(textOf).join(' ').length / 4);
		const completion = script.usage?.completion_tokens ?? piecesOf(script.text).length;
		return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
	}

	async #stream(response: ServerResponse, body: CompletionBody, pieces: string[], script: Script): Promise<void> {
		const id = `chatcmpl-${++this.#id}`;
		const created = Math.floor(Date.now() / 1000);
		response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
		const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
		const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
			id,
			object: 'chat.completion.chunk',
			created,
			model: body.model,
			choices: [{ index: 0, delta, finish_reason: finish }]
		});
		send(chunk({ role: 'assistant', content: '' }, null));
		for (const piece of pieces) {
			await sleep(this.tokenDelayMs);
			if (response.destroyed) return;
			send(chunk({ content: piece }, null));
		}
		if (script.kind === 'stall') return;
		if (script.kind === 'cut') {
			// Give the pieces a moment to leave, then drop the connection without finishing the chunked body.
			await sleep(20);
			response.socket?.destroy();
			return;
		}
		if (script.kind !== 'answer') return;
		send(chunk({}, script.finishReason ?? 'stop'));
		if (body.stream_options?.include_usage)
			send({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: this.#usage(body, script) });
		response.end('data: [DONE]\n\n');
	}

	#json(response: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
		response.writeHead(status, { 'content-type': 'application/json', ...headers });
		response.end(JSON.stringify(data));
	}

	#error(response: ServerResponse, script: Extract<Script, { kind: 'error' }>): void {
		const type =
			script.type ??
			(script.status === 429
				? 'rate_limit_error'
				: script.status >= 500
					? 'server_error'
					: script.status === 401
						? 'invalid_request_error'
						: 'invalid_request_error');
		const headers: Record<string, string> = script.retryAfter !== undefined ? { 'retry-after': String(script.retryAfter) } : {};
		this.#json(
			response,
			script.status,
			{ error: { message: script.message ?? `Error ${script.status}`, type, param: null, code: script.code ?? null } },
			headers
		);
	}
}
