import type { Message, MessageCreateOptions, MessageEditOptions } from 'discord.js';
import { MESSAGE_LIMIT, splitAnswer } from './split';

/**
 * Nobody is ever pinged by an AI message: not the member it answers, not a user, role, @everyone or @here the model
 * writes. Sent on every create and every edit.
 */
export const NO_MENTIONS = Object.freeze({ parse: [], repliedUser: false }) as { parse: []; repliedUser: false };

/** Shown at the end of an answer while it is still being written. */
export const WRITING_MARK = ' ▌';
/** How often the typing indicator is renewed while Tika waits (Discord shows it for about 10 s). */
const TYPING_EVERY_MS = 8_000;
/**
 * The indicator starts only when the model has not answered by then: a fast answer would make it flash for a moment
 * and cost a REST call for nothing (bench/ai-chat).
 */
export const TYPING_AFTER_MS = 250;

export interface WriterOptions {
	/** Least time between two writes to Discord (edits of the growing answer), in ms. */
	readonly intervalMs: number;
	/** Whether a text may be shown (the guild's word filter); false withholds the answer. */
	readonly allowed: (text: string) => boolean | Promise<boolean>;
	/** Called once when the filter withheld the answer (the request is aborted: no point paying for the rest). */
	readonly onBlocked: () => void;
	/** What she says instead of a withheld answer. */
	readonly withheld: () => string;
	/** Each message of the answer as soon as it exists (a reply to it must reach her at once). */
	readonly onSent?: (message: Message) => void;
	/** A new part is being sent: `sent` settles once it is (after `onSent`), or once sending failed. */
	readonly onSending?: (sent: Promise<unknown>) => void;
	readonly onError: (what: string, error: unknown) => void;
	readonly now?: () => number;
}

/** How an answer ended, as the writer shows it. */
export type Ending =
	| { readonly kind: 'complete' }
	/** Stopped early: `marker` (small text, "cut off ...") goes under what was shown. */
	| { readonly kind: 'cut'; readonly marker: string }
	/** Nothing (or nothing usable) was shown: `line` replaces it. */
	| { readonly kind: 'replace'; readonly line: string };

/**
 * Writes one streamed answer to Discord: the typing indicator while waiting, a reply at the first words, then edits
 * at most once per `intervalMs` (the final one too), split into several messages past 2,000 characters (each part a
 * reply to the one before). Every text is checked against the word filter before it is shown, so a filtered word
 * never appears, not even for a second.
 */
export class AnswerWriter {
	readonly #trigger: Message;
	readonly #options: WriterOptions;
	readonly #now: () => number;
	readonly #sent: Message[] = [];
	readonly #contents: string[] = [];
	#text = '';
	#lastWrite = 0;
	#timer: NodeJS.Timeout | null = null;
	/** The timer that starts the indicator, then the one that renews it. */
	#typing: NodeJS.Timeout | null = null;
	#writing: Promise<void> = Promise.resolve();
	#closed = false;
	#blocked = false;
	/** A flush is running: the next one is scheduled when it ends, from the time of its last write. */
	#flushing = false;
	/** The visible text the last flush wrote (or found empty). */
	#flushed = '';

	public constructor(trigger: Message, options: WriterOptions) {
		this.#trigger = trigger;
		this.#options = options;
		this.#now = options.now ?? Date.now;
	}

	/** Whether the word filter withheld the answer. */
	public get blocked(): boolean {
		return this.#blocked;
	}

	/** The messages the answer is in (first part first). */
	public get messages(): readonly Message[] {
		return this.#sent;
	}

