import { getPersonality } from '#shared/personality/default';
import type { Personality } from '#shared/personality/Personality';
import { DEFAULT_SASS_LEVEL, type AnyCategory, type ResponseVars, type SassLevel } from '#shared/personality/types';

export interface VoiceOptions {
	userId?: string | null;
	sassLevel?: SassLevel;
	vars?: ResponseVars<string>;
	/** Defaults to the app-wide personality; tests pass their own. */
	personality?: Personality;
}

/**
 * A personality line for the UI kit, or `fallback` when the personality cannot load. The kit speaks while reporting
 * problems, and a broken personality file must not turn one problem into two.
 */
export function voice(category: AnyCategory, options: VoiceOptions, fallback: string): string {
	try {
		const personality = options.personality ?? getPersonality();
		return personality.respond(category, { userId: options.userId, sassLevel: options.sassLevel ?? DEFAULT_SASS_LEVEL, vars: options.vars });
	} catch {
		return fallback;
	}
}

/** Notes that someone pressed buttons that are not theirs, so doing it again and again earns sassier refusals. */
export function recordIntrusion(userId: string, options: Pick<VoiceOptions, 'personality'>): void {
	try {
		(options.personality ?? getPersonality()).tracker.record(userId, 'failure', { command: 'not_your_game' });
	} catch {
		// Same reasoning as voice(): the refusal still goes out without the bookkeeping.
	}
}
