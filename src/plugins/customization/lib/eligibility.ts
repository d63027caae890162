import type { CustomRoleSettings } from './settings';

export interface EligibilityInput {
	settings: Pick<CustomRoleSettings, 'boosters' | 'minLevel'>;
	isBooster: boolean;
	/** The member's level, or null when progression is off in the guild (levels then do not count). */
	level: number | null;
}

export type Eligibility =
	| { eligible: true; via: 'booster' | 'level' }
	| { eligible: false; reason: 'closed' | 'not_booster' | 'level_too_low' | 'not_booster_nor_level'; message: string };

/**
 * Who may have a custom role: boosters (when `boosters`), members at or above `minLevel` (when set and progression is
 * on), either of them when both are set. The message tells the member what would make them eligible.
 */
export function checkEligibility({ settings, isBooster, level }: EligibilityInput): Eligibility {
	const levelOpen = settings.minLevel !== null && level !== null;
	if (settings.boosters && isBooster) return { eligible: true, via: 'booster' };
	if (levelOpen && level! >= settings.minLevel!) return { eligible: true, via: 'level' };

	if (!settings.boosters && !levelOpen) {
		return {
			eligible: false,
			reason: 'closed',
			message:
				settings.minLevel !== null
					? 'Custom roles here are earned by level, but levels are switched off in this server.'
					: 'Custom roles are not open to anyone here. An admin can choose who gets one with `/customrole config`.'
		};
	}
	if (settings.boosters && !levelOpen) {
		return { eligible: false, reason: 'not_booster', message: 'Custom roles here are a perk for server boosters. Boost the server to get one!' };
	}
	const levelText = `You are level ${level ?? 0}; custom roles start at level ${settings.minLevel}.`;
	if (!settings.boosters) return { eligible: false, reason: 'level_too_low', message: `${levelText} Keep chatting!` };
	return { eligible: false, reason: 'not_booster_nor_level', message: `${levelText} Boosting the server also unlocks one.` };
}
