import type { AiChat } from './chat';

/**
 * What the plugin holds (its manifest's `memory` hook): the conversations remembered in this process. Reads the
 * process's AiChat without creating one (nothing is reported before the first conversation), so asking loads nothing.
 */
export function aiChatMemory(): Record<string, number> {
	const chat = (globalThis as unknown as Record<symbol, AiChat | undefined>)[Symbol.for('tika.ai_chat.runtime')];
	return { conversations: chat?.memory.estimateBytes() ?? 0 };
}
