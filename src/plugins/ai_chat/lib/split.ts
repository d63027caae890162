/** Discord's limit on a message's content, in characters (UTF-16 units, as Discord counts them). */
export const MESSAGE_LIMIT = 2000;

/** Room kept at the end of a part that ends inside a code block, for the fence that closes it. */
const CLOSER_ROOM = 12;
/** A part is never cut shorter than this share of what fits when a worse boundary would do: no tiny parts. */
const MIN_SHARE = 0.5;

interface Fence {
	/** The opening line as written (` ```ts `), repeated at the top of the next part. */
	readonly opener: string;
	/** What closes it: the same run of backticks or tildes. */
	readonly closer: string;
}

/**
 * Splits an answer into Discord messages of at most `limit` characters, preferring (in this order) a blank line
 * outside code, the edge of a code block, a line break, a space; a hard cut only when a "word" is longer than a part.
 * A part that ends inside a code block closes its fence and the next part reopens it with the same language, so every
 * part renders on its own and the code reads as one block continued.
 *
 * Prefix-stable, which streaming relies on: a part is only cut once the text runs past it, and the cut depends only
 * on the text up to the limit, so the parts already sent never change as the answer grows; only the last one does.
 */
export function splitAnswer(text: string, limit = MESSAGE_LIMIT): string[] {
	const parts: string[] = [];
	const fences = fenceMap(text);
	let position = 0;
	let carry: Fence | null = null;
	while (position < text.length) {
		const prefix = carry ? `${carry.opener}\n` : '';
		if (prefix.length + text.length - position <= limit) {
			parts.push(prefix + text.slice(position));
			break;
		}
		const end = position + Math.max(1, limit - prefix.length - CLOSER_ROOM);
		const cut = chooseCut(text, position, end, fences);
		const open = fences.openAt(cut);
		let body = prefix + text.slice(position, cut).replace(/\s+$/, '');
		if (open) body += `\n${open.closer}`;
		parts.push(body);
		carry = open;
		position = cut;
		// Outside code, the blank lines at a boundary belong to neither part; inside code they are content.
		if (!open) while (position < text.length && /\s/.test(text[position]!)) position++;
		else if (text[position] === '\n') position++;
	}
	return parts.length ? parts : [''];
}

/** Where to end the part that starts at `start`, cutting no later than `end`. */
function chooseCut(text: string, start: number, end: number, fences: FenceMap): number {
	const floor = start + Math.floor((end - start) * MIN_SHARE);
	const window = text.slice(start, end + 1);
	const candidates: ((index: number) => boolean)[] = [
		// A blank line outside code: cut after it.
		(index) => text.startsWith('\n\n', index - 2) && !fences.openAt(index),
		// The edge of a code block: just before an opening fence line, or just after a closing one.
		(index) => fences.isEdge(index),
		// Any line break, except right after an opening fence (that part would end in an empty block).
		(index) => text[index - 1] === '\n' && !fences.isBodyStart(index),
		// A space.
		(index) => text[index - 1] === ' '
	];
	for (const accept of candidates) {
		for (let index = end; index > floor; index--) if (accept(index)) return index;
	}
	// A hard cut, never between the halves of a surrogate pair (an emoji).
	let cut = start + window.length - 1;
	const code = text.charCodeAt(cut - 1);
	if (code >= 0xd800 && code <= 0xdbff) cut--;
	return Math.max(start + 1, cut);
}

interface FenceMap {
	/** The fence open at `index` (a cut there is inside a code block), or null. */
	openAt(index: number): Fence | null;
	/** Whether `index` is the start of an opening fence line or the position right after a closing fence line. */
	isEdge(index: number): boolean;
	/** Whether `index` is where a code block's first line starts. */
	isBodyStart(index: number): boolean;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Code blocks of the text, from its fence lines (CommonMark: a closing fence is the same character, at least as long). */
function fenceMap(text: string): FenceMap {
	/** `inside`: from the block's first line up to the start of its closing line (a cut there needs a closer). */
	const blocks: { bodyStart: number; closeStart: number; fence: Fence }[] = [];
	const edges = new Set<number>();
	let open: { bodyStart: number; marker: string; fence: Fence } | null = null;
	let lineStart = 0;
	while (lineStart <= text.length) {
		const newline = text.indexOf('\n', lineStart);
		const lineEnd = newline === -1 ? text.length : newline;
		const match = FENCE_LINE.exec(text.slice(lineStart, lineEnd));
		if (match) {
			const marker = match[1]!;
			if (!open) {
				const info = match[2]!.trim().split(/\s+/)[0] ?? '';
				open = { bodyStart: lineEnd + 1, marker, fence: { opener: `${marker}${info.slice(0, 20)}`, closer: marker } };
				edges.add(lineStart);
			} else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && match[2]!.trim() === '') {
				blocks.push({ bodyStart: open.bodyStart, closeStart: lineStart, fence: open.fence });
				edges.add(newline === -1 ? text.length : newline + 1);
				open = null;
			}
		}
		if (newline === -1) break;
		lineStart = newline + 1;
	}
	// An unclosed block (the model stopped, or is still streaming) runs to the end of the text.
	if (open) blocks.push({ bodyStart: open.bodyStart, closeStart: Number.POSITIVE_INFINITY, fence: open.fence });
	return {
		openAt: (index) => blocks.find((block) => index >= block.bodyStart && index <= block.closeStart)?.fence ?? null,
		isEdge: (index) => edges.has(index),
		isBodyStart: (index) => blocks.some((block) => block.bodyStart === index)
	};
}
