/**
 * Checks for custom role names and colours. Pure: unit-tested without Discord.
 */
import { parseHexColour, type ColourResult } from '#shared/images/theme';
import { foldChar, hasBidiControl, normalizeText } from '#shared/text/normalize';

export const ROLE_NAME_MIN = 1;
export const ROLE_NAME_MAX = 32;

/** Names that would make a custom role look like staff. Matched on normalised words (see {@link looksLikeStaff}). */
export const STAFF_WORDS = [
	'admin',
	'administrator',
	'admins',
	'mod',
	'mods',
	'moderator',
	'moderators',
	'moderation',
	'staff',
	'owner',
	'owners',
	'coowner',
	'founder',
	'cofounder',
	'helper',
	'support',
	'manager',
	'management',
	'developer',
	'dev',
	'official',
	'system',
	'discord',
	'trustandsafety',
	'security',
	'bot',
	'headmod',
	'trialmod',
	'srmod',
	'jrmod'
] as const;

/** A small built-in list of words no custom role may contain (the moderation filter, when installed, adds the server's own). */
export const BLOCKED_WORDS = [
	'nigger',
	'nigga',
	'faggot',
	'fag',
	'retard',
	'kike',
	'chink',
	'spic',
	'tranny',
	'nazi',
	'hitler',
	'rape',
	'porn',
	'nsfw',
	'cunt',
	'whore',
	'slut'
] as const;

/** Leetspeak and a look-alike that role names use and the shared normalisation (#shared/text/normalize) leaves alone. */
const ROLE_LOOKALIKES: Record<string, string> = { '!': 'i', '8': 'b', '9': 'g', ո: 'n' };

/**
 * The word filter's normalisation (#shared/text/normalize: lower case, full-width and styled letters made plain,
 * accents, invisible and bidi characters removed, Cyrillic/Greek look-alikes and leetspeak folded), plus a few role
 * name look-alikes. Separators stay (as spaces) so words can be told apart. `1` (and `|`) stays `1`: see readings.
 */
