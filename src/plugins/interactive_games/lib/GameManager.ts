import { randomBytes } from 'node:crypto';

/** What the manager needs to know about any game. */
export interface ManagedGame {
	id: string;
	guildId: string;
	channelId: string;
	/** The human players (a game vs Tika lists only the human). */
	players: readonly string[];
}

export interface GameManagerOptions {
	setTimeout?: (run: () => void, ms: number) => NodeJS.Timeout;
	clearTimeout?: (timer: NodeJS.Timeout) => void;
}

/**
 * The one registry of live games for every game type, in memory only. Games are keyed by id (the id travels in the
 * buttons' custom ids, so several games run side by side in one channel) and indexed by channel + player for the
 * "one game per player per channel" rule. Each game has one idle timer, re-armed on activity.
 */
export class GameManager<Game extends ManagedGame> {
	readonly #games = new Map<string, Game>();
	readonly #byPlayer = new Map<string, string>();
	readonly #timers = new Map<string, NodeJS.Timeout>();
	readonly #setTimeout: (run: () => void, ms: number) => NodeJS.Timeout;
	readonly #clearTimeout: (timer: NodeJS.Timeout) => void;

	public constructor(options: GameManagerOptions = {}) {
		this.#setTimeout = options.setTimeout ?? ((run, ms) => setTimeout(run, ms));
		this.#clearTimeout = options.clearTimeout ?? ((timer) => clearTimeout(timer));
	}

	/** A fresh id: 8 base-36 characters, not in use. */
	public newId(): string {
		let id: string;
		do id = randomBytes(6).readUIntBE(0, 6).toString(36).padStart(8, '0').slice(-8);
		while (this.#games.has(id));
		return id;
	}

	public get size(): number {
		return this.#games.size;
	}

	public get(id: string): Game | undefined {
		return this.#games.get(id);
	}

	/** The game `userId` plays in `channelId`, if any. */
	public gameOf(channelId: string, userId: string): Game | undefined {
		const id = this.#byPlayer.get(`${channelId}:${userId}`);
		return id === undefined ? undefined : this.#games.get(id);
	}

	/** Registers a game. Throws when the id is taken or a player already plays in that channel (check first). */
	public add(game: Game): Game {
		if (this.#games.has(game.id)) throw new Error(`Game ${game.id} already exists`);
		const busy = game.players.find((player) => this.#byPlayer.has(`${game.channelId}:${player}`));
		if (busy) throw new Error(`Player ${busy} is already in a game in channel ${game.channelId}`);
		this.#games.set(game.id, game);
		for (const player of game.players) this.#byPlayer.set(`${game.channelId}:${player}`, game.id);
		return game;
	}

	/** (Re)starts the game's idle timer: `onExpire` runs once after `ms` without another arm(), unless the game ended. */
	public arm(id: string, ms: number, onExpire: (game: Game) => void): void {
		const previous = this.#timers.get(id);
		if (previous) this.#clearTimeout(previous);
		if (!this.#games.has(id)) return;
		const timer = this.#setTimeout(() => {
			this.#timers.delete(id);
			const game = this.#games.get(id);
			if (game) onExpire(game);
		}, ms);
		timer.unref?.();
		this.#timers.set(id, timer);
	}

	/** Removes the game, its indexes and its timer. Returns it, or undefined when it was already gone. */
	public end(id: string): Game | undefined {
		const game = this.#games.get(id);
		if (!game) return undefined;
		this.#games.delete(id);
		const timer = this.#timers.get(id);
		if (timer) this.#clearTimeout(timer);
		this.#timers.delete(id);
		for (const player of game.players) {
			const key = `${game.channelId}:${player}`;
			if (this.#byPlayer.get(key) === id) this.#byPlayer.delete(key);
		}
		return game;
	}

	public inGuild(guildId: string): Game[] {
		return [...this.#games.values()].filter((game) => game.guildId === guildId);
	}

	public all(): Game[] {
		return [...this.#games.values()];
	}

	/** Ends every game (their timers too). Returns the ended games. */
	public clear(): Game[] {
		const games = this.all();
		for (const game of games) this.end(game.id);
		return games;
	}
}
