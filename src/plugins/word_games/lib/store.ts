import type { PrismaClient } from '#core/database/index';
import { checkWord, type ChainState, type WordVerdict } from './wordchain';
import type { WordLookup } from './compactWords';

/** One running chain as the handler needs it; `used` holds every word played in it. */
export interface ChainGame extends ChainState {
	channelId: string;
	guildId: string;
	startedBy: string;
	startedAt: Date;
	length: number;
	used: Set<string>;
}

export interface PlayInput {
	channelId: string;
	userId: string;
	word: string;
	dictionary: WordLookup;
	minLength: number;
}

export type PlayResult = { game: ChainGame; verdict: WordVerdict } | null;

export interface StopSummary {
	length: number;
	lastWord: string | null;
	players: { userId: string; words: number }[];
}

/**
 * Word-chain state: the database is the truth (WordChain + WordChainWord rows written with every valid word, so a
 * restart picks the chain up where it was), and this class keeps what the message handler needs in memory:
 * which channels have a game (so other channels cost one Set look-up) and each game's words, loaded on first use.
 * Plays in one channel are serialised, so two players answering at once cannot both follow the same word.
 */
export class WordChainStore {
	private active: Set<string> | null = null;
	private activeLoading: Promise<Set<string>> | null = null;
	private readonly games = new Map<string, Promise<ChainGame | null>>();
	private readonly locks = new Map<string, Promise<unknown>>();

	public constructor(private readonly prisma: () => PrismaClient) {}

	/** Channels with a running game, loaded once per process: the Set itself once loaded (the message handler's sync path). */
	public activeChannels(): Set<string> | Promise<Set<string>> {
		if (this.active) return this.active;
		this.activeLoading ??= this.prisma()
			.wordChain.findMany({ select: { channelId: true } })
			.then((rows) => (this.active = new Set(rows.map((row) => row.channelId))))
			.finally(() => (this.activeLoading = null));
		return this.activeLoading;
	}

	/** The game in `channelId` (from memory, else the database), or null. */
	public game(channelId: string): Promise<ChainGame | null> {
		let game = this.games.get(channelId);
		if (!game) {
			game = this.load(channelId);
			this.games.set(channelId, game);
			game.catch(() => this.games.delete(channelId));
		}
		return game;
	}

	public gamesInGuild(guildId: string) {
		return this.prisma().wordChain.findMany({ where: { guildId }, orderBy: { startedAt: 'asc' } });
	}

	/** Starts a chain; returns null when the channel already has one. */
	public async start(guildId: string, channelId: string, startedBy: string): Promise<ChainGame | null> {
		return this.locked(channelId, async () => {
			const active = await this.activeChannels();
			const existing = await this.prisma().wordChain.findUnique({ where: { channelId } });
			if (existing) return null;
			await this.prisma().$transaction([
				// Leftovers of an interrupted stop would count as repeats in the new chain.
				this.prisma().wordChainWord.deleteMany({ where: { channelId } }),
				this.prisma().wordChain.create({ data: { channelId, guildId, startedBy } })
			]);
			active.add(channelId);
			this.games.delete(channelId);
			return this.game(channelId);
		});
	}

	/** Ends the chain in `channelId`; null when there was none. The players' scores stay. */
	public async stop(channelId: string): Promise<StopSummary | null> {
		return this.locked(channelId, async () => {
			const active = await this.activeChannels();
			const chain = await this.prisma().wordChain.findUnique({ where: { channelId } });
			if (!chain) return null;
			const grouped = await this.prisma().wordChainWord.groupBy({ by: ['userId'], where: { channelId }, _count: { _all: true } });
			await this.prisma().$transaction([
				this.prisma().wordChainWord.deleteMany({ where: { channelId } }),
				this.prisma().wordChain.delete({ where: { channelId } })
			]);
			active.delete(channelId);
			this.games.delete(channelId);
			const players = grouped.map((row) => ({ userId: row.userId, words: row._count._all })).sort((a, b) => b.words - a.words);
			return { length: chain.length, lastWord: chain.lastWord, players };
		});
	}

	/**
	 * Judges `word` and, when valid, records it: the word row, the chain's last word and the player's score in one
	 * transaction. A mistake is counted on the player's record. Null when the channel has no game.
	 */
	public async play({ channelId, userId, word, dictionary, minLength }: PlayInput): Promise<PlayResult> {
		return this.locked(channelId, async () => {
			const game = await this.game(channelId);
			if (!game) return null;
			const verdict = checkWord({ state: game, word, userId, dictionary, used: game.used, minLength });
			const prisma = this.prisma();
			const key = { guildId_userId: { guildId: game.guildId, userId } };
			if (!verdict.ok) {
				await prisma.wordChainScore.upsert({
					where: key,
					create: { guildId: game.guildId, userId, mistakes: 1 },
					update: { mistakes: { increment: 1 } }
				});
				return { game, verdict };
			}
			await prisma.$transaction([
				prisma.wordChainWord.create({ data: { channelId, word, userId } }),
				prisma.wordChain.update({ where: { channelId }, data: { lastWord: word, lastUserId: userId, length: { increment: 1 } } }),
				prisma.wordChainScore.upsert({
					where: key,
					create: { guildId: game.guildId, userId, score: verdict.points, words: 1 },
					update: { score: { increment: verdict.points }, words: { increment: 1 } }
				})
			]);
			game.used.add(word);
			game.lastWord = word;
			game.lastUserId = userId;
			game.length += 1;
			return { game, verdict };
		});
	}

	public score(guildId: string, userId: string) {
		return this.prisma().wordChainScore.findUnique({ where: { guildId_userId: { guildId, userId } } });
	}

	/** 1-based rank by score in the guild (ties share the better rank). */
	public async rank(guildId: string, score: number): Promise<number> {
		return 1 + (await this.prisma().wordChainScore.count({ where: { guildId, score: { gt: score } } }));
	}

	public leaderboard(guildId: string, take = 100) {
		return this.prisma().wordChainScore.findMany({
			where: { guildId, score: { gt: 0 } },
			orderBy: [{ score: 'desc' }, { words: 'desc' }, { userId: 'asc' }],
			take
		});
	}

	/** Forgets the in-memory view (e.g. the plugin reloads); the database is untouched. */
	public reset(): void {
		this.active = null;
		this.games.clear();
	}

	private async load(channelId: string): Promise<ChainGame | null> {
		const prisma = this.prisma();
		const chain = await prisma.wordChain.findUnique({ where: { channelId } });
		if (!chain) return null;
		const words = await prisma.wordChainWord.findMany({ where: { channelId }, select: { word: true } });
		return {
			channelId,
			guildId: chain.guildId,
			startedBy: chain.startedBy,
			startedAt: chain.startedAt,
			length: chain.length,
			lastWord: chain.lastWord,
			lastUserId: chain.lastUserId,
			used: new Set(words.map((row) => row.word))
		};
	}

	private locked<T>(channelId: string, task: () => Promise<T>): Promise<T> {
		const previous = this.locks.get(channelId) ?? Promise.resolve();
		const next = previous.then(task, task);
		const settled = next.catch(() => undefined);
		this.locks.set(channelId, settled);
		void settled.then(() => {
			if (this.locks.get(channelId) === settled) this.locks.delete(channelId);
		});
		return next;
	}
}
