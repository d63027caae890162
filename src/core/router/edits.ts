/** The fields of the two sides of a MESSAGE_UPDATE that tell whether the text really changed. */
export interface EditSnapshot {
	readonly content: string | null;
	readonly editedTimestamp: number | null;
	readonly partial: boolean;
}

/**
 * MESSAGE_UPDATE also fires when Discord merely unfurls a link or a pin changes, and edit handlers
 * (the word filter, mostly) must not re-judge text that did not change. When the old message was not
 * cached its content is unknown, so a new edit timestamp is the only evidence left: embed unfurls do not set it.
 */
export function contentChanged(before: EditSnapshot, after: EditSnapshot): boolean {
	if (!before.partial && before.content !== null) return before.content !== after.content;
	return after.editedTimestamp !== null && after.editedTimestamp !== before.editedTimestamp;
}
