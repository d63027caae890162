/** One remembered message of a conversation. */
export interface Turn {
	readonly role: 'user' | 'assistant';
	/** The speaker's display name (user turns), as the model sees it. */
	readonly name?: string;
	readonly authorId?: string;
	readonly content: string;
	/** The turn's size in tokens, framing included, counted once when it was remembered. */
	readonly tokens: number;
	/** Database id when memory is persisted. */
	readonly id?: number;
}

/**
 * The newest turns that fit in `budget` tokens, oldest first. A conversation is never cut in the middle of a turn, and
 * a reply never starts the memory: an assistant turn whose question was dropped is dropped too (the model would see
 * an answer to nothing). When even the newest turn alone is over budget, it is kept anyway: the model must see the
 * message it answers.
 */
export function fitToBudget(turns: readonly Turn[], budget: number): Turn[] {
	let used = 0;
	let first = turns.length;
	for (let index = turns.length - 1; index >= 0; index--) {
		const cost = turns[index]!.tokens;
		if (used + cost > budget && first < turns.length) break;
		used += cost;
		first = index;
	}
	while (first < turns.length - 1 && turns[first]!.role === 'assistant') first++;
	return turns.slice(first);
}

/** Total tokens of some turns. */
export function tokensOf(turns: readonly Turn[]): number {
	let total = 0;
	for (const turn of turns) total += turn.tokens;
	return total;
}
