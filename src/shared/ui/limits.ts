import type { APIEmbed, APIEmbedField } from 'discord.js';

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EmbedLimits = {
	title: 256,
	description: 4096,
	fields: 25,
	fieldName: 256,
	fieldValue: 1024,
	footerText: 2048,
	authorName: 256,
	/** Title, description, field names and values, footer text and author name together. */
	total: 6000
} as const;

const ELLIPSIS = '…';
/** Discord rejects empty field names and values; a zero-width space is the conventional "blank". */
const BLANK = '\u200b';

/**
 * Shortens `text` to at most `max` characters, ending in an ellipsis when cut, so a reader can tell it was cut.
 * Never splits a surrogate pair, which would leave a broken character before the ellipsis.
 */
export function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= 0) return '';
	let end = max - ELLIPSIS.length;
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--;
	return text.slice(0, Math.max(0, end)) + ELLIPSIS;
}

export function clampField(field: APIEmbedField): APIEmbedField {
	return {
		...field,
		name: truncate(field.name || BLANK, EmbedLimits.fieldName),
		value: truncate(field.value || BLANK, EmbedLimits.fieldValue)
	};
}

/** The characters Discord counts towards {@link EmbedLimits.total}. */
export function embedTextLength(data: APIEmbed): number {
	let length = (data.title?.length ?? 0) + (data.description?.length ?? 0) + (data.footer?.text.length ?? 0) + (data.author?.name.length ?? 0);
	for (const field of data.fields ?? []) length += field.name.length + field.value.length;
	return length;
}

/**
 * A copy of `data` that Discord will accept: every text clamped to its limit, at most 25 fields, and at most 6000
 * characters in all. Over the total, the description gives way first (it is usually the long free text), then the last
 * fields, so the embed keeps its headline and its first fields as long as possible.
 */
export function clampEmbedData(data: APIEmbed): APIEmbed {
	const out: APIEmbed = { ...data };
	if (out.title !== undefined) out.title = truncate(out.title, EmbedLimits.title);
	if (out.description !== undefined) out.description = truncate(out.description, EmbedLimits.description);
	if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, EmbedLimits.footerText) };
	if (out.author) out.author = { ...out.author, name: truncate(out.author.name, EmbedLimits.authorName) };
	if (out.fields) out.fields = out.fields.slice(0, EmbedLimits.fields).map(clampField);

	let excess = embedTextLength(out) - EmbedLimits.total;
	if (excess <= 0) return out;

	if (out.description) {
		const keep = out.description.length - excess;
		// Dropping it beats a description that is nothing but an ellipsis.
		if (keep > ELLIPSIS.length) out.description = truncate(out.description, keep);
		else delete out.description;
		excess = embedTextLength(out) - EmbedLimits.total;
	}
	while (excess > 0 && out.fields?.length) {
		out.fields = out.fields.slice(0, -1);
		excess = embedTextLength(out) - EmbedLimits.total;
	}
	// Title, footer and author at their own limits add up to 2,560 characters, so nothing else ever needs cutting.
	return out;
}
