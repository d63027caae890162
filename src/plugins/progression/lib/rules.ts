import { MULTIPLIER_CAP, type ProgressionSettings } from './settings';

export const MULTIPLIER_RULE = `highest role multiplier × channel multiplier (1 when none is set), capped at ${MULTIPLIER_CAP}×; a multiplier of 0 means no XP`;

/** The multiplier rule: the member's highest role multiplier times the channel's multiplier, capped. */
export function effectiveMultiplier(
	settings: Pick<ProgressionSettings, 'roleMultipliers' | 'channelMultipliers'>,
	roleIds: Iterable<string>,
	channelIds: Iterable<string>
): number {
	let role: number | null = null;
	for (const id of roleIds) {
		const value = settings.roleMultipliers[id];
		if (value !== undefined && (role === null || value > role)) role = value;
	}
	let channel = 1;
	for (const id of channelIds) {
		const value = settings.channelMultipliers[id];
		if (value !== undefined) {
			channel = value;
			break;
		}
	}
	return Math.min(MULTIPLIER_CAP, (role ?? 1) * channel);
}

/** Random XP in [min, max], times the multiplier, rounded down. */
export function rollXp(min: number, max: number, multiplier: number, random: () => number = Math.random): number {
	const base = min + Math.floor(random() * (max - min + 1));
	return Math.floor(base * multiplier);
}

/**
 * Per-member cooldown: remembers when each member last earned XP, by guild then user. Two map look-ups with the ids
 * Discord gave (whose hashes V8 keeps) rather than building and hashing a `guild:user` string on every message.
 */
export class Cooldowns {
	readonly #last = new Map<string, Map<string, number>>();
	#size = 0;

	/** Whether the member is still cooling down (nothing recorded): lets most messages stop before any other check. */
	public cooling(guildId: string, userId: string, cooldownMs: number, now = Date.now()): boolean {
		if (cooldownMs <= 0) return false;
		const last = this.#last.get(guildId)?.get(userId);
		return last !== undefined && now - last < cooldownMs;
	}

	/** True (and records `now`) when the member may earn XP again. */
	public take(guildId: string, userId: string, cooldownMs: number, now = Date.now()): boolean {
		if (cooldownMs <= 0) return true;
		let guild = this.#last.get(guildId);
		const last = guild?.get(userId);
		if (last !== undefined && now - last < cooldownMs) return false;
		if (!guild) this.#last.set(guildId, (guild = new Map()));
		if (last === undefined) this.#size++;
		guild.set(userId, now);
		if (this.#size > 100_000) this.sweep(now, cooldownMs);
		return true;
	}

	/** Members remembered (one map slot each). */
	public get size(): number {
		return this.#size;
	}

	public sweep(now: number, cooldownMs: number): void {
		for (const [guildId, guild] of this.#last) {
			for (const [userId, at] of guild) {
				if (now - at < cooldownMs) continue;
				guild.delete(userId);
				this.#size--;
			}
			if (guild.size === 0) this.#last.delete(guildId);
		}
	}

	public clear(): void {
		this.#last.clear();
		this.#size = 0;
	}
}

export interface TemplateVars {
	user: string;
	level: number | string;
	role: string;
	server: string;
}

/** Fills {user}, {level}, {role} and {server}; unknown placeholders stay as typed. */
export function renderTemplate(template: string, vars: TemplateVars): string {
	return template.replace(/\{(user|level|role|server)\}/g, (_match, name: keyof TemplateVars) => String(vars[name]));
}

export interface RewardRow {
	roleId: string;
	level: number;
}

/** Which reward roles a member at `level` should and should not have, per stack mode. */
export function rewardPlan(rewards: readonly RewardRow[], level: number, mode: 'stack' | 'highest'): { keep: string[]; drop: string[] } {
	const earned = rewards.filter((reward) => reward.level <= level).sort((x, y) => y.level - x.level);
	const keep = mode === 'stack' ? earned.map((reward) => reward.roleId) : earned.slice(0, 1).map((reward) => reward.roleId);
	const drop = rewards.map((reward) => reward.roleId).filter((id) => !keep.includes(id));
	return { keep, drop };
}
