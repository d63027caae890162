import { join } from 'node:path';
import { Personality } from './Personality';

/**
 * The shipped personality file. Resolved from this file rather than `process.cwd()` because the bot may be started
 * from anywhere; three levels up is the repository root both from `src/shared/personality/` (tsx, jest) and from
 * `dist/shared/personality/` (the build, whose rootDir is `src`).
 */
export const DEFAULT_PERSONALITY_PATH = join(__dirname, '../../../assets/templates/personality.yml');

let instance: Personality | null = null;

/**
 * The app-wide personality, loaded on first use. Call it once at start-up so a broken personality file stops the
 * boot with a clear message instead of surfacing on the first error reply. To tune the frustration tracker, install
 * your own with `setPersonality(Personality.fromFile(DEFAULT_PERSONALITY_PATH, { tracker }))` first.
 */
export function getPersonality(): Personality {
	instance ??= Personality.fromFile(DEFAULT_PERSONALITY_PATH);
	return instance;
}

/** Replaces the app-wide personality (tests, or a reload after the file was edited); `null` goes back to lazy loading. */
export function setPersonality(personality: Personality | null): void {
	instance = personality;
}
