import type * as OpenAIModule from 'openai';
import { StreamCutError, StreamIdleTimeoutError } from './provider';

/** What went wrong with a request, in the terms Tika answers in (one personality category each). */
export type FailureKind = 'auth' | 'model' | 'rate' | 'server' | 'timeout' | 'connection' | 'cut';

export interface Failure {
	readonly kind: FailureKind;
	/** The HTTP status, when the server answered with one. */
	readonly status: number | null;
	/** 429: how long the server asked us to wait (its Retry-After), else null. */
	readonly retryAfterMs: number | null;
	/** The text streamed before the failure (a half-finished answer to mark as cut off). */
	readonly partial: string;
	/** One line for the log: the SDK's message with the key scrubbed out. */
	readonly detail: string;
}

/**
 * Sorts an error from the openai client (or the stream) into a {@link FailureKind}, with the SDK's own classes:
 * 401/403 → auth, 404 → model (wrong model name, or a base URL without /v1), 429 → rate with its Retry-After,
 * 5xx and anything else from the server → server, a timeout before the first byte or a stalled stream → timeout,
 * no connection → connection, a stream that broke off → cut. `timing` is how long the request took against the
 * configured timeout.
 */
export function classify(
	error: unknown,
	sdk: typeof OpenAIModule,
	apiKey: string | undefined,
	timing: { elapsedMs: number; timeoutMs: number } | null = null
): Failure {
	const partial = typeof (error as { partial?: unknown })?.partial === 'string' ? (error as { partial: string }).partial : '';
	const detail = scrub(error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error), apiKey);
	const base = { status: null, retryAfterMs: null, partial, detail };
	if (error instanceof StreamIdleTimeoutError) return { ...base, kind: 'timeout' };
	if (error instanceof StreamCutError) return { ...base, kind: 'cut' };
	if (error instanceof sdk.APIConnectionTimeoutError) return { ...base, kind: 'timeout' };
	// The SDK tells its own timeout apart by the abort error's name, which some runtimes (a test sandbox's other
	// realm) do not carry through: a connection error that came only after the whole timeout is that timeout.
	if (error instanceof sdk.APIConnectionError) return { ...base, kind: timing && timing.elapsedMs >= timing.timeoutMs ? 'timeout' : 'connection' };
	if (error instanceof sdk.APIError) {
		const status = typeof error.status === 'number' ? error.status : null;
		const withStatus = { ...base, status };
		if (error instanceof sdk.AuthenticationError || error instanceof sdk.PermissionDeniedError) return { ...withStatus, kind: 'auth' };
		if (error instanceof sdk.NotFoundError) return { ...withStatus, kind: 'model' };
		if (error instanceof sdk.RateLimitError) return { ...withStatus, kind: 'rate', retryAfterMs: retryAfter(error.headers) };
		return { ...withStatus, kind: 'server' };
	}
	return { ...base, kind: 'connection' };
}

/** Retry-After (seconds or an HTTP date) or OpenAI's retry-after-ms, in milliseconds; null when absent or unreadable. */
export function retryAfter(headers: Headers | undefined | null, now = Date.now()): number | null {
	const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
	if (Number.isFinite(ms) && ms >= 0) return ms;
	const raw = headers?.get('retry-after');
	if (!raw) return null;
	const seconds = Number.parseFloat(raw);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(raw);
	return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Removes the key (and bearer tokens) from text bound for a log: some servers echo what they were sent. */
export function scrub(text: string, apiKey: string | undefined): string {
	let out = text;
	if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[key]');
	return out.replace(/\b(Bearer\s+)\S+/gi, '$1[key]').replace(/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-[key]');
}
