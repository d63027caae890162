import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { DiscordApiError } from './errors';
import { pathMatcher, type Router } from './router';
import type { DoubleState } from './state';
import type { FailNextOptions, RecordedFile, RecordedRequest } from './types';

interface Fault extends FailNextOptions {
	remaining: number;
	matchesPath: (path: string) => boolean;
}

export interface HttpDeps {
	router: Router;
	state: DoubleState;
	token: () => string;
	/** Called for WebSocket upgrades (the gateway shares the port). */
	onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/**
 * The HTTP half: parses, authenticates, records and routes every REST call, and serves
 * attachment bytes under `/attachments/...` (so bots that download files work).
 */
export class HttpServer {
	readonly #server: Server;
	readonly #deps: HttpDeps;
	readonly #faults: Fault[] = [];
	#slow: { method?: string; matchesPath: (path: string) => boolean; ms: number } | null = null;
	readonly #listeners = new Set<(request: RecordedRequest) => void>();
	public readonly requests: RecordedRequest[] = [];
	/** Exceptions thrown by route handlers (bugs in the double or impossible requests). */
	public readonly errors: Error[] = [];
	public port = 0;

	public constructor(deps: HttpDeps) {
		this.#deps = deps;
		this.#server = createServer((req, res) => void this.#handle(req, res));
		this.#server.on('upgrade', (req, socket, head) => deps.onUpgrade(req, socket, head));
		// discord.js keeps connections alive; never let a test wait on the default 5 s timeout.
		this.#server.keepAliveTimeout = 60_000;
	}

	public async listen(port = 0): Promise<number> {
		await new Promise<void>((resolve, reject) => {
			this.#server.once('error', reject);
			this.#server.listen(port, '127.0.0.1', () => resolve());
		});
		this.port = (this.#server.address() as AddressInfo).port;
		return this.port;
	}

	public async close(): Promise<void> {
		if (!this.#server.listening) return;
		const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
		this.#server.closeAllConnections();
		await closed;
	}

	public failNext(options: FailNextOptions): void {
		this.#faults.push({
			...options,
			remaining: options.times ?? 1,
			matchesPath: options.path === undefined ? () => true : pathMatcher(options.path)
		});
	}

	/**
	 * Answers matching requests `ms` late, after they took effect (the message exists, its event went out): a client
	 * that dies meanwhile never learns the request succeeded, as when a process crashes mid-delivery. null: no delay.
	 */
	public slowResponses(options: { method?: string; path?: string | RegExp; ms: number } | null): void {
		this.#slow = options && { ...options, matchesPath: options.path === undefined ? () => true : pathMatcher(options.path) };
	}

	public onRequest(listener: (request: RecordedRequest) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();

		if (url.pathname.startsWith('/attachments/')) return this.#serveAttachment(url.pathname, res);

		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(req.headers))
			if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;

		// Routes are matched on decoded segments: discord.js sends `@original` as `%40original`.
		const segments = url.pathname
			.split('/')
			.filter(Boolean)
			.map((segment) => safeDecode(segment));
		const versioned = segments[0] === 'api' && segments[1] === 'v10';
		const routeSegments = versioned ? segments.slice(2) : segments;
		const path = `/${routeSegments.join('/')}`;
		const match = versioned ? this.#deps.router.match(method, routeSegments) : null;

		const recorded: RecordedRequest = {
			method,
			path,
			route: match?.route.pattern ?? null,
			params: match?.params ?? {},
			url: req.url ?? '/',
			query: Object.fromEntries(url.searchParams),
			headers,
			body: undefined,
			files: [],
			time: Date.now(),
			status: 0,
			response: undefined,
			injected: false
		};
		try {
			const parsed = await parseBody(raw, headers['content-type']);
			recorded.body = parsed.body;
			recorded.files = parsed.files;
		} catch (error) {
			recorded.body = raw.toString('utf8');
			return this.#finish(res, recorded, 400, { message: `DiscordDouble: unparseable body (${(error as Error).message})`, code: 50109 });
		}

		const fault = this.#takeFault(method, path);
		if (fault) return this.#answerFault(res, recorded, fault);

