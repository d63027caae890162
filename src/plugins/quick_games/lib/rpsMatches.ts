import { randomBytes } from 'node:crypto';
import type { RpsChoice } from './rps';

/** Button custom ids: `rps:<matchId>:<choice>` (≤ 30 characters). */
export const RPS_PREFIX = 'rps';

export const rpsSettings = {
	/** How long both players have to choose before the challenge expires. */
	timeoutMs: 60_000
};

export interface RpsMatch {
	id: string;
	guildId: string | null;
	channelId: string;
	challengerId: string;
	opponentId: string;
	choices: Map<string, RpsChoice>;
	/** Set once the challenge message exists, so the expiry can edit it. */
	messageId: string | null;
	expiresAt: number;
	timer: NodeJS.Timeout | null;
}

export type RpsPick =
	| { kind: 'unknown' }
	| { kind: 'stranger'; match: RpsMatch }
	| { kind: 'already'; match: RpsMatch; choice: RpsChoice }
	| { kind: 'waiting'; match: RpsMatch; waitingFor: string }
	| { kind: 'done'; match: RpsMatch };

/**
 * Open two-player challenges, in memory: a challenge lives a minute, so a restart simply lets it lapse (its buttons
 * then answer "expired"). Choices never leave this map until both are in, which is what keeps them secret.
 */
export class RpsMatches {
	private readonly matches = new Map<string, RpsMatch>();

	public get size(): number {
		return this.matches.size;
	}

	public create(input: Pick<RpsMatch, 'guildId' | 'channelId' | 'challengerId' | 'opponentId'>, now = Date.now()): RpsMatch {
		const match: RpsMatch = {
			...input,
			id: randomBytes(6).toString('hex'),
			choices: new Map(),
			messageId: null,
			expiresAt: now + rpsSettings.timeoutMs,
			timer: null
		};
		this.matches.set(match.id, match);
		return match;
	}

	public get(id: string): RpsMatch | undefined {
		return this.matches.get(id);
	}

	/** Arms the expiry; `onExpire` runs once if the match is still open when time runs out. */
	public arm(match: RpsMatch, onExpire: (match: RpsMatch) => void | Promise<void>): void {
		match.timer = setTimeout(
			() => {
				if (this.matches.get(match.id) !== match) return;
				this.matches.delete(match.id);
				void onExpire(match);
			},
			Math.max(0, match.expiresAt - Date.now())
		);
		match.timer.unref();
	}

	/** Records `userId`'s choice. The second choice closes the match. */
	public pick(id: string, userId: string, choice: RpsChoice): RpsPick {
		const match = this.matches.get(id);
		if (!match) return { kind: 'unknown' };
		if (userId !== match.challengerId && userId !== match.opponentId) return { kind: 'stranger', match };
		const previous = match.choices.get(userId);
		if (previous) return { kind: 'already', match, choice: previous };
		match.choices.set(userId, choice);
		if (match.choices.size < 2)
			return { kind: 'waiting', match, waitingFor: userId === match.challengerId ? match.opponentId : match.challengerId };
		this.close(match);
		return { kind: 'done', match };
	}

	public close(match: RpsMatch): void {
		if (match.timer) clearTimeout(match.timer);
		this.matches.delete(match.id);
	}

	public clear(): void {
		for (const match of this.matches.values()) if (match.timer) clearTimeout(match.timer);
		this.matches.clear();
	}
}

export const rpsMatches = new RpsMatches();

export function rpsCustomId(matchId: string, choice: RpsChoice): string {
	return `${RPS_PREFIX}:${matchId}:${choice}`;
}

export function parseRpsCustomId(customId: string): { matchId: string; choice: string } | null {
	const [prefix, matchId, choice] = customId.split(':');
	if (prefix !== RPS_PREFIX || !matchId || !choice) return null;
	return { matchId, choice };
}
