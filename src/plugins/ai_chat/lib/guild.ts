import { container } from '@sapphire/framework';
import { RefreshingCache } from '#shared/utils/refreshingCache';

/** The guild's ai_chat settings document (container.data, plugin "ai_chat"). */
export interface AiGuildDocument {
	/** Channels where Tika answers every message (/ai channel add). */
	channels: string[];
	/** The /ai persona, or null. */
	persona: string | null;
}

/** What the message handler needs per guild, answered synchronously once cached. */
export interface AiGuildState {
	readonly channels: ReadonlySet<string>;
	readonly threads: ReadonlySet<string>;
	readonly persona: string | null;
}

const PLUGIN = 'ai_chat';
const EMPTY: AiGuildDocument = Object.freeze({ channels: [], persona: null }) as AiGuildDocument;
/** Another process (a shard) changing the settings shows here within this long. */
const REFRESH_MS = 60_000;

function parse(stored: Partial<AiGuildDocument> | undefined): AiGuildDocument {
	return {
		channels: Array.isArray(stored?.channels) ? stored.channels.filter((id): id is string => typeof id === 'string') : [],
		persona: typeof stored?.persona === 'string' && stored.persona.trim() ? stored.persona : null
	};
}

const states = new RefreshingCache<string, AiGuildState>({
	refreshMs: REFRESH_MS,
	load: async (guildId) => {
		const [document, threads] = await Promise.all([
			readDocument(guildId),
			container.prisma.aiChatThread.findMany({ where: { guildId }, select: { threadId: true } })
		]);
		return { channels: new Set(document.channels), threads: new Set(threads.map((row) => row.threadId)), persona: document.persona };
	},
	onRefreshError: (guildId, error) => container.logger.warn(`[ai_chat] Could not refresh the settings of guild ${guildId}:`, error)
});

export function peekGuild(guildId: string): AiGuildState | undefined {
	return states.peek(guildId);
}

export function loadGuild(guildId: string): Promise<AiGuildState> {
	return states.load(guildId);
}

export function clearGuildStates(): void {
	states.clear();
}

export async function readDocument(guildId: string): Promise<AiGuildDocument> {
	return parse(await container.data.getGuildData<Partial<AiGuildDocument>>(guildId, PLUGIN, EMPTY));
}

/** Changes the document (always through a spread of the current one) and drops the cached state. */
export async function updateDocument(guildId: string, change: (current: AiGuildDocument) => AiGuildDocument): Promise<AiGuildDocument> {
	let next = EMPTY;
	await container.data.updateGuildData<Partial<AiGuildDocument>>(guildId, PLUGIN, (current) => {
		next = change(parse(current));
		return { ...(current ?? {}), ...next };
	});
	states.invalidate(guildId);
	return next;
}

/** Remembers a thread opened with /ai chat. */
export async function addThread(guildId: string, threadId: string, starterId: string): Promise<void> {
	await container.prisma.aiChatThread.create({ data: { guildId, threadId, starterId } });
	states.invalidate(guildId);
}

export async function threadStarter(threadId: string): Promise<string | null> {
	return (await container.prisma.aiChatThread.findUnique({ where: { threadId }, select: { starterId: true } }))?.starterId ?? null;
}

export async function removeThread(guildId: string, threadId: string): Promise<void> {
	await container.prisma.aiChatThread.deleteMany({ where: { threadId } });
	states.invalidate(guildId);
}