export function normaliseForMatching(text: string): string {
	return normalizeText(text)
		.replace(/[!89ո]/gu, (char) => ROLE_LOOKALIKES[char]!)
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** `1` stands for either `i` or `l`, as in the word filter: a normalised name is read both ways ("4dm1n", "he1per"). */
function readings(normalised: string): string[] {
	return normalised.includes('1') ? [normalised.replace(/1/g, 'i'), normalised.replace(/1/g, 'l')] : [normalised];
}

/** "aaadmiiin" → "admin": repeated letters collapsed, so stretching a word does not hide it. */
function squeeze(word: string): string {
	return word.replace(/(.)\1+/gu, '$1');
}

const STAFF_SQUEEZED = new Set(STAFF_WORDS.map(squeeze));
const STAFF_PREFIXES = ['head', 'senior', 'junior', 'trial', 'chief', 'lead', 'co', 'sr', 'jr', 'server', 'super'];

/**
 * Whether a name imitates a staff role: any word (or the whole name with separators removed, which catches
 * "A D M I N" and "m.o.d") is a staff word after normalising, optionally with a rank prefix ("headmod", "co-owner")
 * or a plural. Words that merely contain a staff word ("model", "modern", "badminton") pass.
 */
export function looksLikeStaff(name: string): boolean {
	return readings(normaliseForMatching(name)).some(readsAsStaff);
}

function readsAsStaff(normalised: string): boolean {
	if (!normalised) return false;
	const words = normalised.split(' ');
	const candidates = new Set([...words, words.join('')]);
	// Adjacent pairs catch "head mod", "co owner".
	for (let i = 0; i + 1 < words.length; i++) candidates.add(words[i]! + words[i + 1]!);
	for (const candidate of candidates) {
		const word = squeeze(candidate);
		if (isStaffWord(word)) return true;
		for (const prefix of STAFF_PREFIXES) if (word.startsWith(prefix) && isStaffWord(word.slice(prefix.length))) return true;
	}
	return false;
}

function isStaffWord(word: string): boolean {
	if (STAFF_SQUEEZED.has(word)) return true;
	return word.endsWith('s') && STAFF_SQUEEZED.has(word.slice(0, -1));
}

/** The first blocked word found in `name` (built-in list plus `extra`), matched inside words after normalising; null if clean. */
export function findBlockedWord(name: string, extra: readonly string[] = []): string | null {
	const names = readings(normaliseForMatching(name)).map((normalised) => ({
		joined: squeeze(normalised.replace(/ /g, '')),
		words: normalised.split(' ').map(squeeze)
	}));
	// Short words only as whole words (or plurals), so "spic" does not block "spice".
	const found = (target: string) =>
		names.some(({ joined, words }) =>
			target.length <= 4 ? words.some((word) => word === target || word === `${target}s`) : joined.includes(target)
		);
	for (const blocked of [...BLOCKED_WORDS, ...extra]) {
		const targets = readings(normaliseForMatching(blocked).replace(/ /g, '')).map(squeeze);
		if (targets.some((target) => target && found(target))) return blocked;
	}
	return null;
}

/** The name as the filter folds it, except that whatever shows as `@` stays `@`: `＠еveryone` (full-width @, Cyrillic е) → `@everyone`. */
function mentionSkeleton(name: string): string {
	let skeleton = '';
	for (const char of name) skeleton += char.normalize('NFKC') === '@' ? '@' : foldChar(char.codePointAt(0)!);
	return skeleton;
}

export type NameResult = { ok: true; value: string } | { ok: false; error: string };

/**
 * Checks a custom role name: 1–32 characters after trimming and collapsing spaces, no control, bidi or invisible
 * characters, no mentions (`@everyone`, `<@…>`, `<#…>`, `<@&…>`, also in look-alike letters), nothing that imitates
 * staff, no blocked words. Bidi controls are refused rather than removed: `A\u202eNIMDA` shows as "AADMIN", so no
 * normalisation of what was typed can tell what people will read.
 */
export function validateRoleName(input: string, extraBlocked: readonly string[] = []): NameResult {
	if (hasBidiControl(input))
		return {
			ok: false,
			error: 'The role name contains text-direction characters (such as a right-to-left override), which make it show something other than what it says. Type it plainly.'
		};
	const value = input
		.replace(/[\u200B-\u200F\u2060-\u2064\uFEFF]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	if (value.length < ROLE_NAME_MIN) return { ok: false, error: 'The role name is empty.' };
	if (value.length > ROLE_NAME_MAX) return { ok: false, error: `The role name must be at most ${ROLE_NAME_MAX} characters (got ${value.length}).` };
	// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
	if (/[\u0000-\u001F\u007F]/.test(value)) return { ok: false, error: 'The role name contains control characters.' };
	const skeleton = mentionSkeleton(value);
	if (/@(everyone|here)\b/.test(skeleton) || /<[@#][!&]?\d+>/.test(value) || /^@/.test(skeleton)) {
		return { ok: false, error: 'Role names cannot contain mentions such as @everyone or <@…>.' };
	}
	if (looksLikeStaff(value))
		return { ok: false, error: `"${value}" looks like a staff role. Pick a name that does not imitate admins, moderators or owners.` };
	if (findBlockedWord(value, extraBlocked)) return { ok: false, error: 'That name contains a word that is not allowed here.' };
	return { ok: true, value };
}

/**
 * A role colour from user input (see parseHexColour). Pure black (#000000) is Discord's "no colour", so it becomes
 * #010101, which looks the same and actually shows.
 */
export function parseRoleColour(input: string): ColourResult {
	const parsed = parseHexColour(input);
	if (parsed.ok && parsed.value === 0) return { ok: true, value: 0x010101 };
	return parsed;
}
