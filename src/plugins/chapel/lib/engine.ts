import { DiscordSnowflake } from '@sapphire/snowflake';
import {
	RESTJSONErrorCodes,
	type Client,
	type GatewayMessageReactionAddDispatchData,
	type GatewayMessageReactionRemoveDispatchData,
	type Guild,
	type GuildTextBasedChannel,
	type Message,
	type MessageReaction
} from 'discord.js';
import type { PrismaClient } from '#core/database/index';
import { MAP_ENTRY_BYTES, mapBytes, objectBytes, stringBytes } from '#core/stats/memory';
import { BoardRegistry, type Board } from './boards';
import { KeyedDebouncer } from './debounce';
import { emojiKey } from './emoji';
import { decide, statusAfter, type PostAction, type PostStatus } from './postState';
import { countLine, renderPost, snapshotOf, type PostLook } from './render';
import { channelIneligibility, countsAsVote, isTooOld, keepOf, messageIneligibility, nsfwAllows } from './rules';
import { applyVotes, countVotes, emptyVotes, hasVoteWork, recordChange, recordClear, type PendingVotes, type SqlProvider } from './votes';

export interface EngineDeps {
	prisma: PrismaClient;
	provider: SqlProvider;
	client: () => Client;
	logger: { warn(...values: unknown[]): void; error(...values: unknown[]): void };
	waitMs: number;
	maxWaitMs: number;
	now?: () => number;
}

/** Everything waiting for one message's next flush on one chapel. */
interface Pending {
	boardId: number;
	guildId: string;
	channelId: string;
	messageId: string;
	/** From the reaction event (`message_author_id`) or the message itself; fetched only when needed. */
	authorId: string | null;
	votes: PendingVotes;
	/** Re-render the whole post (the source was edited, or a refresh). */
	full: boolean;
	/** "Send to Chapel": who sent it. */
	forcedBy: string | null;
	/** The author (or a moderator) took it off the chapel. */
	withdraw: boolean;
	sourceDeleted: boolean;
	/** The chapel message itself was deleted by someone. */
	postDeleted: boolean;
	/** A fresh copy of the source, when the caller had one. */
	source: Message | null;
}

type PostRow = Awaited<ReturnType<PrismaClient['chapelPost']['findFirstOrThrow']>>;

/** What the engine did, for /stats-like reporting and the bench. */
export interface EngineCounters {
	flushes: number;
	posts: number;
	edits: number;
	removals: number;
	fetches: number;
}

const ON_CHAPEL: readonly string[] = ['posted', 'frozen'];
const GONE = new Set<number>([RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel]);

const keyOf = (boardId: number, messageId: string) => `${boardId}:${messageId}`;

/**
 * The chapel at work. Events (reactions, edits, deletions) and commands only record what happened, per (chapel,
 * message), and schedule that key; the debouncer runs one flush per key at a time, which writes the pending votes,
 * recounts, asks the state machine what to do and does it. So a burst of reactions is one edit, and a race of
 * reactions can only ever post once (the flush is serialised, and the post row is unique per chapel and message).
 */
export class ChapelEngine {
	public readonly boards = new BoardRegistry();
	public readonly counters: EngineCounters = { flushes: 0, posts: 0, edits: 0, removals: 0, fetches: 0 };
	readonly #deps: EngineDeps;
	readonly #pending = new Map<string, Pending>();
	readonly #debouncer: KeyedDebouncer;
	/** Chapel messages Tika is deleting itself: their MESSAGE_DELETE is not someone taking a post down. */
	readonly #deleting = new Set<string>();
	/**
	 * Posts being sent and stored, per chapel channel. Discord shows a post a moment before its id reaches Tika: a
	 * button press or a deletion in that gap waits for these (`posted`) instead of finding no post.
	 */
	readonly #sending = new Map<string, Set<Promise<unknown>>>();

