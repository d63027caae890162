import {
	CURVE_TYPES,
	ANNOUNCE_MODES,
	REWARD_MODES,
	MAX_TEMPLATE_LENGTH,
	type ProgressionSettings,
	type CurveType,
	type AnnounceMode,
	type RewardMode
} from './settings';

/** Options of `/levels config set`: what the admin types, which setting it changes, and how the value is read. */
export const CONFIG_OPTIONS = {
	'xp-min': 'Least XP per message (0–1000)',
	'xp-max': 'Most XP per message (0–1000)',
	cooldown: 'Seconds between two messages that earn XP (0–86400)',
	'min-length': 'Shortest message (characters) that earns XP',
	curve: `Level curve: ${CURVE_TYPES.join(', ')}`,
	'curve-a': 'Quadratic curve: a in a·l² + b·l + c',
	'curve-b': 'Linear step / quadratic b',
	'curve-c': 'Base cost per level (linear, flat, quadratic)',
	'max-level': 'Highest level (1–1000)',
	announce: `Where level-ups are announced: ${ANNOUNCE_MODES.join(', ')}`,
	'announce-channel': 'Channel for announce mode "channel" (mention or id)',
	template: `Level-up message with {user} {level} {role} {server} ("default" for Tika's own lines)`,
	'reward-mode': `Reward roles: ${REWARD_MODES.join(', ')}`
} as const;

export type ConfigOption = keyof typeof CONFIG_OPTIONS;

function int(value: string, name: string): number {
	const parsed = Number(value.trim());
	if (!Number.isInteger(parsed)) throw new Error(`${name} must be a whole number, not "${value.slice(0, 50)}".`);
	return parsed;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
	const normalized = value.trim().toLowerCase();
	if (!(allowed as readonly string[]).includes(normalized)) throw new Error(`${name} must be one of: ${allowed.join(', ')}.`);
	return normalized as T;
}

/** Turns `/levels config set option value` into a settings patch; throws an Error whose message is shown to the admin. */
export function parseConfigValue(option: ConfigOption, value: string): Partial<ProgressionSettings> {
	switch (option) {
		case 'xp-min':
			return { xpMin: int(value, 'xp-min') };
		case 'xp-max':
			return { xpMax: int(value, 'xp-max') };
		case 'cooldown':
			return { cooldownSeconds: int(value, 'cooldown') };
		case 'min-length':
			return { minLength: int(value, 'min-length') };
		case 'curve':
			return { curve: oneOf<CurveType>(value, CURVE_TYPES, 'curve') };
		case 'curve-a':
			return { curveA: int(value, 'curve-a') };
		case 'curve-b':
			return { curveB: int(value, 'curve-b') };
		case 'curve-c':
			return { curveC: int(value, 'curve-c') };
		case 'max-level':
			return { maxLevel: int(value, 'max-level') };
		case 'announce':
			return { announce: oneOf<AnnounceMode>(value, ANNOUNCE_MODES, 'announce') };
		case 'announce-channel': {
			const id = /^(?:<#)?(\d{17,20})>?$/.exec(value.trim())?.[1];
			if (!id) throw new Error('announce-channel must be a channel mention (#channel) or a channel id.');
			return { announceChannelId: id };
		}
		case 'template': {
			const text = value.trim();
			if (['default', 'none', 'reset', ''].includes(text.toLowerCase())) return { template: null };
			if (text.length > MAX_TEMPLATE_LENGTH) throw new Error(`The template is limited to ${MAX_TEMPLATE_LENGTH} characters.`);
			return { template: text };
		}
		case 'reward-mode':
			return { rewardMode: oneOf<RewardMode>(value, REWARD_MODES, 'reward-mode') };
	}
}