	/** The answer as shown (thinking removed, no marks). */
	public get shown(): string {
		return visible(this.#text);
	}

	public startTyping(): void {
		const channel = this.#trigger.channel;
		if (!('sendTyping' in channel)) return;
		const type = () => void channel.sendTyping().catch((error: unknown) => this.#options.onError('show the typing indicator', error));
		this.#typing = setTimeout(() => {
			if (this.#closed || this.#sent.length > 0) return;
			type();
			this.#typing = setInterval(type, TYPING_EVERY_MS);
			this.#typing.unref();
		}, TYPING_AFTER_MS);
		this.#typing.unref();
	}

	public push(piece: string): void {
		if (this.#closed || this.#blocked) return;
		this.#text += piece;
		this.#schedule();
	}

	/** Writes the ending (waiting out the interval since the last write) and stops; resolves when Discord has it. */
	public async finish(ending: Ending): Promise<void> {
		this.#closed = true;
		this.#stopTyping();
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		await this.#writing;
		if (this.#blocked) return this.#replace(this.#options.withheld());
		if (ending.kind === 'replace') return this.#replace(ending.line);
		let text = visible(this.#text);
		if (!text) return;
		if (!(await this.#check(text))) return this.#replace(this.#options.withheld());
		if (ending.kind === 'cut') text = `${text}\n\n-# ✂️ ${ending.marker}`;
		const parts = splitAnswer(text);
		await this.#wait();
		await this.#sync(parts);
	}

	/** Stops without writing anything more (shutdown after the ending could not be written). */
	public stop(): void {
		this.#closed = true;
		this.#stopTyping();
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	#schedule(): void {
		if (this.#timer || this.#closed || this.#flushing) return;
		const delay = this.#sent.length === 0 ? 0 : Math.max(0, this.#lastWrite + this.#options.intervalMs - this.#now());
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.#flushing = true;
			this.#writing = this.#writing
				.then(() => this.#flush())
				.finally(() => {
					this.#flushing = false;
					if (visible(this.#text) !== this.#flushed && !this.#closed) this.#schedule();
				});
		}, delay);
		this.#timer.unref();
	}

	async #flush(): Promise<void> {
		if (this.#closed || this.#blocked) return;
		const text = visible(this.#text);
		this.#flushed = text;
		if (!text) return;
		if (!(await this.#check(text))) return;
		if (this.#closed) return;
		const parts = splitAnswer(text);
		const last = parts.length - 1;
		// The writing mark only where it fits: a part at the limit goes out without it.
		if (parts[last]!.length + WRITING_MARK.length <= MESSAGE_LIMIT) parts[last] += WRITING_MARK;
		await this.#sync(parts);
	}

	async #check(text: string): Promise<boolean> {
		let allowed: boolean;
		try {
			allowed = await this.#options.allowed(text);
		} catch (error) {
			// Unable to check: withhold rather than risk showing what the server filters.
			this.#options.onError('check the answer against the word filter', error);
			allowed = false;
		}
		if (!allowed && !this.#blocked) {
			this.#blocked = true;
			this.#options.onBlocked();
		}
		return allowed;
	}

	/** Makes the sent messages show `parts`: edits what changed, sends what is new, deletes what is left over. */
	async #sync(parts: readonly string[]): Promise<void> {
		let wrote = false;
		for (let index = 0; index < parts.length; index++) {
			const content = parts[index]!;
			if (index < this.#sent.length) {
				if (this.#contents[index] === content) continue;
				const edited = await this.#edit(this.#sent[index]!, content);
				if (edited) this.#contents[index] = content;
				wrote = true;
				continue;
			}
			const previous = this.#sent[index - 1] ?? this.#trigger;
			const options: MessageCreateOptions = { content, allowedMentions: NO_MENTIONS };
			try {
				const sending = previous.reply({ ...options, failIfNotExists: false }).then((message) => {
					this.#sent.push(message);
					this.#options.onSent?.(message);
					this.#contents.push(content);
				});
				this.#options.onSending?.(sending);
				await sending;
				wrote = true;
			} catch (error) {
				this.#options.onError('send the answer', error);
				break;
			}
			if (index === 0) this.#stopTyping();
		}
		for (const extra of this.#sent.splice(parts.length)) {
			this.#contents.splice(parts.length);
			await extra.delete().catch((error: unknown) => this.#options.onError('delete a left-over part', error));
			wrote = true;
		}
		if (wrote) this.#lastWrite = this.#now();
	}

	async #edit(message: Message, content: string): Promise<boolean> {
		const options: MessageEditOptions = { content, allowedMentions: NO_MENTIONS };
		try {
			await message.edit(options);
			return true;
		} catch (error) {
			this.#options.onError('edit the answer', error);
			return false;
		}
	}

	/** Replaces the whole answer with one line (or removes it when `line` is empty). */
	async #replace(line: string): Promise<void> {
		await this.#wait();
		await this.#sync(line ? [line] : []);
	}

	/** Waits until another write is allowed. */
	async #wait(): Promise<void> {
		if (this.#sent.length === 0) return;
		const delay = this.#lastWrite + this.#options.intervalMs - this.#now();
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
	}

	#stopTyping(): void {
		// clearTimeout and clearInterval are interchangeable in Node.
		if (this.#typing) clearTimeout(this.#typing);
		this.#typing = null;
	}
}

/**
 * The answer as members see it: reasoning models' `<think>...</think>` (DeepSeek-R1, QwQ on Ollama or llama.cpp) is
 * not part of the answer, and an unfinished one hides everything after it until it closes.
 */
export function visible(text: string): string {
	return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, '').trim();
}
