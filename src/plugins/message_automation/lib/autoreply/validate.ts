import { validateRegex } from '#shared/regex/validate';
import { compileGlob } from './glob';
import { MAX_TRIGGER_LENGTH, type MatchKind } from './kinds';
import { matchText } from './text';

export type TriggerValidation = { ok: true; trigger: string; normalized: string } | { ok: false; reason: string };

const LETTERS = /[\p{L}\p{N}]/gu;

/**
 * Checks a trigger before it is stored and gives its normalised form (text.ts; for regexes the pattern itself). A
 * trigger is refused when it is empty (also once normalised: a lone mention or invisible characters), too long, a
 * `contains` or `wildcard` one too short to mean anything (it would fire on almost every message), or a regex that
 * the shared sandbox refuses (invalid, nested repetitions, too slow in a stress test, matching the empty text).
 */
export function validateTrigger(input: string, kind: MatchKind): TriggerValidation {
	const trigger = kind === 'regex' ? input.trim() : input.trim().replace(/\s+/g, ' ');
	if (trigger.length === 0) return { ok: false, reason: 'The trigger is empty.' };
	if (trigger.length > MAX_TRIGGER_LENGTH)
		return { ok: false, reason: `The trigger is ${trigger.length} characters long; the limit is ${MAX_TRIGGER_LENGTH}.` };
	if (kind === 'regex') {
		const result = validateRegex(trigger, { maxLength: MAX_TRIGGER_LENGTH });
		return result.ok ? { ok: true, trigger, normalized: trigger } : { ok: false, reason: result.reason };
	}
	if (kind === 'wildcard') {
		const glob = compileGlob(trigger);
		if ((glob.normalized.replace(/[*?]/g, '').match(LETTERS)?.length ?? 0) < 2)
			return { ok: false, reason: 'A wildcard trigger needs at least two letters or digits besides `*` and `?`.' };
		return { ok: true, trigger, normalized: glob.normalized };
	}
	const normalized = matchText(trigger);
	if (normalized.length === 0)
		return { ok: false, reason: 'Nothing is left of that trigger once mentions and invisible characters are set aside.' };
	if (kind === 'contains' && normalized.replace(/ /g, '').length < 2)
		return { ok: false, reason: 'A contains trigger needs at least two characters, or it would fire on almost every message.' };
	return { ok: true, trigger, normalized };
}
