import { container } from '@sapphire/framework';
import type { ReadonlyDocument } from '#core/database/DataManager';
import { MAX_LEVEL_CAP, MEE6_CURVE, type Curve } from './curve';

export const CURVE_TYPES = ['mee6', 'linear', 'flat', 'quadratic'] as const;
export type CurveType = (typeof CURVE_TYPES)[number];
export const ANNOUNCE_MODES = ['same', 'channel', 'dm', 'none'] as const;
export type AnnounceMode = (typeof ANNOUNCE_MODES)[number];
export const REWARD_MODES = ['stack', 'highest'] as const;
export type RewardMode = (typeof REWARD_MODES)[number];

/** The product of the role and channel multipliers never goes above this. */
export const MULTIPLIER_CAP = 5;
export const MAX_TEMPLATE_LENGTH = 500;
export const MAX_XP_PER_MESSAGE = 1_000;

export interface ProgressionSettings {
	xpMin: number;
	xpMax: number;
	cooldownSeconds: number;
	minLength: number;
	noXpChannels: string[];
	noXpRoles: string[];
	roleMultipliers: Record<string, number>;
	channelMultipliers: Record<string, number>;
	curve: CurveType;
	/** Coefficients for the linear (b = step, c = base), flat (c) and quadratic (a, b, c) curves. */
	curveA: number;
	curveB: number;
	curveC: number;
	maxLevel: number;
	announce: AnnounceMode;
	announceChannelId: string | null;
	template: string | null;
	rewardMode: RewardMode;
}

export const DEFAULT_SETTINGS: ProgressionSettings = {
	xpMin: 15,
	xpMax: 25,
	cooldownSeconds: 60,
	minLength: 3,
	noXpChannels: [],
	noXpRoles: [],
	roleMultipliers: {},
	channelMultipliers: {},
	curve: 'mee6',
	curveA: 5,
	curveB: 50,
	curveC: 100,
	maxLevel: 500,
	announce: 'same',
	announceChannelId: null,
	template: null,
	rewardMode: 'stack'
};

export const DATA_KEY = 'progression';

export function curveOf(settings: Pick<ProgressionSettings, 'curve' | 'curveA' | 'curveB' | 'curveC'>): Curve {
	switch (settings.curve) {
		case 'mee6':
			return MEE6_CURVE;
		case 'linear':
			return { a: 0, b: settings.curveB, c: settings.curveC };
		case 'flat':
			return { a: 0, b: 0, c: settings.curveC };
		case 'quadratic':
			return { a: settings.curveA, b: settings.curveB, c: settings.curveC };
	}
}

export function describeCurve(settings: ProgressionSettings): string {
	const { a, b, c } = curveOf(settings);
	const terms = [a ? `${a}·l²` : '', b ? `${b}·l` : '', `${c}`].filter(Boolean).join(' + ');
	return `${settings.curve} (level l → l+1 costs ${terms} XP)`;
}

export async function getSettings(guildId: string): Promise<ProgressionSettings> {
	const stored = await container.data.getGuildData(guildId, DATA_KEY, DEFAULT_SETTINGS);
	return { ...DEFAULT_SETTINGS, ...stored };
}

/** The settings merged with the defaults, per stored document (a frozen view): built once per change, not per message. */
const merged = new WeakMap<object, Readonly<ProgressionSettings>>();
const FROZEN_DEFAULTS: Readonly<ProgressionSettings> = Object.freeze({ ...DEFAULT_SETTINGS });

function withDefaults(stored: ReadonlyDocument<ProgressionSettings>): Readonly<ProgressionSettings> {
	if (stored === FROZEN_DEFAULTS) return FROZEN_DEFAULTS;
	let settings = merged.get(stored);
	if (!settings) merged.set(stored, (settings = Object.freeze({ ...DEFAULT_SETTINGS, ...(stored as ProgressionSettings) })));
	return settings;
}

/**
 * The settings for reading on every message: shared and frozen, synchronous when cached (the data manager's view, no
 * clone and no promise), so a message that earns nothing costs no await.
 */
export function settingsNow(guildId: string): Readonly<ProgressionSettings> | Promise<Readonly<ProgressionSettings>> {
	const stored = container.data.viewGuildData(guildId, DATA_KEY, FROZEN_DEFAULTS);
	return stored instanceof Promise ? stored.then(withDefaults) : withDefaults(stored);
}

export async function updateSettings(guildId: string, patch: Partial<ProgressionSettings>): Promise<ProgressionSettings> {
	let next: ProgressionSettings = DEFAULT_SETTINGS;
	await container.data.updateGuildData(guildId, DATA_KEY, (current: ProgressionSettings | undefined) => {
		next = { ...DEFAULT_SETTINGS, ...current, ...patch };
		return next;
	});
	return next;
}

/** Validates a whole settings object after a change; returns an error message or null. */
export function validateSettings(s: ProgressionSettings): string | null {
	const int = (value: number) => Number.isInteger(value);
	if (!int(s.xpMin) || !int(s.xpMax) || s.xpMin < 0 || s.xpMax > MAX_XP_PER_MESSAGE)
		return `XP per message must be whole numbers between 0 and ${MAX_XP_PER_MESSAGE}.`;
	if (s.xpMin > s.xpMax) return `The minimum XP (${s.xpMin}) cannot be above the maximum (${s.xpMax}).`;
	if (!int(s.cooldownSeconds) || s.cooldownSeconds < 0 || s.cooldownSeconds > 86_400) return 'The cooldown must be between 0 and 86400 seconds.';
	if (!int(s.minLength) || s.minLength < 0 || s.minLength > 2_000) return 'The minimum length must be between 0 and 2000 characters.';
	if (!int(s.maxLevel) || s.maxLevel < 1 || s.maxLevel > MAX_LEVEL_CAP) return `The max level must be between 1 and ${MAX_LEVEL_CAP}.`;
	for (const [name, value] of [
		['a', s.curveA],
		['b', s.curveB],
		['c', s.curveC]
	] as const) {
		if (!int(value) || value < 0 || value > 100_000) return `Curve coefficient ${name} must be a whole number between 0 and 100000.`;
	}
	if (s.curve !== 'mee6' && s.curveC < 1) return 'The curve base cost (c) must be at least 1 so every level costs XP.';
	for (const value of [...Object.values(s.roleMultipliers), ...Object.values(s.channelMultipliers)]) {
		if (!Number.isFinite(value) || value < 0 || value > MULTIPLIER_CAP) return `Multipliers must be between 0 and ${MULTIPLIER_CAP}.`;
	}
	if (s.template !== null && s.template.length > MAX_TEMPLATE_LENGTH) return `The template is limited to ${MAX_TEMPLATE_LENGTH} characters.`;
	if (s.announce === 'channel' && !s.announceChannelId)
		return 'Choose a channel for the announcements (`/levels config announce mode:channel channel:#...`).';
	return null;
}