	public constructor(deps: EngineDeps) {
		this.#deps = deps;
		this.#debouncer = new KeyedDebouncer((key) => this.#flush(key), {
			waitMs: deps.waitMs,
			maxWaitMs: deps.maxWaitMs,
			onError: (key, error) => deps.logger.error(`[chapel] flush of ${key} failed:`, error)
		});
	}

	/**
	 * Estimated bytes (for the plugin's memory report): the votes waiting for their flush (per message a record and its
	 * changes), the debouncer's keys (a timer each) and the chapels held. Sizes times per-item costs, no walk of the heap.
	 */
	public estimateBytes(): { pending: number; debouncer: number; boards: number } {
		let pending = 0;
		for (const [key, entry] of this.#pending) {
			pending += MAP_ENTRY_BYTES + stringBytes(key) + objectBytes(10) + objectBytes(3) + mapBytes(entry.votes.changes.size);
			for (const changeKey of entry.votes.changes.keys()) pending += stringBytes(changeKey) + objectBytes(3);
			for (const voters of entry.votes.recount?.values() ?? []) pending += mapBytes(voters.size) + voters.size * stringBytes('0'.repeat(19));
		}
		const keys = this.#debouncer.waiting + this.#debouncer.running;
		// A key, its state record and a Node.js Timeout object (≈ 160 bytes) or a promise chain.
		const debouncer = keys * (2 * MAP_ENTRY_BYTES + stringBytes(`12:${'0'.repeat(19)}`) + objectBytes(3) + 160);
		// A chapel's rules (≈ 20 fields), emojis, keys and its entries in the guild's emoji and channel maps.
		const boards = this.boards.size * (objectBytes(20) + mapBytes(2) + 4 * MAP_ENTRY_BYTES + 4 * stringBytes('emoji:0000000000000000000'));
		return { pending, debouncer, boards };
	}

	/** Loads the chapels once (a promise only until then: afterwards events are answered synchronously). */
	public ready(): Promise<void> | null {
		return this.boards.loaded ? null : this.boards.load(this.#deps.prisma);
	}

	/** Resolves once the posts being sent to the chapel channel right now are stored with their ids. */
	public async posted(chapelChannelId: string): Promise<void> {
		const sending = this.#sending.get(chapelChannelId);
		if (sending) await Promise.allSettled([...sending]);
	}

	#track<T>(chapelChannelId: string, work: Promise<T>): Promise<T> {
		let sending = this.#sending.get(chapelChannelId);
		if (!sending) this.#sending.set(chapelChannelId, (sending = new Set()));
		sending.add(work);
		const done = () => {
			sending.delete(work);
			if (sending.size === 0 && this.#sending.get(chapelChannelId) === sending) this.#sending.delete(chapelChannelId);
		};
		work.then(done, done);
		return work;
	}

	#now(): number {
		return this.#deps.now?.() ?? Date.now();
	}

	// ------------------------------------------------------------------ events

	/** The chapels a reaction could count for: empty (and free) for most reactions. */
	public boardsFor(guildId: string | undefined, emoji: { id?: string | null; name?: string | null }): readonly Board[] {
		return guildId ? this.boards.matching(guildId, emojiKey(emoji)) : [];
	}

	public reactionAdded(data: GatewayMessageReactionAddDispatchData): void {
		const client = this.#deps.client();
		if (data.user_id === client.user?.id || data.member?.user?.bot) return;
		this.#reaction(data, true, data.message_author_id ?? null);
	}

	public reactionRemoved(data: GatewayMessageReactionRemoveDispatchData): void {
		this.#reaction(data, false, null);
	}

	#reaction(data: GatewayMessageReactionRemoveDispatchData, add: boolean, authorId: string | null): void {
		const boards = this.boardsFor(data.guild_id, data.emoji);
		if (boards.length === 0) return;
		const key = emojiKey(data.emoji);
		const parentId = this.#parentOf(data.channel_id);
		const createdAt = DiscordSnowflake.timestampFrom(data.message_id);
		for (const board of boards) {
			if (channelIneligibility(board, data.channel_id, parentId)) continue;
			if (add && isTooOld(board, createdAt, this.#now())) continue;
			const pending = this.#pendingFor(board, data.channel_id, data.message_id);
			pending.authorId ??= authorId;
			recordChange(pending.votes, data.user_id, key, add);
			this.#debouncer.schedule(keyOf(board.id, data.message_id));
		}
	}

	/** A moderator cleared every reaction (emoji null) or one emoji's. */
	public reactionsCleared(
		guildId: string | undefined,
		channelId: string,
		messageId: string,
		emoji: { id?: string | null; name?: string | null } | null
	): void {
		if (!guildId) return;
		const boards = emoji ? this.boardsFor(guildId, emoji) : this.boards.forGuild(guildId);
		for (const board of boards) {
			const pending = this.#pendingFor(board, channelId, messageId);
			recordClear(pending.votes, emoji ? emojiKey(emoji) : null);
			this.#debouncer.schedule(keyOf(board.id, messageId));
		}
	}

	/**
	 * An edited message: its posts are re-rendered (debounced like counts). One indexed query, only in guilds with
	 * chapels. A flush already waiting or running for the message counts too: a post being sent right now gets the edit
	 * right after.
	 */
	public async sourceEdited(message: Message): Promise<void> {
		if (!message.guildId || this.boards.forGuild(message.guildId).length === 0) return;
		const boardIds = await this.#boardsConcerned(message.guildId, message.channelId, [message.id]);
		for (const { boardId } of boardIds) {
			const board = this.boards.get(boardId);
			if (!board) continue;
			const pending = this.#pendingFor(board, message.channelId, message.id);
			pending.full = true;
			pending.source = message.partial ? null : message;
			this.#debouncer.schedule(keyOf(boardId, message.id));
		}
	}

	/** Deleted messages: a source takes its posts with it; a post deleted by someone is off the chapel for good. */
	public async messagesDeleted(guildId: string | null | undefined, channelId: string, ids: readonly string[]): Promise<void> {
		if (!guildId || ids.length === 0) return;
		const own = ids.filter((id) => this.#deleting.has(id));
		const others = ids.filter((id) => !this.#deleting.has(id));
		for (const id of own) this.#deleting.delete(id);
		if (others.length === 0 || !this.boards.knows(guildId)) return;
		// One of them may be a post whose id Tika is only about to learn.
		await this.posted(channelId);
		const concerned = await this.#boardsConcerned(guildId, channelId, others);
		await Promise.all(
			concerned.map((row) => {
				const pending = this.#pendingForRow(row.boardId, guildId, row.channelId, row.messageId);
				if (row.postId !== null && others.includes(row.postId)) pending.postDeleted = true;
				else pending.sourceDeleted = true;
				return this.#debouncer.runNow(keyOf(row.boardId, row.messageId));
			})
		);
	}

	/** The (chapel, message) pairs these ids concern: stored rows (as source or as post) and flushes in flight. */
	async #boardsConcerned(
		guildId: string,
		channelId: string,
		ids: readonly string[]
	): Promise<{ boardId: number; channelId: string; messageId: string; postId: string | null }[]> {
		const rows = await this.#deps.prisma.chapelPost.findMany({
			where: { guildId, OR: [{ messageId: { in: [...ids] } }, { postId: { in: [...ids] } }] },
			select: { boardId: true, channelId: true, messageId: true, postId: true }
		});
		const found = new Set(rows.map((row) => keyOf(row.boardId, row.messageId)));
		for (const board of this.boards.forGuild(guildId)) {
			for (const id of ids) {
				const key = keyOf(board.id, id);
				if (found.has(key) || !this.#debouncer.isActive(key)) continue;
				rows.push({ boardId: board.id, channelId, messageId: id, postId: null });
			}
		}
		return rows;
	}

	// ------------------------------------------------------------------ commands

	/** "Send to Chapel": posts whatever the count and keeps it there. Resolves with the post row afterwards. */
	public async highlight(board: Board, message: Message, moderatorId: string): Promise<PostRow | null> {
		const pending = this.#pendingFor(board, message.channelId, message.id);
		pending.forcedBy = moderatorId;
		pending.source = message;
		pending.authorId = message.author.id;
		await this.#debouncer.runNow(keyOf(board.id, message.id));
		return this.post(board.id, message.id);
	}

	/**
	 * `/chapel refresh`: the votes of the message on each chapel are recounted from Discord's reaction lists, leaving
	 * out bots and anyone no longer in the server (left or banned). Returns the count per chapel before and after.
	 */
	public async refresh(boards: readonly Board[], message: Message): Promise<{ board: Board; before: number; after: number }[]> {
		const guild = message.guild!;
		const reactions = [...message.reactions.cache.values()];
		const usersByKey = new Map<string, string[]>();
		for (const reaction of reactions) {
			const key = emojiKey(reaction.emoji);
			if (!boards.some((board) => board.keys.has(key))) continue;
			usersByKey.set(key, await allReactors(reaction));
		}
		const present = await membersPresent(guild, [...new Set([...usersByKey.values()].flat())]);
		const results = [];
		for (const board of boards) {
			if (channelIneligibility(board, message.channelId, this.#parentOf(message.channelId))) continue;
			const recount = new Map<string, Set<string>>();
			for (const [key, users] of usersByKey) {
				if (!board.keys.has(key)) continue;
				for (const userId of users) if (present.has(userId)) (recount.get(userId) ?? recount.set(userId, new Set()).get(userId)!).add(key);
			}
			const before = await countVotes(this.#deps.prisma, this.#deps.provider, board.id, message.id);
			const pending = this.#pendingFor(board, message.channelId, message.id);
			pending.votes = { ...emptyVotes(), recount };
			pending.source = message;
			pending.authorId = message.author.id;
			pending.full = true;
			await this.#debouncer.runNow(keyOf(board.id, message.id));
			results.push({ board, before, after: await countVotes(this.#deps.prisma, this.#deps.provider, board.id, message.id) });
		}
		return results;
	}

	/** The author (or a moderator) takes a post off the chapel; it is never posted again by reactions. */
	public async withdraw(row: Pick<PostRow, 'boardId' | 'guildId' | 'channelId' | 'messageId'>): Promise<void> {
		const pending = this.#pendingForRow(row.boardId, row.guildId, row.channelId, row.messageId);
		pending.withdraw = true;
		await this.#debouncer.runNow(keyOf(row.boardId, row.messageId));
	}

	public post(boardId: number, messageId: string): Promise<PostRow | null> {
		return this.#deps.prisma.chapelPost.findUnique({ where: { boardId_messageId: { boardId, messageId } } });
	}

	/** A chapel was disabled or changed: waiting work for it is dropped (disabled) or kept (changed). */
	public forget(boardId: number): void {
		this.#debouncer.cancelWhere((key) => key.startsWith(`${boardId}:`));
		for (const key of [...this.#pending.keys()]) if (key.startsWith(`${boardId}:`)) this.#pending.delete(key);
	}

	/** Runs every waiting flush now (shutdown, tests, the bench). */
	public flushAll(): Promise<void> {
		return this.#debouncer.flushAll();
	}

	public get waiting(): number {
		return this.#pending.size;
	}

	// ------------------------------------------------------------------ the flush

	#pendingFor(board: Board, channelId: string, messageId: string): Pending {
		return this.#pendingForRow(board.id, board.guildId, channelId, messageId);
	}

	#pendingForRow(boardId: number, guildId: string, channelId: string, messageId: string): Pending {
		const key = keyOf(boardId, messageId);
		let pending = this.#pending.get(key);
		if (!pending) {
			pending = {
				boardId,
				guildId,
				channelId,
				messageId,
				authorId: null,
				votes: emptyVotes(),
				full: false,
				forcedBy: null,
				withdraw: false,
				sourceDeleted: false,
				postDeleted: false,
				source: null
			};
			this.#pending.set(key, pending);
		}
		return pending;
	}

	async #flush(key: string): Promise<void> {
		const pending = this.#pending.get(key);
		if (!pending) return;
		this.#pending.delete(key);
		this.counters.flushes++;
		const { prisma } = this.#deps;
		const row = await this.post(pending.boardId, pending.messageId);
		const board = this.boards.get(pending.boardId);

		if (pending.sourceDeleted) return this.#takeDown(board, row, 'deleted');
		if (pending.postDeleted) {
			if (row?.postId) await this.#update(row, { status: 'withdrawn', postId: null });
			return;
		}
		if (!board) return;
		if (pending.withdraw) return this.#takeDown(board, row, 'withdrawn');

		let source = pending.source;
		const loadSource = async (): Promise<Message | 'gone' | null> => {
			if (source) return source;
			const fetched = await this.#fetchSource(pending.channelId, pending.messageId);
			if (fetched !== 'gone' && fetched !== null) source = fetched;
			return fetched;
		};

		let authorId = pending.authorId ?? row?.authorId ?? null;
		const adds = [...pending.votes.changes.values()].some((change) => change.add) || pending.votes.recount !== null;
		if (!authorId && adds) {
			const loaded = await loadSource();
			if (loaded === 'gone') return this.#takeDown(board, row, 'deleted');
			if (!loaded) return;
			authorId = loaded.author.id;
		}
		if (hasVoteWork(pending.votes)) {
			const author = authorId ?? '';
			await applyVotes(
				prisma,
				this.#deps.provider,
				{ boardId: board.id, guildId: board.guildId, messageId: pending.messageId, authorId: author },
				pending.votes,
				(voterId) => countsAsVote(board, voterId, false, author)
			);
		}
		const count = await countVotes(prisma, this.#deps.provider, board.id, pending.messageId);
		const status = (row?.status ?? 'none') as PostStatus;
		const forcedBy = pending.forcedBy ?? row?.forcedBy ?? null;
		const situation = { status, count, threshold: board.threshold, keep: keepOf(board), belowKeep: board.belowKeep, forced: forcedBy !== null };
		const sourceNsfw = this.#isNsfw(pending.channelId);
		const chapelNsfw = this.#isNsfw(board.channelId);

		let eligible = true;
		if (ON_CHAPEL.includes(status) && !pending.forcedBy) {
			eligible = nsfwAllows(board.nsfw, sourceNsfw, chapelNsfw);
		} else if (decide({ ...situation, eligible: true }) === 'post') {
			const loaded = await loadSource();
			if (loaded === 'gone') return this.#takeDown(board, row, 'deleted');
			if (!loaded) return;
			const facts = {
				channelId: loaded.channelId,
				parentId: this.#parentOf(loaded.channelId),
				createdAt: loaded.createdTimestamp,
				authorBot: loaded.author.bot,
				sourceNsfw,
				chapelNsfw
			};
			eligible = messageIneligibility(board, facts, this.#now(), forcedBy !== null) === null;
		}
		const action = decide({ ...situation, eligible });
		const look: PostLook = { emojis: board.emojis, count, frozen: action === 'freeze', forcedBy };
		await this.#act(action, { board, row, pending, look, loadSource, full: pending.full || (pending.forcedBy !== null && !row?.forcedBy) });
	}

	async #act(
		action: PostAction,
		context: {
			board: Board;
			row: PostRow | null;
			pending: Pending;
			look: PostLook;
			loadSource: () => Promise<Message | 'gone' | null>;
			full: boolean;
		}
	): Promise<void> {
		const { board, row, pending, look, loadSource } = context;
		const chapel = this.#chapelChannel(board);
		switch (action) {
			case 'none':
				// A frozen post keeps its count, but an edited source still shows its new text.
				if (row?.status === 'frozen' && row.postId && chapel && context.full)
					await this.#edit(chapel, row.postId, { ...look, count: row.count, frozen: true }, true, loadSource, pending.channelId);
				else if (row && row.status === 'removed' && row.count !== look.count) await this.#update(row, { count: look.count });
				return;
			case 'post': {
				const source = await loadSource();
				if (source === 'gone') return this.#takeDown(board, row, 'deleted');
				if (!source || !chapel) return;
				const claimed = row ?? (await this.#claim(board, source));
				if (!claimed) return;
				const reply = source.reference?.messageId ? await source.fetchReference().catch(() => null) : null;
				const sendAndStore = async () => {
					const sent = await chapel.send(renderPost(look, snapshotOf(source, reply))).catch((error: unknown) => {
						this.#deps.logger.warn(`[chapel] could not post ${source.id} in #${chapel.id} (guild ${board.guildId}): ${describe(error)}`);
						return null;
					});
					if (!sent) return;
					this.counters.posts++;
					await this.#update(claimed, {
						status: 'posted',
						postId: sent.id,
						count: look.count,
						postedAt: new Date(this.#now()),
						forcedBy: look.forcedBy
					});
				};
				await this.#track(chapel.id, sendAndStore());
				return;
			}
			case 'remove':
				this.counters.removals++;
				await this.#deletePost(chapel, row!.postId);
				await this.#update(row!, { status: statusAfter(action, row!.status as PostStatus), postId: null, count: look.count });
				return;
			case 'update':
			case 'freeze':
			case 'unfreeze': {
				const changed = context.full || action !== 'update' || row!.count !== look.count || row!.forcedBy !== look.forcedBy;
				if (!changed || !row?.postId || !chapel) return;
				const edited = await this.#edit(chapel, row.postId, look, context.full, loadSource, pending.channelId);
				if (edited === 'gone') {
					await this.#update(row, { status: 'withdrawn', postId: null });
					return;
				}
				if (!edited) return;
				await this.#update(row, { status: statusAfter(action, row.status as PostStatus), count: look.count, forcedBy: look.forcedBy });
			}
		}
	}

	/** Claims the (chapel, message) row before posting: the unique key makes a second claim fail instead of a second post. */
	async #claim(board: Board, source: Message): Promise<PostRow | null> {
		try {
			return await this.#deps.prisma.chapelPost.create({
				data: {
					boardId: board.id,
					guildId: board.guildId,
					channelId: source.channelId,
					messageId: source.id,
					authorId: source.author.id,
					status: 'removed',
					messageAt: source.createdAt
				}
			});
		} catch (error) {
			if ((error as { code?: string }).code === 'P2002') return null;
			throw error;
		}
	}

	/**
	 * Edits a post. A count change rewrites only the first line of the text (the rest, a video link, is kept from the
	 * cached post); an edited source, or a post Tika no longer has cached, gets the full post again.
	 */
	async #edit(
		chapel: GuildTextBasedChannel,
		postId: string,
		look: PostLook,
		full: boolean,
		loadSource: () => Promise<Message | 'gone' | null>,
		sourceChannelId: string
	): Promise<boolean | 'gone'> {
		const cached = chapel.messages.cache.get(postId);
		try {
			if (!full && cached && !cached.partial) {
				const rest = cached.content.split('\n').slice(1);
				await chapel.messages.edit(postId, {
					content: [countLine(look, sourceChannelId), ...rest].join('\n'),
					allowedMentions: { parse: [] }
				});
			} else {
				const source = await loadSource();
				if (!source || source === 'gone') return false;
				const reply = source.reference?.messageId ? await source.fetchReference().catch(() => null) : null;
				await chapel.messages.edit(postId, renderPost(look, snapshotOf(source, reply)));
			}
			this.counters.edits++;
			return true;
		} catch (error) {
			if ((error as { code?: number }).code === RESTJSONErrorCodes.UnknownMessage) return 'gone';
			this.#deps.logger.warn(`[chapel] could not edit post ${postId} in #${chapel.id}: ${describe(error)}`);
			return false;
		}
	}

	async #takeDown(board: Board | undefined, row: PostRow | null, status: 'deleted' | 'withdrawn'): Promise<void> {
		if (!row) return;
		if (row.postId) await this.#deletePost(board ? this.#chapelChannel(board) : this.#channel(row.boardId), row.postId);
		await this.#update(row, { status, postId: null });
	}

	async #deletePost(chapel: GuildTextBasedChannel | null, postId: string | null): Promise<void> {
		if (!postId || !chapel) return;
		this.#deleting.add(postId);
		await chapel.messages.delete(postId).catch((error: unknown) => {
			this.#deleting.delete(postId);
			if ((error as { code?: number }).code === RESTJSONErrorCodes.UnknownMessage) return;
			this.#deps.logger.warn(`[chapel] could not delete post ${postId} in #${chapel.id}: ${describe(error)}`);
		});
	}

	#update(row: PostRow, data: Partial<Pick<PostRow, 'status' | 'postId' | 'count' | 'postedAt' | 'forcedBy'>>): Promise<unknown> {
		return this.#deps.prisma.chapelPost.update({ where: { id: row.id }, data });
	}

	async #fetchSource(channelId: string, messageId: string): Promise<Message | 'gone' | null> {
		const channel = this.#deps.client().channels.cache.get(channelId);
		if (!channel?.isTextBased() || !messageId) return null;
		try {
			const cached = channel.messages.cache.get(messageId);
			if (cached && !cached.partial) return cached;
			this.counters.fetches++;
			return await channel.messages.fetch(messageId);
		} catch (error) {
			const code = (error as { code?: number }).code;
			if (code !== undefined && GONE.has(code)) return 'gone';
			this.#deps.logger.warn(`[chapel] could not fetch message ${messageId} in #${channelId}: ${describe(error)}`);
			return null;
		}
	}

	#chapelChannel(board: Board): GuildTextBasedChannel | null {
		const channel = this.#deps.client().channels.cache.get(board.channelId);
		return channel?.isTextBased() && !channel.isDMBased() ? channel : null;
	}

	#channel(boardId: number): GuildTextBasedChannel | null {
		const board = this.boards.get(boardId);
		return board ? this.#chapelChannel(board) : null;
	}

	#parentOf(channelId: string): string | null {
		const channel = this.#deps.client().channels.cache.get(channelId);
		return channel?.isThread() ? channel.parentId : null;
	}

	/** Age-restricted: the channel's flag, or its parent's for a thread. */
	#isNsfw(channelId: string): boolean {
		const channel = this.#deps.client().channels.cache.get(channelId);
		if (!channel || channel.isDMBased()) return false;
		if (channel.isThread()) return Boolean(channel.parent && 'nsfw' in channel.parent && channel.parent.nsfw);
		return 'nsfw' in channel && Boolean(channel.nsfw);
	}
}

/** Every user who reacted with this emoji, 100 per request. */
async function allReactors(reaction: MessageReaction): Promise<string[]> {
	const ids: string[] = [];
	let after: string | undefined;
	for (;;) {
		const page = await reaction.users.fetch({ limit: 100, ...(after ? { after } : {}) });
		for (const user of page.values()) if (!user.bot) ids.push(user.id);
		if (page.size < 100) return ids;
		after = page.lastKey();
	}
}

/** Which of these users are still members (one gateway request per 100 ids). */
async function membersPresent(guild: Guild, ids: string[]): Promise<Set<string>> {
	const present = new Set<string>();
	for (let index = 0; index < ids.length; index += 100) {
		const members = await guild.members.fetch({ user: ids.slice(index, index + 100) });
		for (const id of members.keys()) present.add(id);
	}
	return present;
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
