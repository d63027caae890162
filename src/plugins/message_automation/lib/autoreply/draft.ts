import { MAX_COOLDOWN_SECONDS, type AutoReply, type CooldownScope, type MatchKind, type Mode } from './kinds';
import { formatResponses, parseResponses } from './responses';
import { parseIdList } from './scope';
import { validateTrigger } from './validate';

/** What an admin typed in `/autoreply add` or `/autoreply edit`: every field optional (edit changes only those given). */
export interface DraftInput {
	readonly trigger?: string | null;
	readonly response?: string | null;
	readonly match?: MatchKind | null;
	readonly mode?: Mode | null;
	readonly chance?: number | null;
	readonly cooldownSeconds?: number | null;
	readonly cooldownScope?: CooldownScope | null;
	readonly deleteTrigger?: boolean | null;
	readonly onlyChannels?: string | null;
	readonly exceptChannels?: string | null;
	readonly onlyRoles?: string | null;
	readonly exceptRoles?: string | null;
}

/** A trigger ready to be stored: everything but its id and its count. */
export type TriggerDraft = Omit<AutoReply, 'id' | 'fired'>;

export type DraftResult = { ok: true; draft: TriggerDraft } | { ok: false; reason: string };

/** Whether an id is a channel / role of the guild (the command answers from Discord's cache). */
export interface GuildLookup {
	readonly channel: (id: string) => boolean;
	readonly role: (id: string) => boolean;
}

/**
 * Validates a new trigger (`base` null: `trigger` and `response` are required) or the edit of `base` (only the fields
 * given change; the rest is re-checked with them, e.g. switching to react mode needs emoji responses). Nothing is
 * stored here: the first problem found is returned as one sentence.
 */
export function buildDraft(input: DraftInput, base: AutoReply | null, guild: GuildLookup): DraftResult {
	const match = input.match ?? base?.match ?? 'word';
	const mode = input.mode ?? base?.mode ?? 'reply';

	let trigger = base?.trigger ?? '';
	let normalized = base?.normalized ?? '';
	if (input.trigger != null || input.match != null || !base) {
		const validation = validateTrigger(input.trigger ?? trigger, match);
		if (!validation.ok) return validation;
		({ trigger, normalized } = validation);
	}

	const responseText = input.response ?? (base ? formatResponses(base.responses) : '');
	const parsed = parseResponses(responseText, mode);
	if (!parsed.ok) return parsed;

	const chance = input.chance ?? base?.chance ?? 100;
	if (!Number.isInteger(chance) || chance < 0 || chance > 100) return { ok: false, reason: 'The chance is a whole percentage from 0 to 100.' };
	const cooldownSeconds = input.cooldownSeconds ?? base?.cooldownSeconds ?? 0;
	if (!Number.isInteger(cooldownSeconds) || cooldownSeconds < 0 || cooldownSeconds > MAX_COOLDOWN_SECONDS)
		return { ok: false, reason: `The cooldown is a whole number of seconds from 0 to ${MAX_COOLDOWN_SECONDS} (a day).` };

	const deleteTrigger = input.deleteTrigger ?? base?.deleteTrigger ?? false;
	if (deleteTrigger && mode === 'react')
		return { ok: false, reason: 'A reaction on a message I delete would be seen by nobody: pick another mode, or keep the message.' };

	const scope = { ...(base?.scope ?? { onlyChannels: [], exceptChannels: [], onlyRoles: [], exceptRoles: [] }) };
	const lists = [
		['onlyChannels', input.onlyChannels, 'channel'],
		['exceptChannels', input.exceptChannels, 'channel'],
		['onlyRoles', input.onlyRoles, 'role'],
		['exceptRoles', input.exceptRoles, 'role']
	] as const;
	for (const [field, text, kind] of lists) {
		if (text == null) continue;
		const ids = parseIdList(text, kind, guild[kind]);
		if (!ids.ok) return ids;
		scope[field] = ids.ids;
	}

	return {
		ok: true,
		draft: {
			trigger,
			normalized,
			match,
			responses: parsed.responses,
			mode,
			deleteTrigger,
			chance,
			cooldownSeconds,
			cooldownScope: input.cooldownScope ?? base?.cooldownScope ?? 'channel',
			scope
		}
	};
}
