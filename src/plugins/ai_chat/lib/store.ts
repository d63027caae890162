import { container } from '@sapphire/framework';
import { arrayBytes, MAP_ENTRY_BYTES, objectBytes, stringBytes } from '#core/stats/memory';
import { fitToBudget, type Turn } from './memory';
import { utcDay } from './limiter';

export interface MemorySettings {
	/** Token budget of the remembered conversation. */
	readonly budget: number;
	/** Whether turns are written to the database (and reloaded after a restart). */
	readonly persist: boolean;
	/** Conversations kept in this process at once. */
	readonly maxConversations: number;
}

/** Rows read back after a restart: far more than any token budget holds, so the budget decides. */
const LOAD_LIMIT = 400;

/**
 * Per-conversation memory: the newest turns within the token budget. Kept in this process (least recently used
 * conversations dropped past `maxConversations`); with `persist`, every turn is also written to AiChatTurn and a
 * conversation this process does not hold is read back from there, so a restart forgets nothing. Rows that fall out of
 * the budget are deleted as new ones arrive: the table holds what the model can still see, not a transcript.
 */
export class ConversationMemory {
	readonly #settings: () => MemorySettings;
	readonly #conversations = new Map<string, Turn[]>();
	readonly #loading = new Map<string, Promise<Turn[]>>();
	/** Bumped by `clear`: an answer that was running during a reset must not write into the fresh memory. */
	readonly #generations = new Map<string, number>();

	public constructor(settings: () => MemorySettings) {
		this.#settings = settings;
	}

	/** Estimated bytes of the conversations held: per turn its record (7 fields) and texts; per conversation a slot and list. */
	public estimateBytes(): number {
		let bytes = 0;
		for (const [id, turns] of this.#conversations) {
			bytes += MAP_ENTRY_BYTES + stringBytes(id) + arrayBytes(turns.length);
			for (const turn of turns) bytes += objectBytes(7) + stringBytes(turn.content) + (turn.name === undefined ? 0 : stringBytes(turn.name));
		}
		return bytes;
	}

	public generation(conversationId: string): number {
		return this.#generations.get(conversationId) ?? 0;
	}

