import type { PrismaClient } from '#core/database/index';
import { storedKey } from './emoji';
import { BELOW_KEEP_MODES, NSFW_MODES, type BelowKeep, type ChapelRules, type NsfwMode } from './rules';

/** A chapel as the engine uses it: its row, with its JSON lists parsed and its emoji keys ready for matching. */
export interface Board extends ChapelRules {
	id: number;
	guildId: string;
	/** Stored emojis (`⭐`, `name:id`); the first one is the chapel's face (post counts, autostar). */
	emojis: readonly string[];
	/** Keys of `emojis`, for matching reactions. */
	keys: ReadonlySet<string>;
	autostarChannels: readonly string[];
	enabled: boolean;
}

type BoardRow = Awaited<ReturnType<PrismaClient['chapelBoard']['findFirstOrThrow']>>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

export function boardFromRow(row: BoardRow): Board {
	const emojis = strings(row.emojis);
	return {
		id: row.id,
		guildId: row.guildId,
		channelId: row.channelId,
		emojis,
		keys: new Set(emojis.map(storedKey)),
		threshold: row.threshold,
		keepThreshold: row.keepThreshold,
		belowKeep: (BELOW_KEEP_MODES as readonly string[]).includes(row.belowKeep) ? (row.belowKeep as BelowKeep) : 'remove',
		selfVote: row.selfVote,
		botMessages: row.botMessages,
		maxAgeDays: row.maxAgeDays,
		nsfw: (NSFW_MODES as readonly string[]).includes(row.nsfw) ? (row.nsfw as NsfwMode) : 'age_restricted_only',
		ignoredChannels: strings(row.ignoredChannels),
		autostarChannels: strings(row.autostarChannels),
		enabled: row.enabled
	};
}

interface GuildIndex {
	boards: Board[];
	/** Emoji key → the chapels that count it. */
	byEmoji: Map<string, Board[]>;
	/** Channel id → the chapels that autostar it. */
	autostar: Map<string, Board[]>;
}

const NONE: readonly Board[] = Object.freeze([]);

/**
 * Every enabled chapel of every guild, in memory: loaded with one query the first time it is needed and kept up to date
 * by the commands that change chapels. Reaction and message events ask it synchronously, so a guild without chapels,
 * or an emoji no chapel uses, costs a map lookup and no query.
 */
export class BoardRegistry {
	readonly #guilds = new Map<string, GuildIndex>();
	readonly #byId = new Map<number, Board>();
	/** Guilds with a chapel, enabled or not (deleting a source still takes a disabled chapel's post down). */
	readonly #known = new Set<string>();
	#loading: Promise<void> | null = null;
	#loaded = false;

	public get loaded(): boolean {
		return this.#loaded;
	}

	/** Chapels held (enabled ones, across guilds). */
	public get size(): number {
		return this.#byId.size;
	}

	/** Loads every chapel once; later calls share the first load. */
	public load(prisma: Pick<PrismaClient, 'chapelBoard'>): Promise<void> {
		this.#loading ??= prisma.chapelBoard
			.findMany()
			.then((rows) => {
				for (const row of rows) this.put(boardFromRow(row));
				this.#loaded = true;
			})
			.catch((error: unknown) => {
				this.#loading = null;
				throw error;
			});
		return this.#loading;
	}

	/** Whether the guild has, or had, a chapel. */
	public knows(guildId: string): boolean {
		return this.#known.has(guildId);
	}

	public get(id: number): Board | undefined {
		return this.#byId.get(id);
	}

	/** The guild's enabled chapels, oldest first. */
	public forGuild(guildId: string): readonly Board[] {
		return this.#guilds.get(guildId)?.boards ?? NONE;
	}

	/** The chapels of the guild counting this emoji key. */
	public matching(guildId: string, key: string): readonly Board[] {
		return this.#guilds.get(guildId)?.byEmoji.get(key) ?? NONE;
	}

	/** The chapels that autostar this channel. */
	public autostarring(guildId: string, channelId: string): readonly Board[] {
		return this.#guilds.get(guildId)?.autostar.get(channelId) ?? NONE;
	}

	/** Adds or replaces a chapel (a disabled one is dropped). */
	public put(board: Board): void {
		this.#known.add(board.guildId);
		this.drop(board.id);
		if (!board.enabled) return;
		this.#byId.set(board.id, board);
		const boards = [...this.forGuild(board.guildId), board].sort((a, b) => a.id - b.id);
		this.#index(board.guildId, boards);
	}

	public drop(id: number): void {
		const board = this.#byId.get(id);
		if (!board) return;
		this.#byId.delete(id);
		this.#index(
			board.guildId,
			this.forGuild(board.guildId).filter((other) => other.id !== id)
		);
	}

	#index(guildId: string, boards: Board[]): void {
		if (boards.length === 0) {
			this.#guilds.delete(guildId);
			return;
		}
		const byEmoji = new Map<string, Board[]>();
		const autostar = new Map<string, Board[]>();
		for (const board of boards) {
			for (const key of board.keys) byEmoji.set(key, [...(byEmoji.get(key) ?? []), board]);
			for (const channelId of board.autostarChannels) autostar.set(channelId, [...(autostar.get(channelId) ?? []), board]);
		}
		this.#guilds.set(guildId, { boards, byEmoji, autostar });
	}
}
