import type { Image } from '@napi-rs/canvas';
import { loadImage } from './canvas';
import { TtlCache } from '#shared/utils/cache';

/** Decoded avatars by URL: Discord avatar URLs change when the avatar changes, so the URL is a safe key. */
const avatars = new TtlCache<string, Image>({ ttlMs: 30 * 60_000, maxSize: 256 });
/** URLs that failed recently, so a broken CDN costs one timeout per minute rather than one per card. */
const failures = new TtlCache<string, true>({ ttlMs: 60_000, maxSize: 256 });
const inFlight = new Map<string, Promise<Image | null>>();

export const AVATAR_TIMEOUT_MS = 1_500;

/**
 * The avatar at `url`, decoded, or null (no URL, timeout, HTTP error, undecodable bytes); the card then draws
 * initials. Never throws and never logs: a missing avatar is not worth a line in the log.
 */
export function loadAvatar(url: string | null | undefined, timeoutMs = AVATAR_TIMEOUT_MS): Promise<Image | null> {
	if (!url) return Promise.resolve(null);
	const cached = avatars.get(url);
	if (cached) return Promise.resolve(cached);
	if (failures.has(url)) return Promise.resolve(null);
	const pending = inFlight.get(url);
	if (pending) return pending;
	const load = fetchAvatar(url, timeoutMs).finally(() => inFlight.delete(url));
	inFlight.set(url, load);
	return load;
}

async function fetchAvatar(url: string, timeoutMs: number): Promise<Image | null> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		const image = await loadImage(Buffer.from(await response.arrayBuffer()));
		avatars.set(url, image);
		return image;
	} catch {
		failures.set(url, true);
		return null;
	}
}

/** For tests and benchmarks: forget every cached avatar. */
export function clearAvatarCache(): void {
	avatars.clear();
	failures.clear();
}
