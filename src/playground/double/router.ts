import type { RecordedFile, RecordedRequest } from './types';

export interface RouteContext {
	params: Record<string, string>;
	query: URLSearchParams;
	body: unknown;
	files: RecordedFile[];
	headers: Record<string, string>;
	request: RecordedRequest;
}

export interface RouteResult {
	status?: number;
	body?: unknown;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

interface Route {
	method: string;
	pattern: string;
	segments: string[];
	auth: boolean;
	handler: RouteHandler;
}

export interface RouteMatch {
	route: Route;
	params: Record<string, string>;
}

/**
 * Minimal router over `/segment/:param` patterns. Static segments win over parameters at the
 * same position (so `/users/@me` is not captured by `/users/:user`), whatever the order.
 */
export class Router {
	readonly #routes = new Map<string, Route[]>();

	public add(method: string, pattern: string, handler: RouteHandler, options: { auth?: boolean } = {}): this {
		const segments = pattern.split('/').filter(Boolean);
		const key = `${method} ${segments.length}`;
		const list = this.#routes.get(key) ?? [];
		list.push({ method, pattern, segments, auth: options.auth ?? true, handler });
		// More static segments first: a literal beats a parameter.
		list.sort((a, b) => staticScore(b.segments) - staticScore(a.segments));
		this.#routes.set(key, list);
		return this;
	}

	public get = (pattern: string, handler: RouteHandler, options?: { auth?: boolean }) => this.add('GET', pattern, handler, options);
	public post = (pattern: string, handler: RouteHandler, options?: { auth?: boolean }) => this.add('POST', pattern, handler, options);
	public put = (pattern: string, handler: RouteHandler, options?: { auth?: boolean }) => this.add('PUT', pattern, handler, options);
	public patch = (pattern: string, handler: RouteHandler, options?: { auth?: boolean }) => this.add('PATCH', pattern, handler, options);
	public delete = (pattern: string, handler: RouteHandler, options?: { auth?: boolean }) => this.add('DELETE', pattern, handler, options);

	/** `segments` must already be percent-decoded. */
	public match(method: string, segments: string[]): RouteMatch | null {
		for (const route of this.#routes.get(`${method} ${segments.length}`) ?? []) {
			const params: Record<string, string> = {};
			let ok = true;
			for (let i = 0; i < segments.length; i++) {
				const expected = route.segments[i]!;
				const actual = segments[i]!;
				if (expected.startsWith(':')) params[expected.slice(1)] = actual;
				else if (expected !== actual) {
					ok = false;
					break;
				}
			}
			if (ok) return { route, params };
		}
		return null;
	}
}

function staticScore(segments: string[]): number {
	// Weight earlier literals more so `/a/:x/c` and `/a/b/:y` order deterministically.
	return segments.reduce((score, segment, index) => score + (segment.startsWith(':') ? 0 : 2 ** (segments.length - index)), 0);
}

/**
 * Turns a path filter into a predicate: RegExp, exact path, or a `:param` pattern where each
 * `:name` matches one segment (`/channels/:id/messages`).
 */
export function pathMatcher(filter: string | RegExp): (path: string) => boolean {
	if (filter instanceof RegExp) return (path) => filter.test(path);
	if (!filter.includes(':')) return (path) => path === filter;
	const source = filter
		.split('/')
		.map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('/');
	const regex = new RegExp(`^${source}$`);
	return (path) => regex.test(path);
}
