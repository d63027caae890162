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

/** Per-user cooldown: remembers when each member last earned XP. */
export class Cooldowns {
	readonly #last = new Map<string, number>();

	/** True (and records `now`) when the member may earn XP again. */
	public take(key: string, cooldownMs: number, now = Date.now()): boolean {
		if (cooldownMs <= 0) return true;
		const last = this.#last.get(key);
		if (last !== undefined && now - last < cooldownMs) return false;
		this.#last.set(key, now);
		if (this.#last.size > 100_000) this.sweep(now, cooldownMs);
		return true;
	}

	/** Members remembered (one map slot and a `guild:user` key each). */
	public get size(): number {
		return this.#last.size;
	}

	public sweep(now: number, cooldownMs: number): void {
		for (const [key, at] of this.#last) if (now - at >= cooldownMs) this.#last.delete(key);
	}

	public clear(): void {
		this.#last.clear();
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
