import type { Image } from '@napi-rs/canvas';
import { loadImage } from './canvas';
import { TtlCache } from '#shared/utils/cache';

/**
 * Downloaded avatars (the encoded bytes) by URL: Discord avatar URLs change when the avatar changes, so the URL is a
 * safe key. Bytes rather than decoded images, because cards are drawn on the worker pool (./offThread.ts): the main
 * thread downloads, the worker decodes.
 */
const avatars = new TtlCache<string, Buffer>({ ttlMs: 30 * 60_000, maxSize: 256 });
/** URLs that failed recently, so a broken CDN costs one timeout per minute rather than one per card. */
const failures = new TtlCache<string, true>({ ttlMs: 60_000, maxSize: 256 });
const inFlight = new Map<string, Promise<Buffer | null>>();
/** Decoded avatars by URL, in the thread that draws (each worker thread has its own). */
const decoded = new TtlCache<string, Image>({ ttlMs: 30 * 60_000, maxSize: 64 });

export const AVATAR_TIMEOUT_MS = 1_500;

/** An avatar to draw: its URL (the cache key) and the downloaded bytes. Plain data, so it crosses to a worker thread. */
export interface AvatarBytes {
	url: string;
	bytes: Uint8Array;
}

/**
 * The avatar at `url`, downloaded, or null (no URL, timeout, HTTP error); the card then draws initials. Never throws
 * and never logs: a missing avatar is not worth a line in the log.
 */
export async function loadAvatarBytes(url: string | null | undefined, timeoutMs = AVATAR_TIMEOUT_MS): Promise<AvatarBytes | null> {
	if (!url) return null;
	let bytes = avatars.get(url);
	if (!bytes && !failures.has(url)) {
		let pending = inFlight.get(url);
		if (!pending) {
			pending = fetchAvatar(url, timeoutMs).finally(() => inFlight.delete(url));
			inFlight.set(url, pending);
		}
		bytes = (await pending) ?? undefined;
	}
	return bytes ? { url, bytes } : null;
}

/** The avatar decoded, or null when there is none or its bytes are not an image (initials are drawn instead). */
export async function decodeAvatar(avatar: AvatarBytes | null): Promise<Image | null> {
	if (!avatar) return null;
	const cached = decoded.get(avatar.url);
	if (cached) return cached;
	try {
		const image = await loadImage(Buffer.from(avatar.bytes.buffer, avatar.bytes.byteOffset, avatar.bytes.byteLength));
		decoded.set(avatar.url, image);
		return image;
	} catch {
		return null;
	}
}

/** Downloaded and decoded here, for images drawn on the calling thread; null as for {@link loadAvatarBytes}. */
export async function loadAvatar(url: string | null | undefined, timeoutMs = AVATAR_TIMEOUT_MS): Promise<Image | null> {
	const image = await decodeAvatar(await loadAvatarBytes(url, timeoutMs));
	// Undecodable bytes are a failure too: not fetched again for a minute.
	if (url && !image && avatars.delete(url)) failures.set(url, true);
	return image;
}

async function fetchAvatar(url: string, timeoutMs: number): Promise<Buffer | null> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		const bytes = Buffer.from(await response.arrayBuffer());
		avatars.set(url, bytes);
		return bytes;
	} catch {
		failures.set(url, true);
		return null;
	}
}

/** For tests and benchmarks: forget every cached avatar (in this thread). */
export function clearAvatarCache(): void {
	avatars.clear();
	failures.clear();
	decoded.clear();
}
