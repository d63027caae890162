import { container } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { createErrorId } from '#core/replies/errorId';
import { pluginVoice } from '#shared/personality/plugins';
import type { SassLevel } from '#shared/personality/types';
import { channelLineage } from '#shared/utils/channels';
import plugin, { type AiChatConfig } from '../plugin';
import { classify, type Failure, type FailureKind } from './errors';
import { loadGuild, peekGuild } from './guild';
import { MemoryLimiter, type AiLimiter, type LimitDecision, type LimitReason } from './limiter';
import { fitToBudget, type Turn } from './memory';
import { RedisLimiter } from './redisLimiter';
import { buildMessages, labelled, type PromptMessage } from './prompt';
import { openai, streamCompletion, type CompletionResult } from './provider';
import { apiKey, settings, setupProblem } from './setup';
import { ConversationMemory, isAnswer, Ledger, usageOfDay } from './store';
import { countTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens';
import { AnswerWriter, NO_MENTIONS, type Ending } from './writer';

const voice = pluginVoice(plugin);

/** Why Tika answers a message. */
export type TriggerKind = 'mention' | 'reply' | 'channel' | 'thread';

/** Messages waiting while a conversation's answer is being written; older ones beyond this are dropped. */
export const MAX_PENDING = 10;
/** Remembered answer ids, so a reply to a recent answer needs no database look-up. */
const RECENT_ANSWERS = 5_000;
/** Largest picture passed to a vision model, in bytes. */
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

const FAILURE_CATEGORY: Record<FailureKind, Parameters<typeof voice.respond>[0]> = {
	auth: 'ai_error_auth',
	model: 'ai_error_model',
	rate: 'ai_error_rate',
	server: 'ai_error_server',
	timeout: 'ai_error_timeout',
	connection: 'ai_error_connection',
	cut: 'ai_error_connection'
};

const LIMIT_CATEGORY: Record<LimitReason, Parameters<typeof voice.respond>[0]> = {
	member_rate: 'ai_slow_down',
	guild_rate: 'ai_guild_busy',
	member_budget: 'ai_member_budget',
	guild_budget: 'ai_guild_budget'
};

interface Conversation {
	readonly pending: Message<true>[];
}

interface Flight {
	readonly controller: AbortController;
	readonly done: Promise<unknown>;
}

/**
 * Tika's AI conversations in this process: who may talk to her (limits and budgets), one answer per conversation at
 * a time, memory, the request and how its answer or failure is shown.
 *
 * **One request per conversation in flight; later messages are folded in.** While an answer is being written in a
 * channel (or thread), further messages for Tika there are queued, and when the answer is done they go to the model
 * together, as one request answered once (replying to the newest). Five quick questions cost one request, not five,
 * and the answers never interleave. At most {@link MAX_PENDING} wait; older ones are dropped from the queue (they stay
 * in nobody's memory, so they cost nothing).
 */
export class AiChat {
	public readonly memory: ConversationMemory;
	public readonly limiter: AiLimiter;
	/** Usage and answer ids, written in batches. */
	public readonly ledger = new Ledger();
	readonly #conversations = new Map<string, Conversation>();
	readonly #flights = new Set<Flight>();
	readonly #answers = new Set<string>();
	/** When a member was last told about a limit: `${guild}:${user}:${reason}` → until when they are not told again. */
	readonly #noticed = new Map<string, number>();
	/** The provider's Retry-After: no request before this time. */
	#pausedUntil = 0;
	#closing = false;
	#warnedSetup = false;

	public constructor(limiter?: AiLimiter) {
		this.memory = new ConversationMemory(() => {
			const { memory } = settings();
			return { budget: memory.max_tokens, persist: memory.persist, maxConversations: memory.max_conversations };
		});
		const limits = () => {
			const { limits } = settings();
			return {
				windowMs: limits.window_seconds * 1000,
				memberRequests: limits.member_requests,
				guildRequests: limits.guild_requests,
				memberDailyTokens: limits.member_daily_tokens,
				guildDailyTokens: limits.guild_daily_tokens
			};
		};
		const memory = new MemoryLimiter(limits, usageOfDay);
		// With REDIS_URL every shard counts in the same windows and budgets; the memory limiter stands in while Redis is away.
		const shared = container.sharedState;
		this.limiter = limiter ?? (shared ? new RedisLimiter(shared, limits, usageOfDay, memory) : memory);
	}

	/**
	 * Whether `messageId` is one of Tika's AI answers (a reply to it talks to her). Discord shows an answer a moment
	 * before its id reaches Tika: while answers are being posted, a reply to one of them waits for their ids.
	 */
	public isAnswer(messageId: string): boolean | Promise<boolean> {
		if (this.#answers.has(messageId)) return true;
		if (this.#posting.size === 0) return isAnswer(messageId);
		return Promise.all([...this.#posting]).then(() => this.#answers.has(messageId) || isAnswer(messageId));
	}

	/** Answers being posted right now (settled once their ids are remembered, or their post failed). */
	readonly #posting = new Set<Promise<void>>();

	#track(sending: Promise<unknown>): void {
		const settled = sending.then(
			() => undefined,
			() => undefined
		);
		this.#posting.add(settled);
		void settled.then(() => this.#posting.delete(settled));
	}

	/** A message for Tika: checked against the limits, then answered (or folded into the answer being written). */
	public async receive(message: Message<true>, kind: TriggerKind): Promise<void> {
		if (this.#closing) return;
		const problem = setupProblem();
		if (problem) {
			if (!this.#warnedSetup) container.logger.warn(`[ai_chat] Not answering: ${problem}`);
			this.#warnedSetup = true;
			return;
		}
		const now = Date.now();
		if (now < this.#pausedUntil) {
			const seconds = Math.ceil((this.#pausedUntil - now) / 1000);
			await this.#say(
				message,
				voice.respond('ai_error_rate', { userId: message.author.id, sassLevel: await this.#sass(message), vars: { seconds } })
			);
			return;
		}
		const decision = await this.limiter.take(message.guildId, message.author.id, now);
		if (!decision.allowed) return this.#refuse(message, decision, now);

		const conversationId = message.channelId;
		const running = this.#conversations.get(conversationId);
		if (running) {
			running.pending.push(message);
			if (running.pending.length > MAX_PENDING) running.pending.shift();
			return;
		}
		const conversation: Conversation = { pending: [] };
		this.#conversations.set(conversationId, conversation);
		try {
			let batch: Message<true>[] = [message];
			while (batch.length && !this.#closing) {
				await this.#answer(batch, kind);
				batch = conversation.pending.splice(0);
			}
		} finally {
			this.#conversations.delete(conversationId);
		}
	}

	/** Aborts every answer being written (their messages are marked cut off) and waits for them to be written. */
	public async close(): Promise<void> {
		this.#closing = true;
		for (const flight of this.#flights) flight.controller.abort();
		await Promise.allSettled([...this.#flights].map((flight) => flight.done));
		await this.ledger.flush();
	}

	/** Forgets the in-process state (tests, a reload). */
	public reset(): void {
		this.memory.reset();
		this.limiter.clear();
		this.#answers.clear();
		this.#noticed.clear();
		this.#pausedUntil = 0;
		this.#closing = false;
		this.#warnedSetup = false;
	}

	async #answer(batch: readonly Message<true>[], kind: TriggerKind): Promise<void> {
		const last = batch[batch.length - 1]!;
		const { guildId, channelId } = last;
		const config = settings();
		const key = apiKey()!;
		const generation = this.memory.generation(channelId);
		const [guild, sassLevel, history] = await Promise.all([
			peekGuild(guildId) ?? loadGuild(guildId),
			this.#sass(last),
			this.memory.get(channelId)
		]);
		const turns = batch.map((message) => userTurn(message));
		await this.memory.append(guildId, channelId, turns, generation);
		const images = config.vision ? await imagesOf(batch, config.max_images) : [];
		const channel = last.channel;
		const messages = buildMessages({
			botName: container.client.user?.displayName ?? 'Tika',
			sassLevel,
			persona: guild.persona,
			guildName: last.guild.name,
			channelName: 'name' in channel && channel.name ? channel.name : 'chat',
			topic: kind === 'thread' && channel.isThread() ? channel.name : null,
			memory: fitToBudget([...history, ...turns], config.memory.max_tokens),
			images,
			now: new Date()
		});

		const controller = new AbortController();
		const lineage = channelLineage(channel);
		const writer = new AnswerWriter(last, {
			intervalMs: config.stream_edit_interval_ms,
			allowed: (text) => allowedByFilter(guildId, lineage, text),
			onBlocked: () => controller.abort(),
			withheld: () => voice.respond('ai_filtered', { userId: last.author.id, sassLevel }),
			onSent: (message) => {
				this.#remember(message.id);
				this.ledger.answer(guildId, channelId, [message.id]);
			},
			onSending: (sending) => this.#track(sending),
			onError: (what, error) =>
				container.logger.warn(`[ai_chat] Could not ${what} in channel ${channelId} (guild ${guildId}): ${describe(error)}`)
		});
		let resolveDone!: () => void;
		const flight: Flight = { controller, done: new Promise<void>((resolve) => (resolveDone = resolve)) };
		this.#flights.add(flight);
		try {
			writer.startTyping();
			let result: CompletionResult | null = null;
			let failure: Failure | null = null;
			const started = Date.now();
			try {
				result = await streamCompletion({ config, apiKey: key, messages, onDelta: (piece) => writer.push(piece), signal: controller.signal });
			} catch (error) {
				failure = classify(error, openai(), key, { elapsedMs: Date.now() - started, timeoutMs: config.timeout_ms });
			}
			// Billed before the last edit: once a member can read the answer, their next message already sees the spend.
			await this.#bill(last, messages, result, failure);
			const ending = this.#ending(last, sassLevel, writer, result, failure);
			await writer.finish(ending);
			if (writer.blocked) container.logger.info(`[ai_chat] The word filter withheld an answer in channel ${channelId} (guild ${guildId}).`);

			const shown = writer.blocked ? '' : writer.shown;
			if (shown && ending.kind !== 'replace')
				await this.memory.append(guildId, channelId, [assistantTurn(ending.kind === 'cut' ? `${shown} [cut off]` : shown)], generation);
		} finally {
			writer.stop();
			this.#flights.delete(flight);
			resolveDone();
		}
	}

	/** How the answer ends: complete, marked cut off, or replaced by an in-character line (errors, filter, nothing). */
	#ending(message: Message<true>, sassLevel: SassLevel, writer: AnswerWriter, result: CompletionResult | null, failure: Failure | null): Ending {
		const userId = message.author.id;
		const say = (category: Parameters<typeof voice.respond>[0], vars: Record<string, string | number> = {}) =>
			voice.respond(category, { userId, sassLevel, vars });
		const partial = writer.messages.length > 0 && writer.shown !== '';
		if (failure) {
			const id = createErrorId();
			const where = `guild ${message.guildId}, channel ${message.channelId}, message ${message.id}`;
			const retry = failure.retryAfterMs === null ? '' : `, Retry-After ${Math.ceil(failure.retryAfterMs / 1000)}s`;
			container.logger.error(
				`[error ${id}] [ai_chat] ${failure.kind}${failure.status === null ? '' : ` (HTTP ${failure.status}${retry})`}: ${failure.detail} (${where}${partial ? ', answer cut off' : ''})`
			);
			if (failure.kind === 'rate' && failure.retryAfterMs !== null)
				this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + failure.retryAfterMs);
			const tag = `(error \`${id}\`)`;
			if (partial) return { kind: 'cut', marker: `${say('ai_cut_off')} ${tag}` };
			const vars: Record<string, number> =
				failure.retryAfterMs === null ? {} : { seconds: Math.max(1, Math.ceil(failure.retryAfterMs / 1000)) };
			return { kind: 'replace', line: `${say(FAILURE_CATEGORY[failure.kind], vars)} ${tag}` };
		}
		if (result?.aborted) return partial ? { kind: 'cut', marker: say('ai_cut_off') } : { kind: 'replace', line: '' };
		if (!writer.shown) return { kind: 'replace', line: say('ai_error_empty') };
		// The model reached max_output_tokens: the answer stops mid-way, and says so.
		if (result?.finishReason === 'length') return { kind: 'cut', marker: say('ai_cut_off') };
		return { kind: 'complete' };
	}

	/** Charges the answer to the member it answers: the server's own count when it sent one, else the tokenizer's. */
	async #bill(message: Message<true>, messages: readonly PromptMessage[], result: CompletionResult | null, failure: Failure | null): Promise<void> {
		let prompt = 0;
		let completion = 0;
		if (result?.usage) ({ prompt, completion } = result.usage);
		else if (result || failure?.partial) {
			prompt = messages.reduce((sum, entry) => sum + countTokens(textOf(entry)) + MESSAGE_OVERHEAD_TOKENS, 0);
			completion = countTokens(result?.text ?? failure?.partial ?? '');
		}
		if (prompt + completion === 0) return;
		await this.limiter.spend(message.guildId, message.author.id, prompt + completion);
		this.ledger.usage(message.guildId, message.author.id, prompt, completion);
	}

	/**
	 * Tells the member why Tika is not answering, once per limit until it lifts: in a listed channel she would
	 * otherwise answer every further message with another "slow down".
	 */
	async #refuse(message: Message<true>, decision: Extract<LimitDecision, { allowed: false }>, now: number): Promise<void> {
		const key = `${message.guildId}:${message.author.id}:${decision.reason}`;
		if ((this.#noticed.get(key) ?? 0) > now) return;
		this.#noticed.set(key, now + decision.retryAfterMs);
		for (const [entry, until] of this.#noticed) if (until <= now) this.#noticed.delete(entry);
		const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
		const when = `<t:${Math.floor((now + decision.retryAfterMs) / 1000)}:R>`;
		const line = voice.respond(LIMIT_CATEGORY[decision.reason], {
			userId: message.author.id,
			sassLevel: await this.#sass(message),
			vars: { seconds, when }
		});
		await this.#say(message, line);
	}

	async #say(message: Message<true>, content: string): Promise<void> {
		await message
			.reply({ content, allowedMentions: NO_MENTIONS, failIfNotExists: false })
			.catch((error: unknown) => container.logger.warn(`[ai_chat] Could not answer message ${message.id}: ${describe(error)}`));
	}

	async #sass(message: Message<true>): Promise<SassLevel> {
		return container.settings.sassLevel(message.guildId);
	}

	#remember(messageId: string): void {
		this.#answers.add(messageId);
		if (this.#answers.size > RECENT_ANSWERS) this.#answers.delete(this.#answers.values().next().value!);
	}
}

/** A member's message as the model reads it: their display name, and mentions written as names rather than ids. */
export function userTurn(message: Message<true>): Turn {
	const botId = container.client.user?.id;
	let content = message.content;
	if (botId) content = content.replace(new RegExp(`^\\s*<@!?${botId}>\\s*`), '');
	content = content
		.replace(/<@!?(\d{17,20})>/g, (whole, id: string) => {
			const name = message.mentions.members?.get(id)?.displayName ?? message.mentions.users.get(id)?.displayName;
			return name ? `@${name}` : whole;
		})
		.replace(/<@&(\d{17,20})>/g, (whole, id: string) => {
			const role = message.mentions.roles.get(id);
			return role ? `@${role.name}` : whole;
		})
		.replace(/<#(\d{17,20})>/g, (whole, id: string) => {
			const channel = message.guild.channels.cache.get(id);
			return channel ? `#${channel.name}` : whole;
		});
	const files = [...message.attachments.values()].map((attachment) => `[attached: ${attachment.name}]`);
	if (files.length) content = [content, ...files].filter(Boolean).join('\n');
	const name = message.member?.displayName ?? message.author.displayName;
	const turn = { role: 'user' as const, name, authorId: message.author.id, content };
	return { ...turn, tokens: countTokens(labelled(turn)) + MESSAGE_OVERHEAD_TOKENS };
}

function assistantTurn(content: string): Turn {
	return { role: 'assistant', content, tokens: countTokens(content) + MESSAGE_OVERHEAD_TOKENS };
}

function textOf(message: PromptMessage): string {
	if (typeof message.content === 'string') return message.content;
	return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/**
 * The pictures of the messages, newest first up to `max`, as data URLs: every OpenAI-compatible server takes those
 * (Ollama and llama.cpp do not fetch remote URLs), and Discord's signed links would expire in a stored request.
 */
async function imagesOf(batch: readonly Message<true>[], max: number): Promise<string[]> {
	if (max === 0) return [];
	const pictures = batch
		.flatMap((message) => [...message.attachments.values()])
		.filter((attachment) => attachment.contentType?.startsWith('image/') && attachment.size <= MAX_IMAGE_BYTES)
		.slice(-max);
	const urls: string[] = [];
	for (const picture of pictures) {
		try {
			const response = await fetch(picture.url, { signal: AbortSignal.timeout(10_000) });
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const bytes = Buffer.from(await response.arrayBuffer());
			urls.push(`data:${picture.contentType!.split(';')[0]};base64,${bytes.toString('base64')}`);
		} catch (error) {
			container.logger.warn(`[ai_chat] Could not fetch attachment ${picture.id} for the model: ${describe(error)}`);
		}
	}
	return urls;
}

/** Whether the guild's word filter lets `text` through (moderation installed and on in the guild, else always). */
async function allowedByFilter(guildId: string, lineage: readonly string[], text: string): Promise<boolean> {
	const filter = container.services.get('wordfilter');
	if (!filter || !(await container.features.isEnabled(guildId, 'moderation'))) return true;
	return (await filter.check(guildId, text, lineage)) === null;
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** The process's one AiChat (pieces may be loaded through several module registries; see docs/plugins.md). */
export function aiChat(): AiChat {
	const store = globalThis as unknown as Record<symbol, AiChat | undefined>;
	return (store[Symbol.for('tika.ai_chat.runtime')] ??= new AiChat());
}

export type { AiChatConfig };
