import type { ApplicationCommandOptionChoiceData } from 'discord.js';

/** Discord shows at most 25 suggestions, each label at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_LABEL = 100;

/**
 * Autocomplete suggestions from a list (a server's filter rules, auto-replies, ...): the items whose `search` text
 * contains what was typed, case-insensitive, in list order, labels clipped to Discord's limit.
 */
export function matchingChoices<T>(
	items: readonly T[],
	typed: string,
	describe: (item: T) => { search: string; name: string; value: string }
): ApplicationCommandOptionChoiceData<string>[] {
	const wanted = typed.toLowerCase();
	const choices: ApplicationCommandOptionChoiceData<string>[] = [];
	for (const item of items) {
		const { search, name, value } = describe(item);
		if (!search.toLowerCase().includes(wanted)) continue;
		choices.push({ name: name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name, value });
		if (choices.length === MAX_CHOICES) break;
	}
	return choices;
}
