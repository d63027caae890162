/**
 * What the message benches send: `--messages N --rounds R` from the command line, made-up words that ordinary chat
 * never contains (so every matcher scans a message fully and finds nothing), a few lines of ordinary chat, and the
 * batched sending that keeps the double from waiting on itself.
 */
import type { DiscordDouble } from '../../src/playground/double';

/** `--messages` (default 20,000) and `--rounds` (default 3). */
export function benchArgs(): { messages: number; rounds: number } {
	const args = new Map<string, string>();
	for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
	return { messages: Number(args.get('messages') ?? 20_000), rounds: Number(args.get('rounds') ?? 3) };
}

/** A pronounceable non-word, distinct per seed: `<6 letters><marker><seed>`. */
export function fakeWord(seed: number, marker = 'x'): string {
	const consonants = 'bdfgkmnprtvz';
	const vowels = 'aeiou';
	let word = '';
	let value = seed * 7919 + 13;
	for (let i = 0; i < 3; i++) {
		word += consonants[value % consonants.length]! + vowels[Math.floor(value / 12) % vowels.length]!;
		value = Math.floor(value / 60) + i * 31 + seed;
	}
	return `${word}${marker}${seed}`;
}

export const CHAT: readonly string[] = [
	'hello there, how is everyone doing today?',
	'I just had lunch, the pasta was great',
	'anyone up for a game tonight? I can host',
	'lol that meme is amazing 😂',
	'did you see the new update? the patch notes are long',
	'brb walking the dog',
	'Can someone help me with my homework? It is about fractions',
	'gg wp, that last round was close',
	'The weather here is terrible, rain all week',
	'check out my new drawing in #art, took me 6 hours'
];

/** At most this many messages sent and not yet processed, when the sender paces itself (sendChatFrom's `processed`). */
export const BACKLOG = 200;

type Channel = Parameters<DiscordDouble['sendMessage']>[0]['channel'];
type Author = Parameters<DiscordDouble['sendMessage']>[0]['author'];

/** Sends `count` messages `line(i)` in batches of 500, each batch awaited. */
export function sendChat(double: DiscordDouble, channel: Channel, author: Author, count: number, line: (i: number) => string) {
	return sendChatFrom(double, channel, [author], count, line);
}

/** CHAT with its last line replaced by a link to a site Tika does not fix: one message in ten carries a link. */
export const CHAT_WITH_LINK: readonly string[] = [...CHAT.slice(0, 9), 'look at this https://example.com/articles/2026/weather-report?ref=home'];

/**
 * Like sendChat, message i from `authors[i % authors.length]`. Given `processed` (how many messages the receiver has
 * handled, from its `AT` lines), the sender paces itself: a batch waits until the receiver is at most BACKLOG messages
 * behind. Without it the double sends as fast as it can, and a receiver that starts slower (its JIT still warming up)
 * ran up to 4,000 messages behind in bench:router: how much unread chat a process holds then depends on the sender's
 * pace, which is not what a per-message CPU figure is about.
 */
export async function sendChatFrom(
	double: DiscordDouble,
	channel: Channel,
	authors: readonly Author[],
	count: number,
	line: (i: number) => string,
	processed?: () => number
) {
	// Paced, in batches small enough to keep within the backlog.
	const size = processed ? BACKLOG / 2 : 500;
	for (let sent = 0; sent < count; sent += size) {
		if (processed) await caughtUp(processed, sent - BACKLOG / 2);
		const batch = [];
		for (let i = sent; i < Math.min(count, sent + size); i++)
			batch.push(double.sendMessage({ channel, author: authors[i % authors.length]!, content: line(i) }));
		await Promise.all(batch);
	}
}

/** Waits until `processed()` reaches `target`; fails if it stops moving for a minute (a worker that died or dropped messages). */
async function caughtUp(processed: () => number, target: number): Promise<void> {
	let last = processed();
	let since = Date.now();
	while (processed() < target) {
		await new Promise((resolve) => setTimeout(resolve, 1));
		if (processed() !== last) [last, since] = [processed(), Date.now()];
		else if (Date.now() - since > 60_000) throw new Error(`the receiver stopped at ${last} messages (waiting for ${target})`);
	}
}
