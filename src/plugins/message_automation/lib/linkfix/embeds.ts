import { recognise } from './sites';

/** The fields of a Discord embed that say which page it shows. */
export interface EmbedLike {
	readonly url?: string | null;
}

/**
 * The post keys (see `SitePost.key`) of the pages Discord embedded: an embed whose address is a post link of a known
 * site shows that post, whatever spelling (x.com or twitter.com, www. or not) the member used.
 */
export function embeddedKeys(embeds: readonly EmbedLike[]): Set<string> {
	const keys = new Set<string>();
	for (const embed of embeds) {
		if (!embed.url) continue;
		let url: URL;
		try {
			url = new URL(embed.url);
		} catch {
			continue;
		}
		const post = recognise(url);
		if (post) keys.add(post.key);
	}
	return keys;
}

/**
 * "Fix only links Discord failed to embed": Discord unfurls links a moment after the message arrives and says so with
 * a MESSAGE_UPDATE carrying the embeds (no edit timestamp). The handler waits for that update, up to a deadline, and
 * then fixes only the links still without an embed.
 *
 * One waiter per message. `notify` is called by the MESSAGE_UPDATE listener with the message's current embeds; the
 * wait ends early once every awaited post has its embed. `cancel` ends it when the message is deleted (resolves null).
 */
export class EmbedWaiter {
	readonly #waits = new Map<
		string,
		{ keys: readonly string[]; finish: (embeds: readonly EmbedLike[] | null) => void; latest: readonly EmbedLike[] }
	>();

	public get pending(): number {
		return this.#waits.size;
	}

	public isWaiting(messageId: string): boolean {
		return this.#waits.has(messageId);
	}

	/**
	 * Resolves with the message's embeds once all `keys` are embedded or `timeoutMs` passed (the embeds known by then),
	 * or null when the wait was cancelled.
	 */
	public wait(messageId: string, keys: readonly string[], current: readonly EmbedLike[], timeoutMs: number): Promise<readonly EmbedLike[] | null> {
		if (timeoutMs <= 0 || covers(current, keys)) return Promise.resolve(current);
		this.#waits.get(messageId)?.finish(null);
		return new Promise((resolve) => {
			const timer = setTimeout(() => entry.finish(entry.latest), timeoutMs);
			timer.unref?.();
			const entry = {
				keys,
				latest: current,
				finish: (embeds: readonly EmbedLike[] | null) => {
					clearTimeout(timer);
					if (this.#waits.get(messageId) === entry) this.#waits.delete(messageId);
					resolve(embeds);
				}
			};
			this.#waits.set(messageId, entry);
		});
	}

	/** A MESSAGE_UPDATE for a message: records its embeds and ends the wait when they cover every awaited post. */
	public notify(messageId: string, embeds: readonly EmbedLike[]): void {
		const entry = this.#waits.get(messageId);
		if (!entry) return;
		entry.latest = embeds;
		if (covers(embeds, entry.keys)) entry.finish(embeds);
	}

	public cancel(messageId: string): void {
		this.#waits.get(messageId)?.finish(null);
	}

	/** Ends every wait (shutdown): nothing more is posted for them. */
	public cancelAll(): void {
		for (const entry of [...this.#waits.values()]) entry.finish(null);
	}
}

function covers(embeds: readonly EmbedLike[], keys: readonly string[]): boolean {
	if (embeds.length === 0) return keys.length === 0;
	const embedded = embeddedKeys(embeds);
	return keys.every((key) => embedded.has(key));
}