		if (!match) {
			const shown = `${method} ${url.pathname.replace(/^\/api/, '')}`;
			return this.#finish(res, recorded, 404, { message: `DiscordDouble: no route for ${shown}`, code: 0 });
		}
		if (match.route.auth && headers.authorization !== `Bot ${this.#deps.token()}`) {
			return this.#finish(res, recorded, 401, { message: '401: Unauthorized', code: 0 });
		}
		try {
			const result = await match.route.handler({
				params: match.params,
				query: url.searchParams,
				body: recorded.body,
				files: recorded.files,
				headers,
				request: recorded
			});
			const status = result.status ?? (result.body === undefined ? 204 : 200);
			const slow = this.#slow;
			if (slow && (!slow.method || slow.method.toUpperCase() === method) && slow.matchesPath(path)) {
				await new Promise((resolve) => setTimeout(resolve, slow.ms));
			}
			return this.#finish(res, recorded, status, result.body);
		} catch (error) {
			if (error instanceof DiscordApiError) return this.#finish(res, recorded, error.status, error.toJSON());
			this.errors.push(error as Error);
			return this.#finish(res, recorded, 500, { message: `DiscordDouble internal error: ${(error as Error).stack ?? error}`, code: 0 });
		}
	}

	#takeFault(method: string, path: string): Fault | undefined {
		const index = this.#faults.findIndex((f) => (!f.method || f.method.toUpperCase() === method) && f.matchesPath(path));
		if (index === -1) return undefined;
		const fault = this.#faults[index]!;
		if (--fault.remaining <= 0) this.#faults.splice(index, 1);
		return fault;
	}

	#answerFault(res: ServerResponse, recorded: RecordedRequest, fault: Fault): void {
		recorded.injected = true;
		const status = fault.status ?? 429;
		if (status !== 429) {
			return this.#finish(res, recorded, status, { message: fault.message ?? `Injected ${status}`, code: fault.code ?? 0 });
		}
		const retryAfter = fault.retryAfter ?? 0.05;
		const scope = fault.scope ?? (fault.global ? 'global' : 'user');
		// Same headers as Discord so @discordjs/rest's limiter takes the retry path it would in production.
		res.setHeader('retry-after', String(retryAfter));
		res.setHeader('x-ratelimit-limit', '1');
		res.setHeader('x-ratelimit-remaining', '0');
		res.setHeader('x-ratelimit-reset', String((Date.now() / 1000 + retryAfter).toFixed(3)));
		res.setHeader('x-ratelimit-reset-after', String(retryAfter));
		res.setHeader('x-ratelimit-bucket', 'discord-double-injected');
		res.setHeader('x-ratelimit-scope', scope);
		if (fault.global) res.setHeader('x-ratelimit-global', 'true');
		this.#finish(res, recorded, 429, {
			message: fault.message ?? 'You are being rate limited.',
			retry_after: retryAfter,
			global: Boolean(fault.global),
			code: fault.code ?? 0
		});
	}

	#finish(res: ServerResponse, recorded: RecordedRequest, status: number, body: unknown): void {
		recorded.status = status;
		recorded.response = body;
		this.requests.push(recorded);
		if (status === 204 || body === undefined) {
			res.writeHead(status === 200 ? 204 : status);
			res.end();
		} else {
			const json = JSON.stringify(body);
			res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
			res.end(json);
		}
		for (const listener of this.#listeners) listener(recorded);
	}

	#serveAttachment(pathname: string, res: ServerResponse): void {
		const id = pathname.split('/')[3] ?? '';
		const stored = this.#deps.state.attachments.get(id);
		if (!stored) {
			res.writeHead(404);
			res.end();
			return;
		}
		res.writeHead(200, { 'content-type': stored.contentType, 'content-length': stored.bytes.length });
		res.end(stored.bytes);
	}
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: unknown; files: RecordedFile[] }> {
	if (raw.length === 0) return { body: undefined, files: [] };
	if (contentType?.startsWith('multipart/form-data')) {
		// The WHATWG Response parser in Node handles multipart without a dependency.
		const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
		const files: RecordedFile[] = [];
		let body: unknown;
		for (const [name, value] of form.entries()) {
			if (typeof value === 'string') {
				if (name === 'payload_json') body = JSON.parse(value);
				continue;
			}
			files.push({
				name,
				filename: value.name,
				contentType: value.type || 'application/octet-stream',
				bytes: Buffer.from(await value.arrayBuffer())
			});
		}
		return { body, files };
	}
	const text = raw.toString('utf8');
	if (contentType?.includes('json') || text.startsWith('{') || text.startsWith('[')) return { body: JSON.parse(text), files: [] };
	return { body: text, files: [] };
}
