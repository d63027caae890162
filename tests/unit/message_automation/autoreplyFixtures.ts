import { EMPTY_SCOPE, type AutoReply, type MatchKind } from '../../../src/plugins/message_automation/lib/autoreply/kinds';
import { validateTrigger } from '../../../src/plugins/message_automation/lib/autoreply/validate';

let nextId = 1;

/** A trigger as the database would hold it (validated, normalised), with defaults for everything not given. */
export function trigger(text: string, match: MatchKind = 'word', extra: Partial<AutoReply> = {}): AutoReply {
	const validation = validateTrigger(text, match);
	if (!validation.ok) throw new Error(`test trigger refused: ${validation.reason}`);
	return {
		id: nextId++,
		trigger: validation.trigger,
		normalized: validation.normalized,
		match,
		responses: [{ text: 'hello', weight: 1 }],
		mode: 'reply',
		deleteTrigger: false,
		chance: 100,
		cooldownSeconds: 0,
		cooldownScope: 'channel',
		scope: EMPTY_SCOPE,
		fired: 0,
		...extra
	};
}
