import type * as Tokenizer from 'gpt-tokenizer/encoding/cl100k_base';

/**
 * Token counts for the memory budget, from gpt-tokenizer's cl100k_base encoding. Providers tokenise differently (and a
 * local Llama differently again), so this is a close estimate rather than the bill; the bill comes from the server's
 * own `usage` when it sends one. cl100k loads in about half the time of o200k (~0.2 s against ~0.4 s here) for counts
 * within a few percent on chat text.
 *
 * Loaded on first use, not at start-up: a bot with ai_chat off never pays for it.
 */
let tokenizer: typeof Tokenizer | null = null;

function load(): typeof Tokenizer {
	tokenizer ??= require('gpt-tokenizer/encoding/cl100k_base') as typeof Tokenizer;
	return tokenizer;
}

/** Per-message framing the chat format adds around each message's text (role, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function countTokens(text: string): number {
	if (text.length === 0) return 0;
	return load().countTokens(text);
}

/** Whether the tokenizer is loaded (the start-up bench checks it is not). */
export function tokenizerLoaded(): boolean {
	return tokenizer !== null;
}
