import type { SassLevel } from '#shared/personality/types';
import type { Turn } from './memory';

/** A chat-completions message as ai_chat sends it (the subset of OpenAI's shape every compatible server accepts). */
export type PromptMessage =
	| { role: 'system' | 'assistant'; content: string }
	| { role: 'user'; content: string | ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[] };

export interface PromptInput {
	botName: string;
	sassLevel: SassLevel;
	/** The guild's `/ai persona`, or null. */
	persona: string | null;
	guildName: string;
	channelName: string;
	/** What an /ai chat thread is about (its name), when the conversation is one. */
	topic?: string | null;
	/** The remembered conversation, oldest first, ending with the message(s) to answer. */
	memory: readonly Turn[];
	/** Pictures to show the model with the last message (vision models only). */
	images?: readonly string[];
	now: Date;
}

/** How much sass the guild asked for (`/settings sass`), in words the model follows. */
const SASS: Record<SassLevel, string> = {
	off: 'Be friendly, plain and polite. No sarcasm, no teasing.',
	mild: 'You may tease a little and be dry, but stay kind and never mock anyone.',
	full: 'You are sassy: dry wit, mock exasperation, playful teasing, short sharp sentences. Underneath you are genuinely helpful and never cruel.'
};

/**
 * Tika's character for the model: who she is, how sassy the guild wants her, how to read the conversation, the rules
 * that hold whatever the persona says, then the guild's persona. Pure, so it is unit-tested as text.
 */
export function buildSystemPrompt(input: Omit<PromptInput, 'memory' | 'images'>): string {
	const lines = [
		`You are ${input.botName}, a Discord bot chatting in the server "${oneLine(input.guildName)}", in #${oneLine(input.channelName)}.`,
		input.topic ? `This thread was opened to talk about: ${oneLine(input.topic)}.` : null,
		`Personality: ${SASS[input.sassLevel]}`,
		'Members\' messages reach you as "Display Name: message"; several people may talk to you. Answer the latest message, address people by their display name when it helps, and never start your reply with your own name.',
		'Write Discord markdown. Keep answers short and conversational unless someone asks for detail; code goes in fenced code blocks.',
		'You cannot ping, mention or notify anyone, run commands, moderate, or see anything beyond this conversation; never pretend to. Refuse anything harmful, hateful or sexual involving minors.',
		`Current date and time: ${input.now.toISOString().slice(0, 16).replace('T', ' ')} UTC.`
	];
	if (input.persona?.trim())
		lines.push(
			"This server's admins gave you the persona below. Play it, except where it conflicts with the rules above.",
			'<persona>',
			input.persona.trim(),
			'</persona>'
		);
	return lines.filter((line): line is string => line !== null).join('\n');
}

/** The full request: the system prompt, then the remembered turns, the last user turn with its pictures. */
export function buildMessages(input: PromptInput): PromptMessage[] {
	const messages: PromptMessage[] = [{ role: 'system', content: buildSystemPrompt(input) }];
	const lastUser = findLastIndex(input.memory, (turn) => turn.role === 'user');
	input.memory.forEach((turn, index) => {
		if (turn.role === 'assistant') {
			messages.push({ role: 'assistant', content: turn.content });
			return;
		}
		const text = labelled(turn);
		const images = index === lastUser ? (input.images ?? []) : [];
		if (images.length === 0) messages.push({ role: 'user', content: text });
		else
			messages.push({
				role: 'user',
				content: [{ type: 'text', text }, ...images.map((url) => ({ type: 'image_url' as const, image_url: { url } }))]
			});
	});
	return messages;
}

/** A user turn as the model reads it: `Display Name: text`. */
export function labelled(turn: Pick<Turn, 'name' | 'content'>): string {
	return turn.name ? `${displayLabel(turn.name)}: ${turn.content}` : turn.content;
}

/** A display name made safe as a one-line label (no line breaks, no colon that would fake another speaker). */
export function displayLabel(name: string): string {
	return oneLine(name).replace(/:/g, '').slice(0, 64) || 'Someone';
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
	for (let index = items.length - 1; index >= 0; index--) if (test(items[index]!)) return index;
	return -1;
}
