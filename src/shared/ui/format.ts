/** Inline code that survives backticks and line breaks in user text (a pattern, a trigger), clipped to `max` characters. */
export function code(text: string, max = 300): string {
	const clipped = text.length > max ? `${text.slice(0, max - 1)}…` : text;
	return `\`${clipped.replace(/`/g, 'ˋ').replace(/\n/g, ' ') || ' '}\``;
}