	/** The remembered turns, oldest first. */
	public async get(conversationId: string): Promise<readonly Turn[]> {
		const held = this.#conversations.get(conversationId);
		if (held) {
			// Re-inserted: Map order is the LRU order.
			this.#conversations.delete(conversationId);
			this.#conversations.set(conversationId, held);
			return held;
		}
		if (!this.#settings().persist) return [];
		let loading = this.#loading.get(conversationId);
		if (!loading) {
			loading = this.#load(conversationId).finally(() => this.#loading.delete(conversationId));
			this.#loading.set(conversationId, loading);
		}
		return loading;
	}

	/** Adds turns (unless the conversation was reset since `generation`), trims to the budget, writes them when persisting. */
	public async append(
		guildId: string,
		conversationId: string,
		turns: readonly Turn[],
		generation = this.generation(conversationId)
	): Promise<void> {
		if (turns.length === 0 || generation !== this.generation(conversationId)) return;
		const settings = this.#settings();
		const current = [...(await this.get(conversationId))];
		const stored: Turn[] = [];
		for (const turn of turns) {
			if (!settings.persist) {
				stored.push(turn);
				continue;
			}
			const row = await container.prisma.aiChatTurn.create({
				data: {
					guildId,
					conversationId,
					role: turn.role,
					authorId: turn.authorId ?? null,
					authorName: turn.name ?? null,
					content: turn.content,
					tokens: turn.tokens
				}
			});
			stored.push({ ...turn, id: row.id });
		}
		if (generation !== this.generation(conversationId)) return;
		const kept = fitToBudget([...current, ...stored], settings.budget);
		this.#hold(conversationId, kept);
		const oldest = kept[0]?.id;
		if (settings.persist && oldest !== undefined) await container.prisma.aiChatTurn.deleteMany({ where: { conversationId, id: { lt: oldest } } });
	}

	/** Forgets a conversation (/ai reset), here and in the database. */
	public async clear(conversationId: string): Promise<number> {
		this.#generations.set(conversationId, this.generation(conversationId) + 1);
		const held = this.#conversations.get(conversationId)?.length ?? 0;
		this.#conversations.delete(conversationId);
		const { count } = await container.prisma.aiChatTurn.deleteMany({ where: { conversationId } });
		return Math.max(held, count);
	}

	/** Forgets everything held in this process (a reload; the database keeps persisted turns). */
	public reset(): void {
		this.#conversations.clear();
	}

	#hold(conversationId: string, turns: Turn[]): void {
		this.#conversations.delete(conversationId);
		this.#conversations.set(conversationId, turns);
		const { maxConversations } = this.#settings();
		while (this.#conversations.size > maxConversations) this.#conversations.delete(this.#conversations.keys().next().value!);
	}

	async #load(conversationId: string): Promise<Turn[]> {
		const generation = this.generation(conversationId);
		const rows = await container.prisma.aiChatTurn.findMany({ where: { conversationId }, orderBy: { id: 'desc' }, take: LOAD_LIMIT });
		const turns: Turn[] = rows.reverse().map((row) => ({
			id: row.id,
			role: row.role === 'assistant' ? 'assistant' : 'user',
			content: row.content,
			tokens: row.tokens,
			...(row.authorName ? { name: row.authorName } : {}),
			...(row.authorId ? { authorId: row.authorId } : {})
		}));
		const kept = fitToBudget(turns, this.#settings().budget);
		if (generation === this.generation(conversationId) && !this.#conversations.has(conversationId)) this.#hold(conversationId, kept);
		return this.#conversations.get(conversationId) ?? kept;
	}
}

/** Today's tokens per member of a guild: what seeds the limiter after a restart. */
export async function usageOfDay(guildId: string, day: string): Promise<Map<string, number>> {
	const rows = await container.prisma.aiChatUsage.findMany({ where: { guildId, day } });
	return new Map(rows.map((row) => [row.userId, row.promptTokens + row.completionTokens]));
}

export interface UsageSummary {
	readonly requests: number;
	readonly promptTokens: number;
	readonly completionTokens: number;
	readonly members: { userId: string; requests: number; tokens: number }[];
}

/** A guild's usage over the UTC days from `since` (inclusive) to today, members by tokens spent. */
export async function usageSince(guildId: string, since: string): Promise<UsageSummary> {
	const rows = await container.prisma.aiChatUsage.findMany({ where: { guildId, day: { gte: since } } });
	const members = new Map<string, { userId: string; requests: number; tokens: number }>();
	let requests = 0;
	let promptTokens = 0;
	let completionTokens = 0;
	for (const row of rows) {
		requests += row.requests;
		promptTokens += row.promptTokens;
		completionTokens += row.completionTokens;
		const member = members.get(row.userId) ?? { userId: row.userId, requests: 0, tokens: 0 };
		member.requests += row.requests;
		member.tokens += row.promptTokens + row.completionTokens;
		members.set(row.userId, member);
	}
	return {
		requests,
		promptTokens,
		completionTokens,
		members: [...members.values()].sort((a, b) => b.tokens - a.tokens || a.userId.localeCompare(b.userId))
	};
}

/** Rows of Tika's answers older than this are pruned: a reply to a month-old answer starts afresh. */
const ANSWER_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** How long usage and answer ids wait in memory before one batch writes them. */
export const LEDGER_FLUSH_MS = 2_000;

interface PendingUsage {
	readonly guildId: string;
	readonly day: string;
	readonly userId: string;
	requests: number;
	prompt: number;
	completion: number;
}

/**
 * What each answer writes, batched: the member's usage of the day (AiChatUsage) and the ids of her answer messages
 * (AiChatAnswer). Nothing waits on these writes: the limits run on the limiter's own counts and recent answers are
 * known in memory, so an answer costs no database round trip on its way to Discord (bench/ai-chat). Flushed every
 * {@link LEDGER_FLUSH_MS}, before /ai usage reads, and at shutdown.
 */
export class Ledger {
	readonly #usage = new Map<string, PendingUsage>();
	#answers: { messageId: string; guildId: string; conversationId: string }[] = [];
	#timer: NodeJS.Timeout | null = null;
	#flushing: Promise<void> = Promise.resolve();
	#lastPrune = 0;

	public usage(guildId: string, userId: string, prompt: number, completion: number, now = Date.now()): void {
		const day = utcDay(now);
		const key = `${guildId}:${day}:${userId}`;
		const entry = this.#usage.get(key) ?? { guildId, day, userId, requests: 0, prompt: 0, completion: 0 };
		entry.requests++;
		entry.prompt += prompt;
		entry.completion += completion;
		this.#usage.set(key, entry);
		this.#schedule();
	}

	public answer(guildId: string, conversationId: string, messageIds: readonly string[]): void {
		for (const messageId of messageIds) this.#answers.push({ messageId, guildId, conversationId });
		if (messageIds.length) this.#schedule();
	}

	/** Writes everything pending; concurrent calls queue behind each other. */
	public flush(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#flushing = this.#flushing.then(() => this.#write());
		return this.#flushing;
	}

	#schedule(): void {
		if (this.#timer) return;
		this.#timer = setTimeout(
			() => void this.flush().catch((error: unknown) => container.logger.error('[ai_chat] Could not write usage:', error)),
			LEDGER_FLUSH_MS
		);
		this.#timer.unref();
	}

	async #write(): Promise<void> {
		const usage = [...this.#usage.values()];
		const answers = this.#answers;
		this.#usage.clear();
		this.#answers = [];
		for (const entry of usage) {
			const { guildId, day, userId } = entry;
			// One upsert per member and day, atomic on both providers.
			await container.prisma.aiChatUsage.upsert({
				where: { guildId_day_userId: { guildId, day, userId } },
				create: { guildId, day, userId, requests: entry.requests, promptTokens: entry.prompt, completionTokens: entry.completion },
				update: {
					requests: { increment: entry.requests },
					promptTokens: { increment: entry.prompt },
					completionTokens: { increment: entry.completion }
				}
			});
		}
		if (answers.length) await container.prisma.aiChatAnswer.createMany({ data: answers });
		const now = Date.now();
		if (now - this.#lastPrune > 60 * 60 * 1000) {
			this.#lastPrune = now;
			await container.prisma.aiChatAnswer.deleteMany({ where: { createdAt: { lt: new Date(now - ANSWER_RETENTION_MS) } } });
		}
	}
}

export async function isAnswer(messageId: string): Promise<boolean> {
	return (await container.prisma.aiChatAnswer.count({ where: { messageId } })) > 0;
}
