/**
 * Placeholders in responses. An unknown one is refused when the trigger is saved (with the list of valid ones), so a
 * typo never reaches a channel as `{usr}`.
 */
export const PLACEHOLDERS = ['user', 'user.name', 'server', 'channel', 'args', 'count'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const PLACEHOLDER_HELP: Record<Placeholder, string> = {
	user: 'a mention of the author',
	'user.name': "the author's name in the server",
	server: 'the server name',
	channel: 'a link to the channel',
	args: 'the text after the trigger',
	count: 'how many times the trigger has fired, this time included'
};

/** `{anything}` that looks like a placeholder: letters first, then letters, digits, `.` and `_`. */
const PLACEHOLDER = /\{([a-z][\w.]*)\}/gi;

function isPlaceholder(name: string): name is Placeholder {
	return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** The placeholders of `text` that Tika does not know, each once, in order. */
export function unknownPlaceholders(text: string): string[] {
	const unknown = new Set<string>();
	for (const [, name] of text.matchAll(PLACEHOLDER)) if (!isPlaceholder(name!)) unknown.add(name!);
	return [...unknown];
}

export function usesPlaceholder(text: string, placeholder: Placeholder): boolean {
	return text.includes(`{${placeholder}}`);
}

/**
 * Fills the placeholders in one pass: a value is never read again, so `{args}` typed by a member that contains
 * `{count}` stays as typed.
 */
export function renderTemplate(text: string, values: Readonly<Record<Placeholder, string>>): string {
	return text.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole));
}

/** `{user}`, `{user.name}`, ... for messages to admins. */
export function placeholderList(): string {
	return PLACEHOLDERS.map((name) => `\`{${name}}\``).join(', ');
}

/** Who and where a response is for: the values behind the placeholders. */
export interface TemplateContext {
	readonly authorId: string;
	readonly authorName: string;
	readonly serverName: string;
	readonly channelId: string;
	readonly args: string;
	readonly count: number;
}

/** Longest message Discord accepts; a response that grows past it (a long `{args}`) is cut. */
const MAX_CONTENT = 2_000;

/** A response with its placeholders filled, at most 2,000 characters. */
export function renderResponse(text: string, context: TemplateContext): string {
	const rendered = renderTemplate(text, {
		user: `<@${context.authorId}>`,
		'user.name': context.authorName,
		server: context.serverName,
		channel: `<#${context.channelId}>`,
		args: context.args,
		count: String(context.count)
	});
	return rendered.length > MAX_CONTENT ? `${rendered.slice(0, MAX_CONTENT - 1)}…` : rendered;
}

/**
 * The mentions a response may ping, whatever its text says (`@everyone`, `<@&role>` and `{args}` typed by a member
 * included): the author only, and a reply never pings by itself.
 */
export function lockedMentions(authorId: string) {
	return { users: [authorId], roles: [] as string[], parse: [] as never[], repliedUser: false };
}
