import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One readiness check: resolves with null when fine, or a short reason. */
export type ReadinessCheck = () => Promise<string | null> | string | null;

export interface HealthServerOptions {
	host: string;
	port: number;
	/** The exposition text and its content type. */
	metrics: () => Promise<{ body: string; contentType: string }>;
	/** Named checks for /readyz, run in parallel; all must pass. */
	readiness: Readonly<Record<string, ReadinessCheck>>;
	/** A check slower than this fails ("timed out"): a probe must answer even when the database hangs. */
	checkTimeoutMs?: number;
	onError?: (error: unknown) => void;
}

export interface HealthServer {
	/** `http://host:port`, with the port actually bound (useful with port 0). */
	readonly url: string;
	readonly address: AddressInfo;
	close(): Promise<void>;
}

/**
 * The metrics and health endpoint: a plain node:http server (no framework for three routes).
 * - `GET /metrics`: Prometheus exposition text;
 * - `GET /healthz`: 200 while the process runs (liveness: restart me if this fails);
 * - `GET /readyz`: 200 when every readiness check passes, else 503, with a JSON body naming each check's state
 *   (readiness: do not send me work / do not count me as up).
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
	const timeoutMs = options.checkTimeoutMs ?? 2_000;
	const server: Server = createServer((request, response) => {
		void handle(request, response).catch((error: unknown) => {
			options.onError?.(error);
			if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error\n');
			else response.end();
		});
	});
	// Scrapes are short; a client that keeps a connection open must not hold the shutdown.
	server.keepAliveTimeout = 5_000;

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const path = (request.url ?? '/').split('?')[0];
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			response.setHeader('Allow', 'GET, HEAD');
			return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
		}
		switch (path) {
			case '/metrics': {
				const { body, contentType } = await options.metrics();
				return send(response, 200, contentType, body);
			}
			case '/healthz':
				return send(response, 200, 'text/plain; charset=utf-8', 'ok\n');
			case '/readyz': {
				const checks = await runChecks(options.readiness, timeoutMs);
				const ready = Object.values(checks).every((state) => state === 'ok');
				return send(response, ready ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify({ ready, checks })}\n`);
			}
			default:
				return send(response, 404, 'text/plain; charset=utf-8', 'not found: try /metrics, /healthz or /readyz\n');
		}
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		url: `http://${host}:${address.port}`,
		address,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeIdleConnections();
			})
	};
}

async function runChecks(checks: Readonly<Record<string, ReadinessCheck>>, timeoutMs: number): Promise<Record<string, string>> {
	const entries = await Promise.all(
		Object.entries(checks).map(async ([name, check]): Promise<[string, string]> => {
			let timer: NodeJS.Timeout | undefined;
			try {
				const reason = await Promise.race([
					Promise.resolve().then(check),
					new Promise<string>((resolve) => {
						timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs);
					})
				]);
				return [name, reason ?? 'ok'];
			} catch (error) {
				return [name, error instanceof Error ? error.message : String(error)];
			} finally {
				clearTimeout(timer);
			}
		})
	);
	return Object.fromEntries(entries);
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
	response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
	response.end(response.req.method === 'HEAD' ? undefined : body);
}
