export interface CommandMatcherOptions {
	/** The client's `defaultPrefix`: one prefix, several, or none. */
	prefixes: string | readonly string[] | null | undefined;
	caseInsensitive?: boolean;
	/** The bot's user id, so that `<@id>` / `<@!id>` counts as a prefix (as it does for Sapphire's message commands). */
	botId?: string | null;
}

/**
 * Builds the test behind `RouteContext.isCommand`. It is one anchored regular expression, compiled once,
 * so a long message costs the same as a short one and case-insensitivity needs no lower-cased copy.
 */
export function createCommandMatcher({ prefixes, caseInsensitive = false, botId = null }: CommandMatcherOptions): (content: string) => boolean {
	const list = typeof prefixes === 'string' ? [prefixes] : (prefixes ?? []);
	// An empty prefix would make every message a command; Sapphire ignores it too.
	const alternatives = list.filter((prefix) => prefix.length > 0).map(escapeRegExp);
	if (botId) alternatives.unshift(`<@!?${escapeRegExp(botId)}>`);
	if (alternatives.length === 0) return () => false;
	const pattern = new RegExp(`^(?:${alternatives.join('|')})`, caseInsensitive ? 'i' : '');
	return (content) => pattern.test(content);
}

function escapeRegExp(value: string): string {
	return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
